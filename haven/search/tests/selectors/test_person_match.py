"""The matching engine behind the hub's "find their records": structured details against
every record the caller allows, with the identifiers, address and twin rules that a free-text
search does not have."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from haven.people.models import Person
from haven.search.selectors import PersonDetails, PersonMatch, person_match, person_search
from haven.search.tests.factories import make_address, make_person

pytestmark = pytest.mark.django_db

D = datetime.date


def match(details: PersonDetails, **kwargs: Any) -> list[PersonMatch]:
    kwargs.setdefault("visible", Person.objects.all())
    kwargs.setdefault("stubs", Person.objects.filter(is_restricted=True))
    return person_match(details=details, **kwargs)


def by_id(matches: list[PersonMatch]) -> dict[int, PersonMatch]:
    return {m.person_id: m for m in matches}


class TestIdentifiers:
    def test_an_exact_nhs_number_beats_a_name_typo(self) -> None:
        right = make_person("John", "Smith", nhs_number="9434765919")
        lookalike = make_person("Jon", "Smyth", nhs_number="4010232137")

        matches = match(
            PersonDetails(first_name="Jon", last_name="Smyth", nhs_number="943 476 5919")
        )

        assert matches[0].person_id == right.pk
        assert matches[0].score == 1.0
        assert matches[0].reasons[0] == "NHS number matches"
        other = by_id(matches)[lookalike.pk]
        assert other.score < 0.75
        assert "Different NHS number" in other.reasons

    def test_upn_and_former_upn(self) -> None:
        current = make_person("Kai", "Lee", upn="A123456789012")
        moved = make_person("Ravi", "Shah", upn="B123456789012", former_upn="C123456789012")

        assert match(PersonDetails(upn="a123456789012"))[0].person_id == current.pk
        found = match(PersonDetails(first_name="Ravi", upn="C123456789012"))
        assert found[0].person_id == moved.pk
        assert "Former UPN matches" in found[0].reasons

    def test_a_different_upn_is_a_reason_against(self) -> None:
        kai = make_person("Kai", "Lee", upn="A123456789012")

        found = by_id(match(PersonDetails(first_name="Kai", last_name="Lee", upn="B123456789012")))

        assert "Different UPN" in found[kai.pk].reasons
        assert found[kai.pk].score == pytest.approx(0.7)


class TestAddress:
    def test_the_street_line_is_compared_with_each_address(self) -> None:
        here = make_person("Ivy", "Hall")
        make_address(here, "HV1 2AB", line_1="12 Oak Road")
        elsewhere = make_person("Ivy", "Hall")
        make_address(elsewhere, "HV9 9ZZ", line_1="3 Quarry Lane")

        matches = match(
            PersonDetails(first_name="Ivy", last_name="Hall", address="12 Oak Road, Haven")
        )

        assert matches[0].person_id == here.pk
        assert "Address matches" in matches[0].reasons
        assert not any("Address" in r for r in by_id(matches)[elsewhere.pk].reasons)
        assert by_id(matches)[elsewhere.pk].score < matches[0].score


class TestTwins:
    def test_a_twin_is_a_separate_weaker_candidate_with_the_difference_as_a_reason(self) -> None:
        amy = make_person("Amy", "Patel", date_of_birth=D(2017, 9, 9))
        zoe = make_person("Zoe", "Patel", date_of_birth=D(2017, 9, 9))
        for twin in (amy, zoe):
            make_address(twin, "HV2 3CD", line_1="4 Mill Lane")
        details = {"last_name": "Patel", "date_of_birth": D(2017, 9, 9), "postcode": "HV2 3CD"}

        for named, other in ((amy, zoe), (zoe, amy)):
            found = match(PersonDetails(first_name=named.first_name, **details))
            assert [m.person_id for m in found] == [named.pk, other.pk]
            assert found[0].score == 1.0
            assert found[1].score < 0.6
            assert f"Different first name: {other.first_name}" in found[1].reasons
            assert "Same surname and date of birth: may be a twin or sibling" in found[1].reasons


def person_search_as_duty(query: str) -> list[PersonMatch]:
    from haven.search.tests.factories import make_staff_user

    return person_search(user=make_staff_user("duty"), query=query)


class TestScope:
    def test_only_the_callers_people_and_restricted_ones_as_stubs(self) -> None:
        shown = make_person("John", "Smith", nhs_number="9434765919")
        hidden = make_person("John", "Smith")
        restricted = make_person("John", "Smith", is_restricted=True)

        found = by_id(
            match(
                PersonDetails(first_name="John", last_name="Smith"),
                visible=Person.objects.exclude(pk=hidden.pk),
            )
        )

        assert set(found) == {shown.pk, restricted.pk}
        stub = found[restricted.pk]
        assert (stub.restricted, stub.full_name, stub.reasons, stub.date_of_birth) == (
            True,
            "Restricted record",
            (),
            None,
        )

    def test_a_merged_record_is_found_by_neither_search_nor_matching(self) -> None:
        kept = make_person("John", "Smith", nhs_number="9434765919")
        merged = make_person("John", "Smith", merged_into=kept)

        assert [
            m.person_id for m in match(PersonDetails(first_name="John", last_name="Smith"))
        ] == [kept.pk]
        assert merged.pk not in [m.person_id for m in person_search_as_duty("John Smith")]

    def test_no_details_no_query(self, django_assert_num_queries: Any) -> None:
        with django_assert_num_queries(0):
            assert match(PersonDetails(address="12 Oak Road")) == []
