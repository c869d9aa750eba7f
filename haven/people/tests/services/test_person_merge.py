"""Merging two records of one person and reversing the merge (haven/people/merging.py)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from haven.access import policy
from haven.access.models import AccessGrant
from haven.casework import services as casework_services
from haven.casework.models import CaseNote
from haven.core.errors import RuleBroken
from haven.core.models import AuditEvent, HistoryRow
from haven.core.tests import factories as f
from haven.frontdoor.models import ContactPerson
from haven.frontdoor.tests.matching_helpers import contact_naming, hub_officer
from haven.people import merging
from haven.people.models import (
    Address,
    Person,
    PersonDisability,
    PersonMerge,
    PersonMergeMove,
    Relationship,
)
from haven.referrals import services as referral_services
from haven.workforce.models import Allocation

pytestmark = pytest.mark.django_db

D = datetime.date


def foreign_keys() -> dict[str, list[tuple[Any, Any]]]:
    """Every foreign key to a person, everywhere, and who each record was merged into."""
    found = {
        link.key: sorted(
            link.model._base_manager.values_list("pk", link.field.attname)  # type: ignore[attr-defined]
        )
        for link in merging.person_links()
    }
    found["people.Person.merged_into"] = sorted(Person.objects.values_list("pk", "merged_into"))
    return found


@pytest.fixture
def duty():
    """Emergency duty: may allocate, and so merge, any record in the authority."""
    return f.staff_user()


@pytest.fixture
def pair(duty):
    """The same girl twice: the record the team knows, and one the hub added by mistake, each
    with a history of its own, some of it repeated."""
    kept = f.ChildFactory(first_name="Lily", last_name="Evans", date_of_birth=D(2017, 4, 2))
    added = f.ChildFactory(first_name="Lilly", last_name="Evans", date_of_birth=D(2017, 4, 2))
    mother = f.AdultFactory(first_name="Dawn", last_name="Evans")
    worker = f.WorkerFactory()
    f.allocate(kept, duty, worker, D(2026, 1, 5))
    f.open_episode(kept, duty, D(2026, 3, 2))
    casework_services.case_note_add(acting_user=duty, child=kept, title="Visit", body="Seen.")
    Relationship.objects.create(person=kept, related_person=mother, kind="MOTHER")
    PersonDisability.objects.create(person=kept, code="AUT")

    old = f.open_episode(added, duty, D(2025, 1, 6))
    referral_services.episode_close(
        acting_user=duty, episode=old, closure_date=D(2025, 2, 3), closure_reason="RC7"
    )
    Allocation.objects.create(
        child=added,
        worker=worker,
        team=worker.team,
        start_date=D(2025, 1, 6),
        end_date=D(2025, 2, 3),
        created_by=duty,
    )
    casework_services.case_note_add(acting_user=duty, child=added, title="Call", body="Aunt rang.")
    Relationship.objects.create(person=added, related_person=mother, kind="MOTHER")  # repeated
    uncle = f.AdultFactory(first_name="Rob", last_name="Evans")
    Relationship.objects.create(person=added, related_person=uncle, kind="OTHER_RELATIVE")
    PersonDisability.objects.create(person=added, code="AUT")  # repeated
    PersonDisability.objects.create(person=added, code="LD")
    Address.objects.create(
        person=added,
        line_1="7 River Walk",
        town="Haven",
        postcode="HV3 4EF",
        start_date=D(2024, 1, 1),
    )
    named = contact_naming(hub_officer(), first_name="Lilly", last_name="Evans")
    ContactPerson.objects.filter(pk=named.pk).update(person=added)
    return kept, added


def merge(user: Any, kept: Person, added: Person, reason: str = "Same NHS number") -> PersonMerge:
    return merging.person_merge(acting_user=user, survivor=kept, duplicate=added, reason=reason)


class TestMerge:
    def test_everything_moves_to_the_kept_record_and_the_other_is_kept_too(self, duty, pair):
        kept, added = pair

        done = merge(duty, kept, added)

        added.refresh_from_db()
        assert added.merged_into_id == kept.pk
        assert Person.objects.filter(pk=added.pk).exists()
        assert sorted(CaseNote.objects.filter(child=kept).values_list("title", flat=True)) == [
            "Call",
            "Visit",
        ]
        assert kept.episodes.count() == 2
        assert kept.allocations.count() == 2
        assert kept.addresses.get().line_1 == "7 River Walk"
        assert ContactPerson.objects.get(person=kept).first_name == "Lilly"
        assert sorted(kept.disabilities.values_list("code", flat=True)) == ["AUT", "LD"]
        assert sorted(kept.relationships.values_list("kind", flat=True)) == [
            "MOTHER",
            "OTHER_RELATIVE",
        ]
        # The repeats stay with the merged record, which keeps them.
        assert list(added.disabilities.values_list("code", flat=True)) == ["AUT"]
        assert list(added.relationships.values_list("kind", flat=True)) == ["MOTHER"]
        # An episode, an allocation, a note, an address, a contact, a code and a relative.
        assert done.moves.count() == 7

    def test_the_history_triggers_record_every_move(self, duty, pair):
        kept, added = pair
        before = HistoryRow.objects.count()

        done = merge(duty, kept, added)

        # Each move, the merged record's mark, and the merge's own rows (itself and its moves).
        moves = done.moves.count()
        assert HistoryRow.objects.count() - before == moves + 1 + 1 + moves

    def test_the_merge_is_audited_on_both_records(self, duty, pair):
        kept, added = pair

        done = merge(duty, kept, added)

        rows = AuditEvent.objects.filter(object_type="people.personmerge", object_id=str(done.pk))
        assert sorted(rows.values_list("child_id", "detail")) == sorted(
            [
                (kept.pk, f"record {added.pk} merged into this record"),
                (added.pk, f"merged into record {kept.pk}"),
            ]
        )

    def test_case_notes_stay_append_only_outside_a_merge(self, duty, pair):
        kept, added = pair
        note = CaseNote.objects.filter(child=added).get()

        with pytest.raises(IntegrityError), transaction.atomic():
            CaseNote.objects.filter(pk=note.pk).update(child=kept)

    def test_a_merge_cannot_change_a_notes_words(self, duty, pair):
        kept, added = pair
        note = CaseNote.objects.filter(child=added).get()

        with transaction.atomic():
            merging._allow_case_note_moves()
            with pytest.raises(IntegrityError), transaction.atomic():
                CaseNote.objects.filter(pk=note.pk).update(body="Rewritten.")


class TestReverse:
    def test_reversing_leaves_every_foreign_key_as_it_was(self, duty, pair):
        kept, added = pair
        before = foreign_keys()
        done = merge(duty, kept, added)
        assert foreign_keys() != before

        merging.person_merge_reverse(acting_user=duty, merge=done, reason="They are cousins.")

        assert foreign_keys() == before
        done.refresh_from_db()
        assert (done.reversed_by, done.reversal_reason) == (duty, "They are cousins.")
        assert PersonMergeMove.objects.filter(merge=done).count() == 7  # kept as the record

    def test_what_was_recorded_after_the_merge_stays(self, duty, pair):
        kept, added = pair
        done = merge(duty, kept, added)
        later = casework_services.case_note_add(
            acting_user=duty, child=kept, title="Later", body="After the merge."
        )

        merging.person_merge_reverse(acting_user=duty, merge=done, reason="Not the same girl.")

        assert CaseNote.objects.get(pk=later.pk).child_id == kept.pk
        assert list(CaseNote.objects.filter(child=added).values_list("title", flat=True)) == [
            "Call"
        ]

    def test_the_reversal_is_audited_on_both_records(self, duty, pair):
        kept, added = pair
        done = merge(duty, kept, added)

        merging.person_merge_reverse(acting_user=duty, merge=done, reason="Twins.")

        assert AuditEvent.objects.filter(child_id=kept.pk, detail__endswith="reversed").exists()
        assert AuditEvent.objects.filter(child_id=added.pk, detail__endswith="reversed").exists()

    def test_a_merge_is_reversed_once(self, duty, pair):
        kept, added = pair
        done = merge(duty, kept, added)
        merging.person_merge_reverse(acting_user=duty, merge=done, reason="Twins.")

        with pytest.raises(RuleBroken, match="already been reversed"):
            merging.person_merge_reverse(acting_user=duty, merge=done, reason="Again.")

    def test_a_later_merge_of_the_kept_record_is_reversed_first(self, duty, pair):
        kept, added = pair
        done = merge(duty, kept, added)
        third = f.ChildFactory(first_name="Lily", last_name="Evans")
        merge(duty, third, kept)

        with pytest.raises(RuleBroken, match="reverse that merge first"):
            merging.person_merge_reverse(acting_user=duty, merge=done, reason="Twins.")

    def test_a_reason_is_needed(self, duty, pair):
        kept, added = pair
        done = merge(duty, kept, added)

        with pytest.raises(RuleBroken) as error:
            merging.person_merge_reverse(acting_user=duty, merge=done, reason=" ")
        assert error.value.field == "reason"


class TestRefused:
    def refused(self, user: Any, kept: Person, added: Person, reason: str = "Same child") -> str:
        before = f.db_snapshot(), foreign_keys()
        with pytest.raises(RuleBroken) as error:
            merge(user, kept, added, reason)
        assert (f.db_snapshot(), foreign_keys()) == before
        return error.value.message

    def test_a_record_into_itself(self, duty, pair):
        kept, _ = pair
        assert self.refused(duty, kept, kept) == "A record cannot be merged into itself."

    def test_a_child_into_an_adult(self, duty, pair):
        kept, _ = pair
        adult = f.AdultFactory(first_name="Lily", last_name="Evans")
        assert self.refused(duty, adult, kept).startswith("A child's record cannot be merged")

    def test_an_already_merged_record(self, duty, pair):
        kept, added = pair
        merge(duty, kept, added)
        third = f.ChildFactory()
        assert "already been merged" in self.refused(duty, third, added)
        assert "merge into that record instead" in self.refused(duty, added, third)

    def test_two_open_episodes(self, duty, pair):
        kept, _ = pair
        other = f.ChildFactory(first_name="Lily", last_name="Evans")
        f.open_episode(other, duty, D(2026, 3, 9))
        assert self.refused(duty, kept, other).startswith("Both records have an open episode")

    def test_people_recorded_as_related_are_two_people(self, duty, pair):
        kept, _ = pair
        twin = f.ChildFactory(first_name="Lucy", last_name="Evans", date_of_birth=D(2017, 4, 2))
        Relationship.objects.create(person=kept, related_person=twin, kind="SIBLING")
        assert "(sibling), so they are two people" in self.refused(duty, kept, twin)

    def test_a_restricted_record_with_one_that_is_not(self, duty, pair):
        kept, added = pair
        Person.objects.filter(pk=added.pk).update(is_restricted=True)
        # Even with a named grant to the restricted one (without it, it is not theirs to merge).
        AccessGrant.objects.create(
            user=duty,
            child=added,
            kind="EXPLICIT",
            reason_category="WORK",
            reason="Merging duplicate records of the same child.",
            granted_by=duty,
        )
        assert "One record is restricted" in self.refused(duty, kept, added)

    def test_overlapping_allocations(self, duty, pair):
        kept, _ = pair
        other = f.ChildFactory(first_name="Lily", last_name="Evans")
        f.allocate(other, duty, f.WorkerFactory(), D(2026, 2, 2))
        message = self.refused(duty, kept, other)
        assert message.startswith("These records cannot be merged because of their allocations")

    def test_no_reason(self, duty, pair):
        kept, added = pair
        assert self.refused(duty, kept, added, reason="  ").startswith("Say how you know")

    @pytest.mark.parametrize("role", ["SOCIAL_WORKER", "MASH_OFFICER", "AUDITOR", "SENIOR_LEADER"])
    def test_roles_that_may_not_allocate(self, pair, role):
        kept, added = pair
        with pytest.raises(policy.AccessDenied):
            merge(f.staff_user(role=role), kept, added)
        assert Person.objects.get(pk=added.pk).merged_into_id is None

    def test_a_manager_needs_a_relationship_with_both_records(self, duty, pair):
        kept, added = pair
        team = Allocation.objects.filter(child=kept, end_date__isnull=True).get().team
        manager = f.staff_user(role="TEAM_MANAGER", team=team)
        team.manager = manager.worker
        team.save()
        assert policy.can(manager, merging.MERGE_CAPABILITY, kept)

        with pytest.raises(policy.AccessDenied):
            merge(manager, kept, added)

        # Once the other record is theirs too (they added it), they may merge.
        Person.objects.filter(pk=added.pk).update(created_by=manager)
        merge(manager, kept, added)
        assert Person.objects.get(pk=added.pk).merged_into_id == kept.pk
