"""Producing the CIN census return (reference section 2): the export, audited.

``census_export`` writes the return for a census year to a stream and records the export in
the audit trail, all in one database transaction that reads a single snapshot of the record
(so a child changed half-way through cannot appear half old, half new). The management command
``export_cin_census`` writes the stream to a file atomically and checks it against the year's
XSD; a page may call ``census_export`` with an HTTP response as the stream.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction

from haven.census import selectors
from haven.census.xml import write_census
from haven.census.years import CensusYear
from haven.core.models import AuditEvent
from haven.core.services import audit

__all__ = ["CensusExport", "census_export", "census_snapshot", "system_actor"]

# The account a management command acts as in the audit trail: it cannot sign in (inactive,
# no usable password, no worker record or role), like the partner API's service accounts.
SYSTEM_USERNAME = "haven-system"
AUDIT_OBJECT_TYPE = "census.cin_census"


@dataclass(frozen=True)
class CensusExport:
    """What an export wrote."""

    year: CensusYear
    children: int
    la_number: str
    serial_no: int


def system_actor() -> Any:
    """The audit trail's actor for work done by a management command, not a person."""
    user, created = get_user_model().objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"first_name": "Haven", "last_name": "(management command)", "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


@contextmanager
def census_snapshot() -> Iterator[None]:
    """A transaction that reads one snapshot of the database (REPEATABLE READ) when it is the
    outermost one; inside another transaction it is a savepoint of that one."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def census_export(
    *,
    year: CensusYear,
    out: IO[bytes],
    acting_user: Any,
    now: datetime.datetime,
    serial_no: int = 1,
    la_number: str | None = None,
    batch_size: int = 2000,
) -> CensusExport:
    """Write the CIN census return for `year` to `out` and audit it (one EXPORT row: the year,
    how many children, the serial number; which children follows from the year's scope)."""
    la_number = la_number or settings.HAVEN_LA_NUMBER
    with census_snapshot():
        written = write_census(
            out,
            year=year,
            children=selectors.census_children(year=year, batch_size=batch_size),
            la_number=la_number,
            serial_no=serial_no,
            now=now,
        )
        detail = f"CIN census {year.label}: {written} children, serial {serial_no:03d}"
        audit(
            actor=acting_user,
            action=AuditEvent.Action.EXPORT,
            object_type=AUDIT_OBJECT_TYPE,
            object_id=year.label,
            detail=detail,
        )
    return CensusExport(year=year, children=written, la_number=la_number, serial_no=serial_no)
