"""Shared steps every service takes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models

from haven.core.models import AuditEvent
from haven.core.request_id import current_request_id


def audit(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    child_id: int | None = None,
    detail: str = "",
    reason: str = "",
) -> AuditEvent:
    """Write one audit row in the caller's transaction. Never put names or case text in
    `detail`: it says what kind of thing happened, not what the record says."""
    return AuditEvent.objects.create(
        actor=actor,
        action=action,
        child_id=child_id,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None else object_id,
        detail=detail,
        reason=reason[:60],
        request_id=current_request_id() or "",
    )


def audit_list_read(*, actor: Any, child_ids: Iterable[int], detail: str, reason: str) -> int:
    """One VIEW row for each child a list page shows (My work, Team, search results), written
    in one statement in the caller's transaction. Returns how many."""
    request_id = current_request_id() or ""
    rows = [
        AuditEvent(
            actor=actor,
            action=AuditEvent.Action.VIEW,
            child_id=child_id,
            object_type="people.person",
            object_id=str(child_id),
            detail=detail[:200],
            reason=reason[:60],
            request_id=request_id,
        )
        for child_id in dict.fromkeys(child_ids)
    ]
    AuditEvent.objects.bulk_create(rows)
    return len(rows)
