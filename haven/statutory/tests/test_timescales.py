"""Timescales and due dates (reference section 1.1). No clock, no Django."""

from __future__ import annotations

from datetime import date

import pytest

from haven.statutory.calendar import build_calendar
from haven.statutory.timescales import (
    ASSESSMENT_COMPLETION,
    CIN_PLAN_REVIEW,
    CIN_PLAN_START,
    CIN_VISIT,
    CORE_GROUP_FREQUENCY,
    CP_VISIT,
    DEFAULT_LOCAL_TIMESCALES,
    FIRST_CORE_GROUP,
    FIRST_REVIEW_CONFERENCE,
    ICPC,
    LATER_REVIEW_CONFERENCE,
    NATIONAL_TIMESCALES,
    REFERRAL_DECISION,
    Timescale,
    due_date,
    get_timescale,
    is_overdue,
    with_value,
    working_days_late,
)

CAL = build_calendar()


def test_national_timescale_values() -> None:
    values = {
        t.code: (t.working_days, t.months, t.weeks, t.calendar_days) for t in NATIONAL_TIMESCALES
    }
    assert values == {
        "REFERRAL_DECISION": (1, None, None, None),
        "ASSESSMENT_COMPLETION": (45, None, None, None),
        "ICPC": (15, None, None, None),
        "FIRST_CORE_GROUP": (10, None, None, None),
        "FIRST_REVIEW_CONFERENCE": (None, 3, None, None),
        "LATER_REVIEW_CONFERENCE": (None, 6, None, None),
    }
    assert all(t.national for t in NATIONAL_TIMESCALES)


def test_default_local_timescale_values() -> None:
    values = {t.code: (t.working_days, t.months) for t in DEFAULT_LOCAL_TIMESCALES}
    assert values == {
        "CP_VISIT": (10, None),
        "CIN_VISIT": (20, None),
        "CIN_PLAN_START": (10, None),
        "CORE_GROUP_FREQUENCY": (20, None),
        "CIN_PLAN_REVIEW": (None, 3),
    }
    assert not any(t.national for t in DEFAULT_LOCAL_TIMESCALES)


@pytest.mark.parametrize("timescale", NATIONAL_TIMESCALES + DEFAULT_LOCAL_TIMESCALES)
def test_every_timescale_has_label_event_and_source(timescale: Timescale) -> None:
    assert timescale.label
    assert timescale.starts_from
    assert timescale.source
    if timescale.national:
        assert "Working Together" in timescale.source


@pytest.mark.parametrize(
    ("timescale", "start", "due"),
    [
        # referral on Thu 24 Dec 2026: 25 Dec Fri, 28 Dec substitute Mon -> Tue 29 Dec
        (REFERRAL_DECISION, date(2026, 12, 24), date(2026, 12, 29)),
        (REFERRAL_DECISION, date(2026, 1, 16), date(2026, 1, 19)),  # Fri -> Mon
        (ASSESSMENT_COMPLETION, date(2026, 1, 5), date(2026, 3, 9)),
        (ASSESSMENT_COMPLETION, date(2026, 12, 7), date(2027, 2, 11)),
        (ASSESSMENT_COMPLETION, date(2027, 3, 1), date(2027, 5, 6)),
        # strategy discussion Thu 17 Dec 2026: Dec 18, 21-24, 29-31, Jan 4-8, 11, 12
        (ICPC, date(2026, 12, 17), date(2027, 1, 12)),
        (FIRST_CORE_GROUP, date(2027, 1, 12), date(2027, 1, 26)),
        (FIRST_REVIEW_CONFERENCE, date(2027, 11, 30), date(2028, 2, 29)),
        (FIRST_REVIEW_CONFERENCE, date(2026, 11, 30), date(2027, 2, 28)),
        (LATER_REVIEW_CONFERENCE, date(2026, 8, 31), date(2027, 2, 28)),
        (LATER_REVIEW_CONFERENCE, date(2027, 8, 31), date(2028, 2, 29)),
        (CP_VISIT, date(2027, 3, 22), date(2027, 4, 7)),  # Easter 2027 inside
        (CIN_VISIT, date(2026, 1, 5), date(2026, 2, 2)),
        (CIN_PLAN_START, date(2026, 1, 5), date(2026, 1, 19)),
        (CORE_GROUP_FREQUENCY, date(2026, 1, 5), date(2026, 2, 2)),
        (CIN_PLAN_REVIEW, date(2026, 1, 31), date(2026, 4, 30)),
    ],
)
def test_due_date(timescale: Timescale, start: date, due: date) -> None:
    assert due_date(timescale, start=start, calendar=CAL) == due


