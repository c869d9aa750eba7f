"""What is due next for a child, from the recorded events alone.

Every due date is computed from a recorded start event (a referral date, a strategy discussion,
a conference, the last visit) and the timescales in force, never from a counter a job
increments (engineering style, section 11). Pure: no Django, no clock; `as_of` is today.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from haven.statutory.calendar import WorkingDayCalendar
from haven.statutory.timescales import Timescale, due_date

DUE_SOON_WORKING_DAYS = 5


@dataclass(frozen=True)
class CaseFacts:
    """The recorded events of a child's open episode that start a clock."""

    referral_date: date
    referral_nfa: bool = False
    # The due date stored on the open assessment, or None when none is in progress.
    open_assessment_due: date | None = None
    assessment_authorised: bool = False
    # An open s47 that still needs its ICPC: its stored target date.
    icpc_target: date | None = None
    cp_plan_start: date | None = None
    last_core_group: date | None = None
    last_review: date | None = None
    cin_plan_start: date | None = None
    last_cin_review: date | None = None
    last_visit: date | None = None
    # The authorisation date of an assessment that decided on a CIN plan not yet started.
    cin_plan_decided_on: date | None = None


@dataclass(frozen=True)
class Deadline:
    code: str
    label: str
    due_date: date
    status: str  # "overdue" | "due_soon" | "on_track"
    days_overdue: int  # working days past the due date; 0 when not overdue

    @property
    def is_overdue(self) -> bool:
        return self.status == "overdue"


def _deadline(
    code: str, label: str, due: date, *, as_of: date, calendar: WorkingDayCalendar
) -> Deadline:
    if as_of > due:
        return Deadline(code, label, due, "overdue", calendar.working_days_between(due, as_of))
    soon = calendar.working_days_between(as_of, due) <= DUE_SOON_WORKING_DAYS
    return Deadline(code, label, due, "due_soon" if soon else "on_track", 0)


def case_deadlines(
    facts: CaseFacts,
    *,
    as_of: date,
    calendar: WorkingDayCalendar,
    timescales: Mapping[str, Timescale],
) -> list[Deadline]:
    """Every clock running on the child's open episode, most urgent first."""
    if facts.referral_nfa:
        return []
    found: list[tuple[str, str, date]] = []

    def after(code: str, start: date) -> date:
        return due_date(timescales[code], start=start, calendar=calendar)

    if facts.open_assessment_due is not None:
        found.append(
            ("ASSESSMENT_COMPLETION", "Complete the assessment", facts.open_assessment_due)
        )
    elif not facts.assessment_authorised and facts.cp_plan_start is None:
        due = after("ASSESSMENT_COMPLETION", facts.referral_date)
        found.append(("ASSESSMENT_COMPLETION", "Complete the assessment", due))

    if facts.icpc_target is not None:
        found.append(("ICPC", "Initial child protection conference", facts.icpc_target))

    if facts.cp_plan_start is not None:
        start = facts.cp_plan_start
        if facts.last_core_group is None:
            found.append(("FIRST_CORE_GROUP", "First core group", after("FIRST_CORE_GROUP", start)))
        else:
            due = after("CORE_GROUP_FREQUENCY", facts.last_core_group)
            found.append(("CORE_GROUP_FREQUENCY", "Core group", due))
        if facts.last_review is None:
            due = after("FIRST_REVIEW_CONFERENCE", start)
            found.append(("FIRST_REVIEW_CONFERENCE", "First review conference", due))
        else:
            due = after("LATER_REVIEW_CONFERENCE", facts.last_review)
            found.append(("LATER_REVIEW_CONFERENCE", "Review conference", due))
        visit_from = max(start, facts.last_visit) if facts.last_visit else start
        found.append(("CP_VISIT", "Child protection visit", after("CP_VISIT", visit_from)))
    elif facts.cin_plan_start is not None:
        start = facts.cin_plan_start
        visit_from = max(start, facts.last_visit) if facts.last_visit else start
        found.append(("CIN_VISIT", "Child in need visit", after("CIN_VISIT", visit_from)))
        review_from = facts.last_cin_review or start
        found.append(
            ("CIN_PLAN_REVIEW", "Child in need review", after("CIN_PLAN_REVIEW", review_from))
        )
    elif facts.cin_plan_decided_on is not None:
        due = after("CIN_PLAN_START", facts.cin_plan_decided_on)
        found.append(("CIN_PLAN_START", "Start the child in need plan", due))

    deadlines = [_deadline(c, label, d, as_of=as_of, calendar=calendar) for c, label, d in found]
    return sorted(deadlines, key=lambda d: (d.due_date, d.code))
