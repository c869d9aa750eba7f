"""Nothing linked to a child is hard-deleted (security reference R29).

The database refuses DELETE on every child-linked table (haven/core/migrations/0011), unless
the transaction is the retention disposal job's; the admin offers no delete for child-linked
models. Closing or ending a record is the way to say it no longer applies.
"""

from __future__ import annotations

import datetime
import importlib
from typing import Any

import pytest
from django.contrib import admin
from django.db import IntegrityError, connection, models, transaction
from django.test import RequestFactory

from haven.casework.models import Visit
from haven.core.errors import RuleBroken, constraint_messages, message_for_integrity_error
from haven.core.models import AuditEvent, HistoryRow
from haven.core.tests import factories as f
from haven.people.models import Person, PersonDisability
from haven.referrals.models import EpisodeOfNeed
from haven.workforce.models import Allocation

pytestmark = pytest.mark.django_db

CHILD_LINKED_TABLES: list[str] = (
    importlib.import_module("haven.core.migrations.0007_history_triggers").TABLES
    + importlib.import_module(
        "haven.frontdoor.migrations.0003_professional_requests_decision"
    ).TABLES
    + importlib.import_module("haven.people.migrations.0005_person_merge").TABLES
    + importlib.import_module("haven.plans.migrations.0003_pre_proceedings").TABLES
)
MESSAGE = "Records are never deleted: close or end them instead."
D = datetime.date


@pytest.fixture
def user() -> Any:
    return f.staff_user()


@pytest.fixture
def child(user: Any) -> Person:
    child = f.ChildFactory()
    child.disabilities.create(code="AUT")
    episode = f.open_episode(child, user)
    f.allocate(child, user, user.worker)
    Visit.objects.create(
        child=child,
        episode=episode,
        visit_date=D(2026, 3, 10),
        child_seen=True,
        seen_alone=True,
        bedroom_seen=False,
        created_by=user,
    )
    return child


def delete_rows(table: str, child: Person) -> None:
    column = "id" if table == "people_person" else "person_id"
    if table not in ("people_person", "people_persondisability"):
        column = "child_id"
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {column} = %s", [child.pk])  # noqa: S608


def test_every_child_linked_table_has_the_trigger() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = 'no_hard_delete' AND t.tgenabled <> 'D'"
        )
        tables = {row[0] for row in cursor.fetchall()}
    assert tables == set(CHILD_LINKED_TABLES)


@pytest.mark.parametrize(
    ("table", "model"),
    [
        ("people_persondisability", PersonDisability),
        ("referrals_episodeofneed", EpisodeOfNeed),
        ("workforce_allocation", Allocation),
        ("casework_visit", Visit),
        ("people_person", Person),
    ],
)
def test_raw_sql_delete_is_refused_with_a_sentence(
    table: str, model: type[models.Model], child: Person
) -> None:
    before = HistoryRow.objects.count()
    rows = model.objects.count()  # type: ignore[attr-defined]
    assert rows > 0

    with pytest.raises(IntegrityError, match=MESSAGE) as refused, transaction.atomic():
        delete_rows(table, child)

    assert message_for_integrity_error(refused.value) == MESSAGE
    assert model.objects.count() == rows  # type: ignore[attr-defined]
    assert HistoryRow.objects.count() == before


def test_an_orm_delete_is_refused_and_a_service_would_show_the_sentence(child: Person) -> None:
    with pytest.raises(RuleBroken) as refused, transaction.atomic(), constraint_messages():
        Visit.objects.filter(child=child).delete()

    assert refused.value.message == MESSAGE
    assert Visit.objects.filter(child=child).exists()


@pytest.mark.django_db(transaction=True)
def test_the_disposal_job_may_delete_in_its_own_transaction_only(child: Person) -> None:
    """transaction=True: SET LOCAL lasts to the end of the real transaction, which a test's
    savepoint is not."""
    disability = child.disabilities.get()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL haven.allow_disposal = 'on'")
        Visit.objects.filter(child=child).delete()
        PersonDisability.objects.filter(pk=disability.pk).delete()

    assert not Visit.objects.filter(child=child).exists()
    assert not PersonDisability.objects.filter(pk=disability.pk).exists()
    # The disposal was recorded as a change like any other.
    assert HistoryRow.objects.filter(
        table_name="people_persondisability", row_id=str(disability.pk), operation="DELETE"
    ).exists()
    # SET LOCAL ended with that transaction: the next one is refused again.
    with pytest.raises(IntegrityError, match=MESSAGE), transaction.atomic():
        EpisodeOfNeed.objects.filter(child=child).delete()


def test_any_other_value_of_the_setting_is_refused(child: Person) -> None:
    for value in ("off", "true", "1", ""):
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('haven.allow_disposal', %s, true)", [value])
        with pytest.raises(IntegrityError, match=MESSAGE), transaction.atomic():
            PersonDisability.objects.filter(person=child).delete()


@pytest.mark.django_db(transaction=True)
def test_truncate_still_works_for_test_isolation(child: Person) -> None:
    """Django's flush (this test's own clean-up, the demo tests' wipe) empties tables by
    TRUNCATE, which row-level DELETE triggers do not see. (transaction=True: the rows are
    committed, so no deferred constraint check is pending when TRUNCATE runs.)"""
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE people_persondisability")
    assert not PersonDisability.objects.exists()


# --- The admin ----------------------------------------------------------------------------------


def is_child_linked(model: type[models.Model]) -> bool:
    fields = model._meta.get_fields()
    return (
        model._meta.db_table in CHILD_LINKED_TABLES
        or model in (AuditEvent, HistoryRow)
        or any(getattr(field, "related_model", None) is Person for field in fields)
        or any(getattr(field, "attname", "") == "child_id" for field in fields)
    )


def test_the_admin_offers_no_delete_for_child_linked_models() -> None:
    superuser = f.UserFactory(is_staff=True, is_superuser=True)
    request = RequestFactory().get("/admin/")
    request.user = superuser
    checked = []
    for model, model_admin in admin.site._registry.items():
        admins = [(model, model_admin)] + [
            (inline.model, inline) for inline in model_admin.get_inline_instances(request)
        ]
        for linked_model, linked_admin in admins:
            if not is_child_linked(linked_model):
                continue
            checked.append(linked_model)
            assert linked_admin.has_delete_permission(request) is False, linked_model
            if hasattr(linked_admin, "get_actions"):
                assert "delete_selected" not in linked_admin.get_actions(request), linked_model

    assert AuditEvent in checked  # the check above is not vacuous
