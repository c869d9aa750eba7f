"""Matching the people named in a contact with the records Haven already has: a table of hard
cases, and who may see what (haven/frontdoor/matching.py)."""

from __future__ import annotations

import pytest

from haven.access import policy
from haven.core.models import AuditEvent
from haven.core.tests import factories as f
from haven.frontdoor import matching
from haven.frontdoor.tests.matching_helpers import D, contact_naming, decide, hub_officer, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return hub_officer()


@pytest.fixture
def records():
    """Records already in Haven, some of them easy to confuse."""
    return {
        "john": person("John", "Smith", D(2015, 5, 3), postcode="HV1 2AB", line_1="12 Oak Road"),
        "steven": person("Steven", "Jones", D(2014, 1, 20)),
        "william": person("William", "Turner", D(2013, 2, 1)),
        "sara": person("Sara", "Khan", D(2016, 7, 8)),
        "sara_hyphenated": person("Sara", "Ali-Khan", D(2016, 7, 8)),
        "amy": person("Amy", "Patel", D(2017, 9, 9), postcode="HV2 3CD", line_1="4 Mill Lane"),
        "zoe": person("Zoe", "Patel", D(2017, 9, 9), postcode="HV2 3CD", line_1="4 Mill Lane"),
        "unrelated": person("Oliver", "Wright", D(2012, 12, 12)),
    }


# (what the referrer said, the record expected first, a reason it must give, the lowest score)
HARD_CASES = [
    pytest.param(
        {"first_name": "Jonh", "last_name": "Smith", "date_of_birth": D(2015, 5, 3)},
        "john",
        "Sounds like John",
        0.9,
        id="typo in the first name",
    ),
    pytest.param(
        {"first_name": "John", "last_name": "Smtih"},
        "john",
        "Spelt like Smith",
        0.8,
        id="typo in the surname",
    ),
    pytest.param(
        {"first_name": "Stephen", "last_name": "Jones", "date_of_birth": D(2014, 1, 20)},
        "steven",
        "Sounds like Steven",
        0.9,
        id="sound-alike",
    ),
    pytest.param(
        {"first_name": "Bill", "last_name": "Turner", "date_of_birth": D(2013, 2, 1)},
        "william",
        "Bill is short for William",
        0.9,
        id="nickname",
    ),
    pytest.param(
        {"first_name": "Smith", "last_name": "John", "date_of_birth": D(2015, 5, 3)},
        "john",
        "First name and surname in the other order",
        1.0,
        id="names reordered",
    ),
    pytest.param(
        {"first_name": "John", "last_name": "Smith", "date_of_birth": D(2015, 3, 5)},
        "john",
        "Date of birth matches with day and month swapped",
        0.85,
        id="day and month transposed",
    ),
    pytest.param(
        {"first_name": "Sara", "last_name": "Khan", "date_of_birth": D(2016, 7, 8)},
        "sara",
        "Date of birth matches",
        1.0,
        id="plain surname beats the hyphenated one",
    ),
    pytest.param(
        {"first_name": "Sara", "last_name": "Ali-Khan", "date_of_birth": D(2016, 7, 8)},
        "sara_hyphenated",
        "Surname Ali-Khan",
        1.0,
        id="hyphenated surname beats one of its parts",
    ),
    pytest.param(
        {"first_name": "Sara", "last_name": "Ali Khan"},
        "sara_hyphenated",
        "Surname Ali-Khan",
        1.0,
        id="hyphenated surname typed with a space",
    ),
    pytest.param(
        {"first_name": "J", "last_name": "Smith", "postcode": "hv1 2ab", "address": "12 Oak Road"},
        "john",
        "Postcode matches",
        0.6,
        id="initial, postcode and address",
    ),
    pytest.param(
        {"first_name": "Amy", "last_name": "Patel", "date_of_birth": D(2017, 9, 9)},
        "amy",
        "Date of birth matches",
        1.0,
        id="a twin: the right one first",
    ),
]


