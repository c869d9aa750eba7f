"""Statutory and local timescales, and how to work out a due date from one.

National timescales come from *Working Together to Safeguard Children* (WT 2013, unchanged in
WT 2018 and WT 2023): referral decision 1 working day, child and family assessment 45 working
days from referral, initial child protection conference (ICPC) 15 working days from the strategy
discussion that started the section 47 enquiry, first core group 10 working days after the ICPC,
first review conference 3 months after the ICPC, later review conferences at most 6 months apart.
These are the same for every authority.

Everything else (visit and core group frequencies, CIN plan timing) has **no national figure**:
each authority sets its own. ``DEFAULT_LOCAL_TIMESCALES`` holds sensible defaults taken from
common local procedures; an authority overrides them with :func:`with_value` and passes its
overrides to :func:`get_timescale`.

Working days are counted with the DfE convention (the start day is day 0): see
:mod:`haven.statutory.calendar`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from haven.statutory.calendar import WorkingDayCalendar, add_months

__all__ = [
    "ASSESSMENT_COMPLETION",
    "CIN_PLAN_REVIEW",
    "CIN_PLAN_START",
    "CIN_VISIT",
    "CORE_GROUP_FREQUENCY",
    "CP_VISIT",
    "DEFAULT_LOCAL_TIMESCALES",
    "FIRST_CORE_GROUP",
    "FIRST_REVIEW_CONFERENCE",
    "ICPC",
    "LATER_REVIEW_CONFERENCE",
    "NATIONAL_TIMESCALES",
    "REFERRAL_DECISION",
    "Timescale",
    "due_date",
    "get_timescale",
    "is_overdue",
    "with_value",
    "working_days_late",
]

_WT = "Working Together to Safeguard Children 2023, chapter 3 (unchanged since WT 2013)"


@dataclass(frozen=True)
class Timescale:
    """How long after a recorded event something must happen.

    Exactly one of ``working_days``, ``months``, ``calendar_days`` and ``weeks`` is set.
    ``starts_from`` names the recorded event the clock starts from. ``national`` is True for the
    Working Together timescales that no authority may change.
    """

    code: str
    label: str
    starts_from: str
    source: str
    national: bool
    working_days: int | None = None
    months: int | None = None
    calendar_days: int | None = None
    weeks: int | None = None

    def __post_init__(self) -> None:
        set_units = [v for v in self._units() if v is not None]
        if len(set_units) != 1:
            raise ValueError(
                f"Timescale {self.code}: set exactly one of working_days, months, "
                "calendar_days or weeks"
            )
        if set_units[0] < 0:
            raise ValueError(f"Timescale {self.code}: the value cannot be negative")

    def _units(self) -> tuple[int | None, int | None, int | None, int | None]:
        return (self.working_days, self.months, self.calendar_days, self.weeks)

    def describe(self) -> str:
        """Plain-English length, e.g. "45 working days" or "3 months"."""
        for value, singular, plural in (
            (self.working_days, "working day", "working days"),
            (self.months, "month", "months"),
            (self.weeks, "week", "weeks"),
            (self.calendar_days, "day", "days"),
        ):
            if value is not None:
                return f"{value} {singular if value == 1 else plural}"
        raise AssertionError("unreachable: __post_init__ guarantees one unit")  # pragma: no cover


# --- National timescales (Working Together) -------------------------------------------------

REFERRAL_DECISION = Timescale(
    code="REFERRAL_DECISION",
    label="Decide what happens with a referral",
    starts_from="referral_received",
    working_days=1,
    source=f"{_WT}: decision on the type of response within one working day of a referral; "
    "CIN census query 8569Q",
    national=True,
)
ASSESSMENT_COMPLETION = Timescale(
    code="ASSESSMENT_COMPLETION",
    label="Complete the child and family assessment",
    starts_from="referral_date",
    working_days=45,
    source=f"{_WT}: no longer than 45 working days from the point of referral; "
    "CIN census query 8670Q",
    national=True,
)
ICPC = Timescale(
    code="ICPC",
    label="Hold the initial child protection conference",
    starts_from="s47_strategy_discussion",
    working_days=15,
    source=f"{_WT}: within 15 working days of the strategy discussion at which the section 47 "
    "enquiry was initiated; CIN census S47ActualStartDate, InitialCPCtarget, query 8675Q",
    national=True,
)
FIRST_CORE_GROUP = Timescale(
    code="FIRST_CORE_GROUP",
    label="Hold the first core group meeting",
    starts_from="icpc",
    working_days=10,
    source="Working Together 2013 and 2018 (child protection flowcharts): first core group "
    "within 10 working days of the initial child protection conference",
    national=True,
)
FIRST_REVIEW_CONFERENCE = Timescale(
    code="FIRST_REVIEW_CONFERENCE",
    label="Hold the first review child protection conference",
    starts_from="icpc",
    months=3,
    source=f"{_WT}: first review conference within 3 months of the initial conference",
    national=True,
)
LATER_REVIEW_CONFERENCE = Timescale(
    code="LATER_REVIEW_CONFERENCE",
    label="Hold the next review child protection conference",
    starts_from="previous_review_conference",
    months=6,
    source=f"{_WT}: further reviews at intervals of not more than 6 months",
    national=True,
)

NATIONAL_TIMESCALES: tuple[Timescale, ...] = (
    REFERRAL_DECISION,
    ASSESSMENT_COMPLETION,
    ICPC,
    FIRST_CORE_GROUP,
    FIRST_REVIEW_CONFERENCE,
    LATER_REVIEW_CONFERENCE,
)

# --- Local timescales (defaults; each authority sets its own) --------------------------------

_LOCAL = "No national timescale; set by local procedures"

CP_VISIT = Timescale(
    code="CP_VISIT",
    label="Visit a child on a child protection plan",
    starts_from="plan_start_or_last_visit",
    working_days=10,
    source=f"{_LOCAL}. Default 10 working days as in several local procedures (e.g. Camden, "
    "Liverpool, Central Bedfordshire)",
    national=False,
)
CIN_VISIT = Timescale(
    code="CIN_VISIT",
    label="Visit a child on a child in need plan",
    starts_from="plan_start_or_last_visit",
    working_days=20,
    source=f"{_LOCAL}. Default 20 working days as in some local procedures",
    national=False,
)
CIN_PLAN_START = Timescale(
    code="CIN_PLAN_START",
    label="Start the child in need plan",
    starts_from="assessment_authorisation",
    working_days=10,
    source=f"{_LOCAL}. Default: first CIN planning meeting within 10 working days of the "
    "assessment outcome (e.g. Sefton)",
    national=False,
)
CORE_GROUP_FREQUENCY = Timescale(
    code="CORE_GROUP_FREQUENCY",
    label="Hold the next core group meeting",
    starts_from="previous_core_group",
    working_days=20,
    source=f"{_LOCAL}. Commonly every 4-6 weeks after the first core group (e.g. Sefton and "
    "Newcastle 4-weekly); default 20 working days",
    national=False,
)
CIN_PLAN_REVIEW = Timescale(
    code="CIN_PLAN_REVIEW",
    label="Review the child in need plan",
    starts_from="plan_start_or_last_review",
    months=3,
    source=f"{_LOCAL}. CIN reviews range from every 4 weeks to every 3 months; default 3 months",
    national=False,
)

DEFAULT_LOCAL_TIMESCALES: tuple[Timescale, ...] = (
    CP_VISIT,
    CIN_VISIT,
    CIN_PLAN_START,
    CORE_GROUP_FREQUENCY,
    CIN_PLAN_REVIEW,
)

_BY_CODE: dict[str, Timescale] = {t.code: t for t in NATIONAL_TIMESCALES + DEFAULT_LOCAL_TIMESCALES}


def get_timescale(code: str, overrides: Mapping[str, Timescale] | None = None) -> Timescale:
    """Return the timescale for ``code``, using an authority's override where it has one.

    National (Working Together) timescales cannot be overridden: an override for one raises
    ``ValueError``, as does an override whose ``code`` differs from its key or an unknown code.
    """
    if overrides:
        for key, override in overrides.items():
            if override.code != key:
                raise ValueError(f"Override under {key!r} is for {override.code!r}")
            base = _BY_CODE.get(key)
            if base is not None and base.national:
                raise ValueError(f"{key} is a national timescale and cannot be changed locally")
        if code in overrides:
            return overrides[code]
    try:
        return _BY_CODE[code]
    except KeyError:
        raise ValueError(f"Unknown timescale code {code!r}") from None


def with_value(
    timescale: Timescale,
    *,
    working_days: int | None = None,
    months: int | None = None,
    weeks: int | None = None,
    calendar_days: int | None = None,
) -> Timescale:
    """Return a copy of ``timescale`` measured in the one unit given (others are cleared).

    For an authority's local setting, e.g. ``with_value(CP_VISIT, weeks=2)``. The copy is marked
    as not national. Give exactly one of the keyword arguments.
    """
    given = [v for v in (working_days, months, weeks, calendar_days) if v is not None]
    if len(given) != 1:
        raise ValueError("Give exactly one of working_days, months, weeks or calendar_days")
    return dataclasses.replace(
        timescale,
        working_days=working_days,
        months=months,
        weeks=weeks,
        calendar_days=calendar_days,
        national=False,
    )


def due_date(timescale: Timescale, *, start: date, calendar: WorkingDayCalendar) -> date:
    """Return the last day by which the step is in time.

    Working days use ``calendar.add_working_days`` (DfE convention: the start day is day 0, so
    the ICPC for a strategy discussion on day D is due on the 15th working day after D). Months
    use :func:`add_months` (clamped to month end); weeks and days use plain calendar arithmetic.
    Month, week and day results are not moved off weekends or bank holidays.
    """
    if timescale.working_days is not None:
        return calendar.add_working_days(start, timescale.working_days)
    if timescale.months is not None:
        return add_months(start, timescale.months)
    if timescale.weeks is not None:
        return start + timedelta(weeks=timescale.weeks)
    if timescale.calendar_days is not None:
        return start + timedelta(days=timescale.calendar_days)
    raise AssertionError("unreachable: Timescale guarantees one unit")  # pragma: no cover


def is_overdue(due: date, *, done_on: date | None, as_of: date) -> bool:
    """Return True if the step was done after ``due``, or is not done and ``as_of`` is past it.

    Done on the due date is in time. ``as_of`` is "today", passed in so this stays clock-free.
    """
    if done_on is not None:
        return done_on > due
    return as_of > due


def working_days_late(
    due: date, *, done_on: date | None, as_of: date, calendar: WorkingDayCalendar
) -> int:
    """Return how many working days late the step is (or was); 0 if in time.

    Counted with the DfE convention: done on the first working day after the due date is
    1 working day late.
    """
    end = done_on if done_on is not None else as_of
    return calendar.working_days_between(due, end)
