"""Sealing and verifying the audit trail's hash chain (security reference R11).

The chain is computed by PostgreSQL (`haven_audit_seal()`, see migration 0004) and checked
here in Python from the rows alone, so a verifier does not trust the database's own function.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC

from django.db import connection, transaction

from haven.core.models import AuditEvent


@transaction.atomic
def audit_seal() -> int:
    """Seal every unsealed audit row into the chain; returns how many. Running it twice seals
    nothing the second time."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT haven_audit_seal()")
        return int(cursor.fetchone()[0])


def row_text(event: AuditEvent) -> str:
    """The canonical text of a row: the same as haven_audit_row_text() in the database."""
    at = event.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")
    parts = [
        str(event.pk),
        str(event.actor_id),
        event.action,
        "" if event.child_id is None else str(event.child_id),
        event.object_type,
        event.object_id,
        event.detail,
        at,
    ]
    text = "|".join(parts)
    if event.reason or event.request_id:
        text += f"|{event.reason}|{event.request_id}"
    return text


@dataclass(frozen=True)
class ChainReport:
    checked: int
    unsealed: int
    first_broken_position: int | None

    @property
    def intact(self) -> bool:
        return self.first_broken_position is None


def audit_verify(*, batch_size: int = 5000) -> ChainReport:
    """Recompute the chain from the first sealed row; report the first position that breaks."""
    previous = ""
    expected_position = 1
    checked = 0
    rows = AuditEvent.objects.filter(sealed_position__isnull=False).order_by("sealed_position")
    for event in rows.iterator(chunk_size=batch_size):
        digest = hashlib.sha256((previous + row_text(event)).encode()).hexdigest()
        if event.sealed_position != expected_position or event.row_hash != digest:
            return ChainReport(checked, _unsealed(), expected_position)
        previous = digest
        expected_position += 1
        checked += 1
    return ChainReport(checked, _unsealed(), None)


def _unsealed() -> int:
    return AuditEvent.objects.filter(sealed_position__isnull=True).count()