@pytest.mark.parametrize(("described", "expected", "reason", "lowest_score"), HARD_CASES)
def test_hard_cases(officer, records, described, expected, reason, lowest_score):
    named = contact_naming(officer, **described)

    matches = matching.contact_person_candidates(user=officer, named=named)

    best = matches[0]
    assert best.person_id == records[expected].pk, [(m.full_name, m.score) for m in matches]
    assert reason in best.reasons
    assert best.score >= lowest_score
    assert records["unrelated"].pk not in [m.person_id for m in matches]
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_the_other_part_of_a_hyphenated_name_is_still_shown(officer, records):
    named = contact_naming(officer, first_name="Sara", last_name="Khan")

    matches = {
        m.person_id: m for m in matching.contact_person_candidates(user=officer, named=named)
    }

    assert "Part of the surname Ali-Khan" in matches[records["sara_hyphenated"].pk].reasons


@pytest.mark.parametrize(("named", "twin"), [("amy", "zoe"), ("zoe", "amy")])
def test_twins_are_two_candidates_and_never_the_same_person(officer, records, named, twin):
    child, other = records[named], records[twin]
    entry = contact_naming(
        officer,
        first_name=child.first_name,
        last_name="Patel",
        date_of_birth=D(2017, 9, 9),
        address="4 Mill Lane, Haven",
        postcode="HV2 3CD",
    )

    matches = matching.contact_person_candidates(user=officer, named=entry)

    assert [m.person_id for m in matches] == [child.pk, other.pk]
    assert matches[0].score == 1.0
    assert matches[0].reasons == (
        f"Name matches ‘{child.first_name.lower()} patel’",
        "Date of birth matches",
        "Postcode matches",
        "Address matches",
    )
    assert matches[1].score < 0.6
    assert f"Different first name: {other.first_name}" in matches[1].reasons
    assert "Same surname and date of birth: may be a twin or sibling" in matches[1].reasons


def test_a_restricted_record_is_only_a_stub(officer):
    hidden = person("Rita", "Hughes", D(2016, 1, 5), is_restricted=True)
    named = contact_naming(officer, first_name="Rita", last_name="Hughes")

    (stub,) = matching.contact_person_candidates(user=officer, named=named)

    assert (stub.person_id, stub.restricted, stub.full_name) == (
        hidden.pk,
        True,
        "Restricted record",
    )
    assert (stub.date_of_birth, stub.postcode, stub.reasons) == (None, "", ())


def test_the_whole_authority_is_searched(officer):
    """The officer has no relationship with the child, but the hub must find the record."""
    known = person("Nora", "North", D(2016, 5, 14))
    assert not policy.can_view_child(officer, known)
    named = contact_naming(officer, first_name="Nora", last_name="North")

    assert [m.person_id for m in matching.contact_person_candidates(user=officer, named=named)] == [
        known.pk
    ]


def test_matching_is_audited_by_kind_never_by_text(officer, records):
    named = contact_naming(
        officer,
        first_name="Jonh",
        last_name="Smith",
        date_of_birth=D(2015, 5, 3),
        postcode="HV1 2AB",
    )
    before = AuditEvent.objects.count()

    matching.contact_person_candidates(user=officer, named=named)

    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.latest("pk")
    assert (event.actor, event.action, event.object_type, event.object_id) == (
        officer,
        "SEARCH",
        "person_match",
        str(named.pk),
    )
    assert event.detail == "hub matching by first name, surname, date of birth, postcode"
    assert "smith" not in event.detail.lower()


@pytest.mark.parametrize("role", ["SOCIAL_WORKER", "TEAM_MANAGER", "SENIOR_LEADER", "PARTNER"])
def test_only_the_hub_matches(officer, role):
    named = contact_naming(officer, first_name="John", last_name="Smith")

    with pytest.raises(policy.AccessDenied):
        matching.contact_person_candidates(user=f.staff_user(role=role), named=named)


class TestTheContactsPeople:
    def test_linked_people_and_decided_contacts_are_not_matched_again(self, officer, records):
        named = contact_naming(officer, first_name="John", last_name="Smith")

        (open_entry,) = matching.contact_people_matching(user=officer, contact=named.contact)
        assert records["john"].pk in [m.person_id for m in open_entry.candidates]
        assert open_entry.can_change

        decide(named.contact)
        named.contact.refresh_from_db()
        (decided_entry,) = matching.contact_people_matching(user=officer, contact=named.contact)
        assert decided_entry.candidates == ()
        assert not decided_entry.can_change
