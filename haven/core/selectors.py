"""The authority's calendar and timescales as they stand in the database."""

from __future__ import annotations

from datetime import date

from haven.core.models import ClosureDay, LocalTimescale
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
