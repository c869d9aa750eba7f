"""The application's database role cannot change the audit trail or delete records, whatever
the application does (security reference R10, R11): privileges, not only triggers."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from haven.core.models import AuditEvent
from haven.core.tests import factories as f

pytestmark = pytest.mark.django_db

ROLE = "haven_app_test"


@pytest.fixture
def as_app_role():
    call_command("grant_app_role", role=ROLE)

    def run(sql: str, params: list | None = None) -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL ROLE {ROLE}")
            cursor.execute(sql, params or [])

    return run


def test_the_app_role_adds_audit_rows_but_cannot_change_or_delete_them(as_app_role):
    user = f.staff_user()
    as_app_role(
        "INSERT INTO core_auditevent (actor_id, action, object_type, object_id, detail, reason, "
        "request_id, at, row_hash) VALUES (%s, 'VIEW', 'x', '', '', '', '', now(), '')",
        [user.pk],
    )
    event = AuditEvent.objects.get(actor=user)
    for sql in (
        "UPDATE core_auditevent SET detail = 'changed'",
        "DELETE FROM core_auditevent",
        "TRUNCATE core_auditevent",
        "UPDATE core_historyrow SET operation = 'X'",
    ):
        with pytest.raises(DatabaseError, match="permission denied"):
            as_app_role(sql)
    event.refresh_from_db()
    assert event.detail == ""


def test_the_app_role_changes_records_but_cannot_delete_them(as_app_role):
    child = f.ChildFactory(first_name="Kept")
    as_app_role("UPDATE people_person SET known_as = 'K' WHERE id = %s", [child.pk])
    with pytest.raises(DatabaseError, match="permission denied"):
        as_app_role("DELETE FROM people_person WHERE id = %s", [child.pk])
    child.refresh_from_db()
    assert child.known_as == "K"


def test_the_app_role_may_end_sessions(as_app_role):
    as_app_role("DELETE FROM django_session WHERE expire_date < now() - interval '1 year'")


def test_the_role_is_no_superuser_and_cannot_bypass_row_security(as_app_role):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb FROM pg_roles "
            "WHERE rolname = %s",
            [ROLE],
        )
        assert cursor.fetchone() == (False, False, False, False)


def test_a_bad_role_name_is_refused_in_a_sentence():
    with pytest.raises(CommandError, match="lower-case letters"):
        call_command("grant_app_role", role="haven; DROP TABLE x")
