"""The hub's decision clocks at their boundaries: weekends, bank holidays, midnight, clocks
changing."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from haven.statutory.calendar import build_calendar
from haven.statutory.triage import AMBER, DEFAULT_CLOCKS, GREEN, RED, UNRATED, Clock, due_at

LONDON = ZoneInfo("Europe/London")
CAL = build_calendar()


def at(y, m, d, hh, mm=0):
    return datetime.datetime(y, m, d, hh, mm, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("rating", "received", "due"),
    [
        # Red is clock hours, day or night.
        (RED, at(2026, 11, 27, 22, 30), at(2026, 11, 28, 2, 30)),
        (RED, at(2026, 12, 25, 9), at(2026, 12, 25, 13)),
        # Amber: one working day, same time of day.
        (AMBER, at(2026, 11, 23, 10), at(2026, 11, 24, 10)),  # Monday -> Tuesday
        (AMBER, at(2026, 11, 27, 16), at(2026, 11, 30, 16)),  # Friday -> Monday
        (AMBER, at(2026, 11, 28, 11), at(2026, 11, 30, 11)),  # Saturday -> Monday
        (AMBER, at(2026, 12, 24, 15), at(2026, 12, 29, 15)),  # Christmas Eve -> 29 December
        (AMBER, at(2027, 3, 25, 9), at(2027, 3, 30, 9)),  # Easter 2027: Good Friday, Monday
        # Green: three working days.
        (GREEN, at(2026, 11, 25, 12), at(2026, 11, 30, 12)),  # Wednesday -> Monday
        # Christmas Day and the substitute Boxing Day (Monday 28 December) are skipped.
        (GREEN, at(2026, 12, 23, 8), at(2026, 12, 30, 8)),
    ],
)
def test_default_clocks(rating, received, due):
    assert due_at(received, DEFAULT_CLOCKS[rating], CAL) == due


def test_an_unrated_contact_runs_on_the_statutory_working_day():
    assert due_at(at(2026, 11, 27, 9), UNRATED, CAL) == at(2026, 11, 30, 9)


def test_the_clocks_going_back_keep_the_time_of_day():
    # British Summer Time ends on 25 October 2026.
    assert due_at(at(2026, 10, 23, 10), UNRATED, CAL) == at(2026, 10, 26, 10)


def test_an_authority_closure_day_is_skipped():
    closed = build_calendar([datetime.date(2026, 11, 30)])
    assert due_at(at(2026, 11, 27, 16), UNRATED, closed) == at(2026, 12, 1, 16)


@pytest.mark.parametrize(
    "kwargs", [{}, {"hours": 4, "working_days": 1}, {"hours": -1}, {"working_days": -2}]
)
def test_a_clock_is_hours_or_working_days(kwargs):
    with pytest.raises(ValueError, match="clock"):
        Clock(**kwargs)


def test_a_naive_time_is_refused():
    with pytest.raises(ValueError, match="aware"):
        due_at(datetime.datetime(2026, 11, 27, 9), UNRATED, CAL)  # noqa: DTZ001
