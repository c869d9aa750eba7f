"""The authority's calendar and timescales as they stand in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from haven.core.models import AuditEvent, ClosureDay, HistoryRow, LocalTimescale
from haven.statutory import timescales
from haven.statutory.calendar import WorkingDayCalendar, build_calendar


def working_calendar() -> WorkingDayCalendar:
    """England and Wales bank holidays plus the authority's own closure days."""
    return build_calendar(ClosureDay.objects.values_list("date", flat=True))


def timescales_in_force() -> dict[str, timescales.Timescale]:
    """Every timescale by code, with the authority's local values applied."""
    in_force = {t.code: t for t in timescales.NATIONAL_TIMESCALES}
    in_force.update({t.code: t for t in timescales.DEFAULT_LOCAL_TIMESCALES})
    for row in LocalTimescale.objects.all():
        in_force[row.code] = timescales.with_value(
            in_force[row.code], working_days=row.working_days, weeks=row.weeks, months=row.months
        )
    return in_force


def due_date(code: str, *, start: date) -> date:
    """The due date for one timescale from a recorded start event, as things stand today."""
    return timescales.due_date(
        timescales_in_force()[code], start=start, calendar=working_calendar()
    )


@dataclass(frozen=True)
class HistoryEntry:
    row: HistoryRow
    actor: Any  # the user whose service call made the change; None for raw SQL or bulk jobs

    @property
    def changed_fields(self) -> dict[str, tuple[Any, Any]]:
        before, after = self.row.before or {}, self.row.after or {}
        return {
            key: (before.get(key), after.get(key))
            for key in sorted(set(before) | set(after))
            if before.get(key) != after.get(key)
        }


def change_history(*, table_name: str, row_id: int | str) -> list[HistoryEntry]:
    """Every recorded change to one row, oldest first, with who made it where a service did
    (its audit row shares the change's transaction). Two queries whatever the length."""
    rows = list(
        HistoryRow.objects.filter(table_name=table_name, row_id=str(row_id)).order_by("at", "pk")
    )
    actors = {
        event.txid: event.actor
        for event in AuditEvent.objects.filter(txid__in={r.txid for r in rows})
        .exclude(action=AuditEvent.Action.VIEW)
        .select_related("actor")
    }
    return [HistoryEntry(row, actors.get(row.txid)) for row in rows]


def record_access_log(*, child_id: int, limit: int = 200) -> list[AuditEvent]:
    """Who viewed or changed a child's record, newest first ("who has seen this record")."""
    return list(
        AuditEvent.objects.filter(child_id=child_id)
        .select_related("actor", "actor__worker")
        .order_by("-at", "-pk")[:limit]
    )
