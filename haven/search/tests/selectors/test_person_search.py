from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection, transaction

from haven.access import policy
from haven.core.models import AuditEvent
from haven.people.models import Person
from haven.search import selectors
from haven.search.selectors import PersonMatch, person_search
from haven.search.tests.factories import make_address, make_person

pytestmark = pytest.mark.django_db


def find(matches: list[PersonMatch], person: Person) -> PersonMatch:
    found = [m for m in matches if m.person_id == person.pk]
    assert found, f"{person} not in {[m.full_name for m in matches]}"
    return found[0]


def ids(matches: list[PersonMatch]) -> list[int]:
    return [m.person_id for m in matches]


class TestNameMatching:
    def test_typo_in_both_names(self, staff_user: Any) -> None:
        john = make_person("John", "Smith")
        make_person("Mary", "Jones")

        matches = person_search(user=staff_user, query="Jonh Smtih")

        match = find(matches, john)
        assert match.reasons[0].startswith("Name similar to ‘jonh smtih’ (")
        assert "Sounds like John" in match.reasons
        assert "Spelt like Smith" in match.reasons
        assert ids(matches) == [john.pk]

    def test_sound_alike_surname(self, staff_user: Any) -> None:
        smith = make_person("Ann", "Smith")
        make_person("Ann", "Jones")

        matches = person_search(user=staff_user, query="Smyth")

        assert "Sounds like Smith" in find(matches, smith).reasons
        assert ids(matches) == [smith.pk]

    def test_part_of_a_hyphenated_surname(self, staff_user: Any) -> None:
        hyphenated = make_person("Amy", "Smith-Jones")

        matches = person_search(user=staff_user, query="Jones")

        assert "Part of the surname Smith-Jones" in find(matches, hyphenated).reasons

    def test_hyphenated_surname_typed_as_two_words(self, staff_user: Any) -> None:
        hyphenated = make_person("Amy", "Smith-Jones")
        make_person("Amy", "Jones")

        matches = person_search(user=staff_user, query="Smith Jones")

        assert matches[0].person_id == hyphenated.pk
        assert matches[0].reasons == ("Name matches ‘smith jones’", "Surname Smith-Jones")

    def test_names_in_the_other_order(self, staff_user: Any) -> None:
        john = make_person("John", "Smith")

        matches = person_search(user=staff_user, query="Smith John")

        match = find(matches, john)
        assert match.score == 1.0
        assert "First name and surname in the other order" in match.reasons

    def test_nickname_finds_the_formal_name(self, staff_user: Any) -> None:
        robert = make_person("Robert", "Brown")
        make_person("Rachel", "Brown")

        matches = person_search(user=staff_user, query="Bob Brown")

        assert matches[0].person_id == robert.pk
        assert "Bob is short for Robert" in matches[0].reasons

    def test_formal_name_finds_a_nickname(self, staff_user: Any) -> None:
        bill = make_person("Bill", "Turner")

        matches = person_search(user=staff_user, query="William Turner")

        assert "Bill is short for William" in find(matches, bill).reasons

    def test_known_as_name(self, staff_user: Any) -> None:
        tiny = make_person("Robert", "Brown", known_as="Tiny")

        matches = person_search(user=staff_user, query="Tiny Brown")

        match = find(matches, tiny)
        assert "Known as Tiny" in match.reasons
        assert match.known_as == "Tiny"

    def test_apostrophes_are_ignored(self, staff_user: Any) -> None:
        obrien = make_person("Sean", "O'Brien")

        matches = person_search(user=staff_user, query="sean obrien")

        assert find(matches, obrien).score == 1.0

    def test_adults_are_found_too(self, staff_user: Any) -> None:
        adult = make_person("Dawn", "Price", kind=Person.Kind.ADULT)

        matches = person_search(user=staff_user, query="Dawn Price")

        match = find(matches, adult)
        assert match.kind == Person.Kind.ADULT
        assert not match.is_child

    def test_unrelated_names_are_not_found(self, staff_user: Any) -> None:
        make_person("Oliver", "Wright")

        assert person_search(user=staff_user, query="Priya Patel") == []


