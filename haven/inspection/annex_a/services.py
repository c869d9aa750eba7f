"""Exporting the Annex A workbook: downloaded by a member of staff (audited), or written to a
file by ``manage.py export_annex_a`` (logged: a command has no Django user to audit)."""

from __future__ import annotations

import contextlib
import datetime
import logging
import os
import tempfile
from pathlib import Path
from typing import IO, Any

from django.db import transaction

from haven.access import policy
from haven.access.roles import Capability
from haven.core.models import AuditEvent
from haven.core.services import audit
from haven.inspection.annex_a.writer import AnnexAResult, annex_a_workbook

__all__ = ["AUDIT_OBJECT_TYPE", "AnnexAOutputError", "annex_a_download", "annex_a_write_file"]

# A bulk export of child-level data with no user to audit is a security event: it goes to the
# security log at WARNING, the level the project's logging keeps by default (config/settings).
security_log = logging.getLogger("haven.security")

AUDIT_OBJECT_TYPE = "inspection.annex_a"


class AnnexAOutputError(Exception):
    """The workbook cannot be written where it was asked for; the message says why."""


@transaction.atomic
def annex_a_download(
    *,
    acting_user: Any,
    as_of: datetime.date,
    out: IO[bytes],
    now: datetime.datetime | None = None,
) -> AnnexAResult:
    """Write the workbook for `as_of` to `out` for a member of staff who may read returns
    (reports.view), with one audit row (the as-of date and rows per list, no names) in the
    same transaction: if the row cannot be written, the caller gets no workbook."""
    if not policy.has_capability(acting_user, Capability.VIEW_REPORTS):
        raise policy.AccessDenied
    result = annex_a_workbook(as_of=as_of, out=out, now=now)
    audit(
        actor=acting_user,
        action=AuditEvent.Action.EXPORT,
        object_type=AUDIT_OBJECT_TYPE,
        object_id=as_of.isoformat(),
        detail=f"Annex A as of {as_of.isoformat()}: {result.summary()}"[:200],
    )
    return result


def annex_a_write_file(
    *, as_of: datetime.date, path: Path, now: datetime.datetime | None = None
) -> AnnexAResult:
    """Write the workbook for `as_of` to `path` whole or not at all: it is written to a
    temporary file beside `path` and renamed over it only once complete. Logs the export to
    the security log (the as-of date and row counts; never a name)."""
    folder = path.parent
    if path.is_dir():
        raise AnnexAOutputError(f"{path} is a folder. Give a file name, such as annex_a.xlsx.")
    if not folder.is_dir():
        raise AnnexAOutputError(f"The folder {folder} does not exist. Create it first.")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise AnnexAOutputError(
            f"Cannot write to the folder {folder}: {error.strerror or error}."
        ) from error
    try:
        with os.fdopen(handle, "wb") as out:
            result = annex_a_workbook(as_of=as_of, out=out, now=now)
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise AnnexAOutputError(
                f"Cannot write {path}: {error.strerror or error}. Nothing was written."
            ) from error
        raise
    security_log.warning(
        "event=annex_a_exported as_of=%s rows=%s",
        as_of.isoformat(),
        result.summary(),
        extra={
            "event": "annex_a_exported",
            "action": AuditEvent.Action.EXPORT,
            "object_type": AUDIT_OBJECT_TYPE,
            "count": result.total,
        },
    )
    return result
