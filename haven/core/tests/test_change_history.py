"""Every change to child-linked data has a history row, however it was made (security R28)."""

import datetime

import pytest
from django.db import DatabaseError, connection, transaction

from haven.core.models import HistoryRow
from haven.core.selectors import change_history
from haven.core.tests import factories as f
from haven.people import services as people_services
from haven.people.models import Person
from haven.referrals.models import EpisodeOfNeed

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def user():
    return f.staff_user()


def test_a_service_change_records_before_after_and_who(user):
    child = people_services.person_create(
        acting_user=user, first_name="Sam", last_name="Taylor", sex="M", date_of_birth=D(2018, 1, 2)
    )
    people_services.person_update(
        acting_user=user,
        person=child,
        first_name="Samuel",
        last_name="Taylor",
        sex="M",
        date_of_birth=D(2018, 1, 2),
    )

    history = change_history(table_name="people_person", row_id=child.pk)

    assert [h.row.operation for h in history][0] == "INSERT"
    update = history[-1]
    assert update.row.operation == "UPDATE"
    assert update.changed_fields["first_name"] == ("Sam", "Samuel")
    assert update.actor == user
    assert update.row.at.tzinfo is not None


@pytest.mark.django_db(transaction=True)
def test_bulk_updates_and_raw_sql_are_recorded_too(user):
    # transaction=True: each statement commits on its own, as separate requests and jobs do,
    # so the raw SQL does not share a transaction (and so an actor) with the service calls.
    child = f.ChildFactory(first_name="Kim")
    episode = f.open_episode(child, user, D(2026, 3, 2))
    before = HistoryRow.objects.count()

    EpisodeOfNeed.objects.filter(pk=episode.pk).update(referral_summary="bulk")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE people_person SET known_as = 'K' WHERE id = %s", [child.pk])

    assert HistoryRow.objects.count() == before + 2
    raw = change_history(table_name="people_person", row_id=child.pk)[-1]
    assert raw.changed_fields["known_as"] == ("", "K")
    assert raw.actor is None
    assert raw.row.db_user


def test_the_history_cannot_be_changed_or_deleted(user):
    f.ChildFactory()
    row = HistoryRow.objects.first()
    assert row is not None
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        HistoryRow.objects.filter(pk=row.pk).update(operation="DELETE")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        HistoryRow.objects.filter(pk=row.pk).delete()


def test_a_deletion_keeps_the_row_as_it_was(user):
    child = f.ChildFactory()
    disability = child.disabilities.create(code="AUT")
    # Only retention disposal deletes (R29, haven/core/tests/test_no_hard_delete.py).
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL haven.allow_disposal = 'on'")
        child.disabilities.filter(pk=disability.pk).delete()

    deleted = change_history(table_name="people_persondisability", row_id=disability.pk)[-1]
    assert deleted.row.operation == "DELETE"
    assert deleted.row.before["code"] == "AUT"
    assert Person.objects.filter(pk=child.pk).exists()