class TestOrdering:
    def test_exact_name_beats_fuzzy_ones(self, staff_user: Any) -> None:
        smyth = make_person("Jon", "Smyth")
        hyphenated = make_person("John", "Smith-Jones")
        exact = make_person("John", "Smith")

        matches = person_search(user=staff_user, query="John Smith")

        assert ids(matches)[0] == exact.pk
        assert matches[0].score == 1.0
        assert matches[0].reasons == ("Name matches ‘john smith’",)
        assert set(ids(matches)) == {exact.pk, hyphenated.pk, smyth.pk}
        assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
        assert all(0 < m.score <= 1 for m in matches)

    def test_date_of_birth_lifts_the_right_person(self, staff_user: Any) -> None:
        make_person("Sam", "Smith", date_of_birth=datetime.date(2014, 1, 20))
        right = make_person("Sam", "Smith", date_of_birth=datetime.date(2015, 5, 3))

        matches = person_search(
            user=staff_user, query="Sam Smith", date_of_birth=datetime.date(2015, 5, 3)
        )

        assert matches[0].person_id == right.pk
        assert matches[0].score == 1.0
        assert "Date of birth matches" in matches[0].reasons
        assert matches[1].score < 1.0

    def test_limit(self, staff_user: Any) -> None:
        for n in range(5):
            make_person("Ava", "Green", date_of_birth=datetime.date(2010 + n, 1, 20))

        assert len(person_search(user=staff_user, query="Ava Green", limit=3)) == 3


class TestIdentifiers:
    def test_nhs_number_with_spaces(self, staff_user: Any) -> None:
        person = make_person("Kai", "Lee", nhs_number="9434765919")
        make_person("Kai", "Lea", nhs_number="9434765870")

        matches = person_search(user=staff_user, query="943 476 5919")

        assert ids(matches) == [person.pk]
        assert matches[0].reasons == ("NHS number matches",)
        assert matches[0].score == 1.0

    def test_upn(self, staff_user: Any) -> None:
        person = make_person("Kai", "Lee", upn="A123456789012")

        matches = person_search(user=staff_user, query="a123456789012")

        assert ids(matches) == [person.pk]
        assert "UPN matches" in matches[0].reasons

    def test_former_upn(self, staff_user: Any) -> None:
        person = make_person("Kai", "Lee", upn="B123456789012", former_upn="A123456789012")

        matches = person_search(user=staff_user, query="A123456789012")

        assert matches[0].reasons == ("Former UPN matches",)
        assert ids(matches) == [person.pk]

    def test_la_child_id(self, staff_user: Any) -> None:
        person = make_person("Kai", "Lee", la_child_id="HBC000123")
        make_person("Kai", "Lee", la_child_id="HBC000124")

        matches = person_search(user=staff_user, query="HBC000123")

        assert ids(matches) == [person.pk]
        assert matches[0].reasons == ("LA child ID matches",)

    def test_postcode_in_any_case_and_spacing(self, staff_user: Any) -> None:
        person = make_person("Kai", "Lee")
        make_address(person, "HV1 2AB")
        make_address(make_person("Ivy", "Hall"), "HV1 2AC")

        matches = person_search(user=staff_user, query="hv12ab")

        assert ids(matches) == [person.pk]
        assert matches[0].reasons == ("Postcode matches",)
        assert matches[0].postcode == "HV1 2AB"

    def test_name_and_postcode_together(self, staff_user: Any) -> None:
        here = make_person("Kai", "Lee")
        make_address(here, "HV1 2AB")
        elsewhere = make_person("Kai", "Lee")
        make_address(elsewhere, "HV9 9ZZ")

        matches = person_search(user=staff_user, query="Kai Lee HV1 2AB")

        assert ids(matches)[0] == here.pk
        assert "Postcode matches" in matches[0].reasons
        assert matches[0].score > find(matches, elsewhere).score


