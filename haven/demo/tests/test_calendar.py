"""The generator's precomputed calendar agrees with the statutory one, day by day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from haven.demo.borough.calendar import FastCalendar
from haven.statutory.calendar import build_calendar

FIRST = date(2019, 1, 1)
LAST = date(2028, 12, 31)


@pytest.fixture(scope="module")
def calendars() -> tuple[FastCalendar, object]:
    statutory = build_calendar()
    return FastCalendar(statutory, FIRST, LAST), statutory


def _days(step: int) -> list[date]:
    return [FIRST + timedelta(days=n) for n in range(90, (LAST - FIRST).days - 200, step)]


def test_working_days_and_additions_match_the_statutory_calendar(calendars: tuple) -> None:
    fast, statutory = calendars
    for day in _days(3):
        assert fast.is_working_day(day) == statutory.is_working_day(day)
        for n in (0, 1, 10, 15, 20, 45):
            assert fast.add(day, n) == statutory.add_working_days(day, n), (day, n)


def test_differences_and_rounding_match_the_statutory_calendar(calendars: tuple) -> None:
    fast, statutory = calendars
    for day in _days(5):
        for later in (
            day,
            day + timedelta(days=1),
            day + timedelta(days=17),
            day + timedelta(days=64),
        ):
            assert fast.between(day, later) == statutory.working_days_between(day, later)
        assert fast.on_or_after(day) == statutory.next_working_day_on_or_after(day)
        assert fast.on_or_before(day) == statutory.previous_working_day_on_or_before(day)
        for n in (1, 10, 45):
            back = fast.subtract(day, n)
            assert statutory.is_working_day(back)
            expected = n if statutory.is_working_day(day) else n - 1
            assert statutory.working_days_between(back, day) == expected, (day, n)


def test_christmas_2026_and_its_substitute_day_are_not_working_days(calendars: tuple) -> None:
    fast, _ = calendars
    assert fast.add(date(2026, 12, 24), 1) == date(2026, 12, 29)


def test_dates_outside_the_calendar_are_refused(calendars: tuple) -> None:
    fast, _ = calendars
    with pytest.raises(ValueError, match="outside"):
        fast.add(date(2030, 1, 1), 1)
    with pytest.raises(ValueError, match="before"):
        fast.on_or_before(FIRST)  # a bank holiday, the first day of the calendar
    with pytest.raises(ValueError, match="after"):
        fast.add(LAST - timedelta(days=3), 10)
