"""The audit trail is append-only in PostgreSQL and tamper-evident (security reference R11)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from haven.core.audit_chain import audit_seal, audit_verify, row_text
from haven.core.models import AuditEvent
from haven.core.services import audit
from haven.core.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def events():
    user = f.UserFactory()
    return [
        audit(actor=user, action="VIEW", object_type="people.person", child_id=n, detail="tab")
        for n in range(1, 6)
    ]


def test_update_and_delete_are_refused_by_the_database(events):
    event = events[0]
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(detail="changed")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE core_auditevent SET actor_id = actor_id")
    assert AuditEvent.objects.get(pk=event.pk).detail == "tab"


def test_sealing_builds_a_chain_that_verifies(events):
    assert audit_seal() == 5
    assert audit_seal() == 0
    report = audit_verify()
    assert report.intact
    assert report.checked == 5
    assert list(
        AuditEvent.objects.order_by("sealed_position").values_list("sealed_position", flat=True)
    ) == [1, 2, 3, 4, 5]


def test_later_rows_extend_the_chain(events):
    audit_seal()
    audit(actor=events[0].actor, action="CREATE", object_type="casework.visit", child_id=9)
    assert audit_seal() == 1
    assert audit_verify().checked == 6


def test_the_python_and_database_canonical_texts_agree(events):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT haven_audit_row_text(a) FROM core_auditevent a WHERE id = %s", [events[0].pk]
        )
        assert cursor.fetchone()[0] == row_text(events[0])


def test_a_sealed_row_cannot_be_resealed_or_changed_while_sealing(events):
    audit_seal()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=events[0].pk).update(sealed_position=99, row_hash="0" * 64)


def test_tampering_that_bypasses_the_triggers_is_detected(events):
    audit_seal()
    with connection.cursor() as cursor:
        # A superuser can switch triggers off (as a restore tool might); the chain still tells.
        cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(
                "UPDATE core_auditevent SET detail = 'nothing to see' WHERE sealed_position = 3"
            )
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")

    report = audit_verify()
    assert not report.intact
    assert report.first_broken_position == 3
    with pytest.raises(CommandError, match="breaks at position 3"):
        call_command("audit_verify")


def test_the_commands_report_in_sentences(events):
    out = StringIO()
    call_command("audit_seal", stdout=out)
    call_command("audit_verify", stdout=out)
    assert "Sealed 5 audit rows." in out.getvalue()
    assert "The audit chain is intact: 5 sealed rows checked, 0 not sealed yet." in out.getvalue()
