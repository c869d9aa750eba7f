"""How long the hub has to decide on a contact, by its RAG rating (issue 4).

Working Together 2023 (reference section 1.5): a decision on a referral "within one working day
of receipt". The authority sets a clock per rating; the defaults below are the issue's example:
red 4 hours (clock hours, day or night: a child may be at risk now), amber 1 working day, green
3 working days. A contact not yet rated runs on the statutory clock of 1 working day. A
working-day clock keeps the time of day: a contact received at 16:00 on a Friday with 1 working
day is due at 16:00 on the Monday (or the next working day after a bank holiday).

Pure: no Django.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from haven.statutory.calendar import WorkingDayCalendar

RED, AMBER, GREEN = "RED", "AMBER", "GREEN"
RATINGS = (RED, AMBER, GREEN)


@dataclass(frozen=True)
class Clock:
    """Exactly one of `hours` and `working_days`."""

    hours: int | None = None
    working_days: int | None = None

    def __post_init__(self) -> None:
        if (self.hours is None) == (self.working_days is None):
            raise ValueError("A clock is in hours or in working days, not both or neither.")
        if (self.hours or 0) < 0 or (self.working_days or 0) < 0:
            raise ValueError("A clock cannot be negative.")


UNRATED = Clock(working_days=1)
DEFAULT_CLOCKS: dict[str, Clock] = {
    RED: Clock(hours=4),
    AMBER: Clock(working_days=1),
    GREEN: Clock(working_days=3),
}


def due_at(
    received_at: datetime.datetime, clock: Clock, calendar: WorkingDayCalendar
) -> datetime.datetime:
    """When a decision is due. `received_at` must be aware and in the authority's local time
    zone: working days are counted on local dates, and the time of day is kept."""
    if received_at.tzinfo is None:
        raise ValueError("received_at must be time-zone aware")
    if clock.hours is not None:
        return received_at + datetime.timedelta(hours=clock.hours)
    day = calendar.add_working_days(received_at.date(), clock.working_days or 0)
    return received_at.replace(year=day.year, month=day.month, day=day.day)