class TestDateOfBirth:
    def test_exact(self, staff_user: Any) -> None:
        person = make_person("Zara", "Khan", date_of_birth=datetime.date(2015, 5, 3))
        make_person("Zara", "Khan", date_of_birth=datetime.date(2015, 5, 4))

        matches = person_search(user=staff_user, date_of_birth=datetime.date(2015, 5, 3))

        assert ids(matches) == [person.pk]
        assert matches[0].reasons == ("Date of birth matches",)

    def test_day_and_month_swapped(self, staff_user: Any) -> None:
        person = make_person("Zara", "Khan", date_of_birth=datetime.date(2015, 5, 3))

        matches = person_search(user=staff_user, date_of_birth=datetime.date(2015, 3, 5))

        assert ids(matches) == [person.pk]
        assert matches[0].reasons == ("Date of birth matches with day and month swapped",)
        assert matches[0].score < 1.0

    def test_no_swap_when_the_day_is_over_12(self, staff_user: Any) -> None:
        make_person("Zara", "Khan", date_of_birth=datetime.date(2015, 5, 3))

        assert person_search(user=staff_user, date_of_birth=datetime.date(2015, 3, 25)) == []

    def test_expected_date_of_birth_of_an_unborn_child(self, staff_user: Any) -> None:
        unborn = make_person(
            "Baby", "Khan", date_of_birth=None, expected_date_of_birth=datetime.date(2026, 9, 1)
        )

        matches = person_search(user=staff_user, date_of_birth=datetime.date(2026, 9, 1))

        assert ids(matches) == [unborn.pk]
        assert matches[0].reasons == ("Expected date of birth matches",)

    def test_a_shared_birthday_alone_does_not_match_a_name_search(self, staff_user: Any) -> None:
        make_person("Oliver", "Wright", date_of_birth=datetime.date(2015, 5, 3))

        matches = person_search(
            user=staff_user, query="Priya Patel", date_of_birth=datetime.date(2015, 5, 3)
        )

        assert matches == []


