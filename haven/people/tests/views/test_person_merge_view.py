"""The pages for merging two records of one person and reversing a merge, and what the
records look like afterwards (haven/people/merge_views.py)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from haven.core.models import AuditEvent
from haven.core.tests import factories as f
from haven.people.models import Person, PersonMerge

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def team():
    return f.TeamFactory(name="North")


@pytest.fixture
def manager(team):
    user = f.staff_user(role="TEAM_MANAGER", team=team)
    team.manager = user.worker
    team.save()
    return user


@pytest.fixture
def social_worker(team, manager):
    return f.staff_user(role="SOCIAL_WORKER", team=team, line_manager=manager.worker)


@pytest.fixture
def kept(social_worker):
    child = f.ChildFactory(first_name="Lily", last_name="Evans", date_of_birth=D(2017, 4, 2))
    f.allocate(child, f.staff_user(), social_worker.worker, D(2026, 1, 5))
    return child


@pytest.fixture
def added(social_worker):
    """Added by mistake by someone in the team, nobody allocated yet."""
    return f.ChildFactory(
        first_name="Lilly",
        last_name="Evans",
        date_of_birth=D(2017, 4, 2),
        created_by=social_worker,
    )


def merge_url(child: Person) -> str:
    return reverse("people:person_merge", kwargs={"pk": child.pk})


def merges_url(child: Person) -> str:
    return reverse("people:person_merges", kwargs={"pk": child.pk})


def record_url(child: Person, tab: str = "child_chronology") -> str:
    return reverse(f"people:{tab}", kwargs={"pk": child.pk})


def confirm(client: Client, kept: Person, added: Person, **data: str):
    fields = {"other": str(added.pk), "keep": "this", "reason": "Same NHS number and mother."}
    fields.update(data)
    return client.post(merge_url(kept), fields)


class TestWhoMayMerge:
    def test_only_a_manager_of_both_records(self, kept, added, social_worker):
        for page in (merge_url(kept), merges_url(kept)):
            assert f.redirects_to_sign_in(Client().get(page))
        for user in (
            social_worker,
            f.staff_user(role="AUDITOR"),
            f.staff_user(role="MASH_OFFICER"),
        ):
            client = f.signed_in(Client(), user)
            for page in (merge_url(kept), merges_url(kept)):
                assert client.get(page).status_code == 404
            assert confirm(client, kept, added).status_code == 404
        assert Person.objects.get(pk=added.pk).merged_into_id is None

    def test_a_record_the_manager_may_not_merge_is_not_found(self, client, manager, kept):
        stranger = f.ChildFactory(first_name="Lily", last_name="Evans")

        response = f.signed_in(client, manager).get(
            merge_url(kept), {"record": stranger.la_child_id}
        )

        assert f.error_summary(response) == [
            "There is no record with that number that you can merge. Check it."
        ]
        assert confirm(client, kept, stranger).status_code == 404
        assert Person.objects.get(pk=stranger.pk).merged_into_id is None


class TestMerging:
    def test_find_compare_and_merge(self, client, manager, kept, added):
        signed = f.signed_in(client, manager)
        start = signed.get(merge_url(kept))
        assert f.page_heading(start) == "Merge two records of the same person"

        compared = signed.get(merge_url(kept), {"record": added.la_child_id.lower()})

        html = compared.content.decode()
        assert "The two records side by side" in html
        assert "Lilly Evans" in html
        assert "1 allocation" in html
        assert AuditEvent.objects.filter(
            child_id=added.pk, action="VIEW", detail="compared for a merge"
        ).exists()

        response = confirm(signed, kept, added)

        assert response.status_code == 302
        assert response["Location"] == record_url(kept)
        assert Person.objects.get(pk=added.pk).merged_into_id == kept.pk
        page = signed.get(record_url(kept)).content.decode()
        assert f"Records merged: {added.la_child_id} is now part of this record" in page
        assert f"Record {added.la_child_id} was merged into this record" in page
        assert "Reverse this merge" in page

    def test_keeping_the_other_record(self, client, manager, kept, added):
        response = confirm(f.signed_in(client, manager), kept, added, keep="other")

        assert response["Location"] == record_url(added)
        assert Person.objects.get(pk=kept.pk).merged_into_id == added.pk

    def test_this_record_is_not_the_other(self, client, manager, kept):
        response = f.signed_in(client, manager).get(merge_url(kept), {"record": kept.la_child_id})

        assert f.error_summary(response) == [
            "That is this record. Enter the number of the other record"
        ]

    def test_missing_answers_change_nothing(self, client, manager, kept, added):
        response = confirm(f.signed_in(client, manager), kept, added, keep="", reason="")

        assert response.status_code == 200
        assert f.error_summary(response) == [
            "Select the record you want to keep",
            "Say how you know these records are the same person",
        ]
        assert not PersonMerge.objects.exists()

    def test_a_refusal_is_explained_and_changes_nothing(self, client, manager, kept, added):
        user = f.staff_user()
        f.open_episode(kept, user, D(2026, 3, 2))
        f.open_episode(added, user, D(2026, 3, 9))
        before = f.db_snapshot()

        response = confirm(f.signed_in(client, manager), kept, added)

        assert response.status_code == 200
        (message,) = f.error_summary(response)
        assert message.startswith("Both records have an open episode of need. Close one first")
        assert {k: v for k, v in f.db_snapshot().items() if k != "core.AuditEvent"} == {
            k: v for k, v in before.items() if k != "core.AuditEvent"
        }


class TestAfterTheMerge:
    @pytest.fixture
    def merged(self, client, manager, kept, added):
        confirm(f.signed_in(client, manager), kept, added)
        return PersonMerge.objects.get()

    def test_the_merged_record_leads_to_the_kept_one(self, client, manager, kept, added, merged):
        response = f.signed_in(client, manager).get(record_url(added, "child_family"))

        assert response.status_code == 302
        assert response["Location"] == record_url(kept, "child_family")

    def test_the_data_protection_officer_sees_the_merge(self, client, kept, added, merged):
        dpo = f.signed_in(client, f.staff_user(role="AUDITOR"))

        for child, detail in (
            (added, f"merged into record {kept.pk}"),
            (kept, f"record {added.pk} merged into this record"),
        ):
            log = dpo.get(record_url(child, "child_access_log"))
            assert log.status_code == 200
            assert detail in log.content.decode()

    def test_reversing_the_merge(self, client, manager, kept, added, merged):
        signed = f.signed_in(client, manager)

        asked = signed.get(merges_url(kept), {"reverse": merged.pk})
        assert f.page_heading(asked) == f"Reverse the merge of {added.la_child_id} into this record"
        refused = signed.post(merges_url(kept), {"merge": merged.pk, "reason": ""})
        assert f.error_summary(refused) == ["Say why you are reversing this merge"]

        response = signed.post(merges_url(kept), {"merge": merged.pk, "reason": "Twins."})

        assert response["Location"] == record_url(kept)
        assert Person.objects.get(pk=added.pk).merged_into_id is None
        listed = signed.get(merges_url(kept)).content.decode()
        assert "Reversed" in listed
        assert "Twins." in listed

    def test_another_records_merge_cannot_be_reversed_here(self, client, manager, added, merged):
        stranger = f.ChildFactory(created_by=manager)

        response = f.signed_in(client, manager).post(
            merges_url(stranger), {"merge": merged.pk, "reason": "Not mine."}
        )

        assert response.status_code == 404
        assert Person.objects.get(pk=added.pk).merged_into_id == merged.survivor_id
