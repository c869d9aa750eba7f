"""What is due next, from recorded events only: table tests at the boundaries."""

from datetime import date

import pytest

from haven.statutory.calendar import build_calendar
from haven.statutory.deadlines import CaseFacts, case_deadlines
from haven.statutory.timescales import DEFAULT_LOCAL_TIMESCALES, NATIONAL_TIMESCALES

CALENDAR = build_calendar()
TIMESCALES = {t.code: t for t in NATIONAL_TIMESCALES + DEFAULT_LOCAL_TIMESCALES}


def due(facts: CaseFacts, as_of: date = date(2026, 12, 1)) -> dict[str, date]:
    found = case_deadlines(facts, as_of=as_of, calendar=CALENDAR, timescales=TIMESCALES)
    return {d.code: d.due_date for d in found}


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        # A referral on Christmas Eve 2026: 25 and 28 December and 1 January are not working days.
        # 45 working days on: 2 March 2027.
        (CaseFacts(referral_date=date(2026, 12, 24)), {"ASSESSMENT_COMPLETION": date(2027, 3, 2)}),
        # An NFA referral starts no clock.
        (CaseFacts(referral_date=date(2026, 3, 2), referral_nfa=True), {}),
        # The stored due date of an assessment in progress wins over the computed one.
        (
            CaseFacts(referral_date=date(2026, 3, 2), open_assessment_due=date(2026, 5, 1)),
            {"ASSESSMENT_COMPLETION": date(2026, 5, 1)},
        ),
        # An s47 awaiting its conference; the assessment clock still runs.
        (
            CaseFacts(
                referral_date=date(2026, 3, 2),
                assessment_authorised=True,
                icpc_target=date(2026, 3, 23),
            ),
            {"ICPC": date(2026, 3, 23)},
        ),
        # A plan starting on a Friday before Easter 2027: first core group 10 WD later skips
        # Good Friday (26 March) and Easter Monday (29 March); first review on 3 months.
        (
            CaseFacts(
                referral_date=date(2027, 2, 1),
                assessment_authorised=True,
                cp_plan_start=date(2027, 3, 19),
            ),
            {
                "FIRST_CORE_GROUP": date(2027, 4, 6),
                "FIRST_REVIEW_CONFERENCE": date(2027, 6, 19),
                "CP_VISIT": date(2027, 4, 6),
            },
        ),
        # Later reviews: 6 months after the last, clamped to the month end (31 Aug -> 28 Feb);
        # the core group 20 WD after 3 August skips the bank holiday on 31 August.
        (
            CaseFacts(
                referral_date=date(2026, 1, 5),
                assessment_authorised=True,
                cp_plan_start=date(2026, 3, 2),
                last_core_group=date(2026, 8, 3),
                last_review=date(2026, 8, 31),
                last_visit=date(2026, 11, 20),
            ),
            {
                "CORE_GROUP_FREQUENCY": date(2026, 9, 1),
                "LATER_REVIEW_CONFERENCE": date(2027, 2, 28),
                "CP_VISIT": date(2026, 12, 4),
            },
        ),
        # A CIN plan decided at assessment but not started.
        (
            CaseFacts(
                referral_date=date(2026, 3, 2),
                assessment_authorised=True,
                cin_plan_decided_on=date(2026, 4, 30),
            ),
            {"CIN_PLAN_START": date(2026, 5, 15)},
        ),
        # A CIN plan in place: the visit is due 20 WD after 1 April 2026, across Easter (3 and 6
        # April); a review on 30 November + 3 months = 28 February.
        (
            CaseFacts(
                referral_date=date(2026, 3, 2),
                assessment_authorised=True,
                cin_plan_start=date(2026, 4, 1),
                last_cin_review=date(2026, 11, 30),
            ),
            {"CIN_VISIT": date(2026, 5, 1), "CIN_PLAN_REVIEW": date(2027, 2, 28)},
        ),
    ],
)
def test_due_dates(facts: CaseFacts, expected: dict[str, date]) -> None:
    assert due(facts) == expected


def test_most_urgent_first_and_status() -> None:
    facts = CaseFacts(referral_date=date(2026, 3, 2), icpc_target=date(2026, 3, 23))
    found = case_deadlines(facts, as_of=date(2026, 3, 24), calendar=CALENDAR, timescales=TIMESCALES)
    assert [d.code for d in found] == ["ICPC", "ASSESSMENT_COMPLETION"]
    assert found[0].status == "overdue"
    assert found[0].days_overdue == 1
    assert found[1].status == "on_track"


def test_due_on_the_day_is_not_overdue_and_is_due_soon() -> None:
    facts = CaseFacts(referral_date=date(2026, 3, 2), icpc_target=date(2026, 3, 23))
    found = case_deadlines(facts, as_of=date(2026, 3, 23), calendar=CALENDAR, timescales=TIMESCALES)
    assert found[0].status == "due_soon"
    assert found[0].days_overdue == 0


def test_the_statutory_package_imports_nothing_from_django() -> None:
    from pathlib import Path

    package = Path(__file__).resolve().parent.parent
    offenders = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if path.parent.name != "tests"
        and ("import django" in path.read_text() or "from django" in path.read_text())
    ]
    assert offenders == []