def test_with_value_weeks_and_days() -> None:
    fortnightly = with_value(CP_VISIT, weeks=2)
    assert fortnightly.weeks == 2
    assert fortnightly.working_days is None
    assert fortnightly.code == "CP_VISIT"
    assert not fortnightly.national
    assert due_date(fortnightly, start=date(2026, 12, 24), calendar=CAL) == date(2027, 1, 7)
    weekly = with_value(CIN_VISIT, calendar_days=7)
    assert due_date(weekly, start=date(2028, 2, 25), calendar=CAL) == date(2028, 3, 3)
    monthly = with_value(CIN_VISIT, months=1)
    assert due_date(monthly, start=date(2028, 1, 31), calendar=CAL) == date(2028, 2, 29)
    assert CP_VISIT.working_days == 10  # the original is unchanged


@pytest.mark.parametrize("kwargs", [{}, {"weeks": 2, "months": 1}])
def test_with_value_needs_exactly_one_unit(kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="exactly one"):
        with_value(CP_VISIT, **kwargs)


def test_timescale_needs_exactly_one_unit() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        Timescale(code="X", label="x", starts_from="y", source="z", national=False)
    with pytest.raises(ValueError, match="exactly one"):
        Timescale(
            code="X", label="x", starts_from="y", source="z", national=False, weeks=1, months=1
        )
    with pytest.raises(ValueError, match="negative"):
        Timescale(code="X", label="x", starts_from="y", source="z", national=False, weeks=-1)


def test_get_timescale_defaults_and_overrides() -> None:
    assert get_timescale("ICPC") is ICPC
    assert get_timescale("CP_VISIT") is CP_VISIT
    local = {"CP_VISIT": with_value(CP_VISIT, weeks=4)}
    assert get_timescale("CP_VISIT", local).weeks == 4
    assert get_timescale("CIN_VISIT", local) is CIN_VISIT
    assert get_timescale("ICPC", local) is ICPC


def test_get_timescale_refuses_national_override() -> None:
    with pytest.raises(ValueError, match="national"):
        get_timescale("ICPC", {"ICPC": with_value(ICPC, working_days=20)})


def test_get_timescale_refuses_mismatched_or_unknown_codes() -> None:
    with pytest.raises(ValueError, match="Override under"):
        get_timescale("CP_VISIT", {"CIN_VISIT": with_value(CP_VISIT, weeks=4)})
    with pytest.raises(ValueError, match="Unknown"):
        get_timescale("NOPE")


@pytest.mark.parametrize(
    ("timescale", "text"),
    [
        (REFERRAL_DECISION, "1 working day"),
        (ASSESSMENT_COMPLETION, "45 working days"),
        (FIRST_REVIEW_CONFERENCE, "3 months"),
        (with_value(CP_VISIT, weeks=1), "1 week"),
        (with_value(CP_VISIT, calendar_days=7), "7 days"),
    ],
)
def test_describe(timescale: Timescale, text: str) -> None:
    assert timescale.describe() == text


DUE = date(2026, 12, 24)


@pytest.mark.parametrize(
    ("done_on", "as_of", "overdue", "late"),
    [
        (date(2026, 12, 23), date(2027, 6, 1), False, 0),  # early
        (DUE, date(2027, 6, 1), False, 0),  # on the due day: in time
        (date(2026, 12, 29), date(2027, 6, 1), True, 1),  # next working day
        (date(2026, 12, 25), date(2027, 6, 1), True, 0),  # late, but no working day lost
        (date(2027, 1, 4), date(2027, 6, 1), True, 4),
        (None, DUE, False, 0),  # not done, today is the due day
        (None, date(2026, 12, 23), False, 0),
        (None, date(2026, 12, 29), True, 1),
        (None, date(2027, 1, 5), True, 5),
    ],
)
def test_overdue_and_working_days_late(
    done_on: date | None, as_of: date, overdue: bool, late: int
) -> None:
    assert is_overdue(DUE, done_on=done_on, as_of=as_of) is overdue
    assert working_days_late(DUE, done_on=done_on, as_of=as_of, calendar=CAL) == late