class TestAccess:
    def test_a_user_who_is_not_staff_finds_no_one(self, other_user: Any) -> None:
        make_person("John", "Smith")

        assert person_search(user=other_user, query="John Smith") == []

    def test_people_outside_the_policy_are_never_returned(
        self, staff_user: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        visible = make_person("John", "Smith", nhs_number="9434765919")
        hidden = make_person("John", "Smith", nhs_number="9434765870")
        make_address(hidden, "HV1 2AB")
        make_address(visible, "HV1 2AB")
        real = policy.search_scope

        def scope_without_hidden(user: Any) -> Any:
            searchable, stubs = real(user)
            return searchable.exclude(pk=hidden.pk), stubs

        monkeypatch.setattr(policy, "search_scope", scope_without_hidden)

        for query, dob in [
            ("John Smith", None),
            ("Jonh Smtih", None),
            ("9434765870", None),
            ("HV1 2AB", None),
            ("", datetime.date(2015, 5, 3)),
        ]:
            matches = person_search(user=staff_user, query=query, date_of_birth=dob)
            assert hidden.pk not in ids(matches), query


class TestEfficiency:
    def test_query_count_does_not_grow_with_the_matches(
        self, staff_user: Any, django_assert_max_num_queries: Any
    ) -> None:
        for n in range(30):
            make_address(make_person("Lily", "Evans", la_child_id=f"E{n}"), "HV1 2AB")

        # The user's role, SAVEPOINT, thresholds and codes, search, audit insert, RELEASE, and
        # which matches are restricted stubs.
        with django_assert_max_num_queries(7):
            few = person_search(user=staff_user, query="Lily Evans", limit=2)
        with django_assert_max_num_queries(7):
            many = person_search(user=staff_user, query="Lily Evans", limit=30)
        with django_assert_max_num_queries(6):
            person_search(user=staff_user, query="", date_of_birth=datetime.date(2015, 5, 3))

        assert (len(few), len(many)) == (2, 30)
        assert all(m.postcode == "HV1 2AB" for m in many)

    def test_the_name_routes_can_use_the_gin_indexes(self, staff_user: Any) -> None:
        """The expressions in the query must be the indexed ones, or 500,000 rows are read."""
        make_person("John", "Smith")
        captured: list[tuple[str, Any]] = []

        def capture(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            if "WITH q AS" in sql:
                captured.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(capture):
            person_search(user=staff_user, query="John Smith")
        sql, params = captured[0]
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())

        assert "person_search_name_keys_gin" in plan
        assert "person_search_name_trgm" in plan

    def test_empty_query_returns_nothing_without_a_query(
        self, staff_user: Any, django_assert_num_queries: Any
    ) -> None:
        make_person("John", "Smith")

        with django_assert_num_queries(0):
            assert person_search(user=staff_user, query="   ") == []
            assert person_search(user=staff_user) == []


class TestAudit:
    def test_a_name_search_is_audited_without_the_text(self, staff_user: Any) -> None:
        make_person("John", "Smith")

        person_search(user=staff_user, query="John Smith")

        event = AuditEvent.objects.get()
        assert (event.actor, event.action, event.object_type, event.detail) == (
            staff_user,
            "SEARCH",
            "person_search",
            "name",
        )
        assert event.child_id is None
        assert "smith" not in f"{event.detail} {event.object_id}".lower()

    @pytest.mark.parametrize(
        ("query", "date_of_birth", "detail"),
        [
            ("943 476 5919", None, "identifier"),
            ("HV1 2AB", None, "identifier"),
            ("Smith", datetime.date(2015, 5, 3), "name"),
            ("", datetime.date(2015, 5, 3), "date of birth"),
        ],
    )
    def test_the_kind_of_search_is_recorded(
        self, staff_user: Any, query: str, date_of_birth: datetime.date | None, detail: str
    ) -> None:
        person_search(user=staff_user, query=query, date_of_birth=date_of_birth)

        assert list(AuditEvent.objects.values_list("detail", flat=True)) == [detail]

    def test_a_search_that_finds_nothing_is_still_audited(self, staff_user: Any) -> None:
        person_search(user=staff_user, query="Nobody Here")

        assert AuditEvent.objects.filter(action="SEARCH").count() == 1


def test_swapped_day_and_month() -> None:
    assert selectors.swapped_day_and_month(datetime.date(2015, 5, 3)) == datetime.date(2015, 3, 5)
    assert selectors.swapped_day_and_month(datetime.date(2015, 5, 13)) is None
    assert selectors.swapped_day_and_month(datetime.date(2015, 5, 5)) is None


class TestKeysAgreeWithTheIndex:
    @pytest.mark.parametrize("word", ["thhompson", "smith", "zoë", "o'brien", "ab"])
    def test_python_letter_set_is_the_sql_one(self, word: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT person_search_letter_set(%s)", [word])
            assert cursor.fetchone()[0] == selectors.letter_set(word)

    def test_doubled_letter_in_a_surname(self, staff_user: Any) -> None:
        thompson = make_person("Amir", "Thompson")

        matches = person_search(user=staff_user, query="Thhompson")

        assert "Spelt like Thompson" in find(matches, thompson).reasons


class TestWordsArePaired:
    def test_one_word_cannot_be_both_first_name_and_surname(self, staff_user: Any) -> None:
        mohamed_ali = make_person("Mohamed", "Ali")
        ali_ali = make_person("Ali", "Ali")

        matches = person_search(user=staff_user, query="Mohamed Ali")

        assert ids(matches)[0] == mohamed_ali.pk
        assert matches[0].score == 1.0
        assert find(matches, ali_ali).score < 0.9

    def test_known_as_is_a_reason_only_when_it_is_what_matched(self, staff_user: Any) -> None:
        john = make_person("John", "Smith", known_as="Johno")

        matches = person_search(user=staff_user, query="John Smith")

        assert find(matches, john).reasons == ("Name matches ‘john smith’",)

    def test_middle_words_and_initials(self, staff_user: Any) -> None:
        john = make_person("John", "Smith")

        matches = person_search(user=staff_user, query="John P Smith")

        assert find(matches, john).score == 1.0
