"""Working days, months and bank holidays (reference section 1.5). No clock, no Django."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from haven.statutory.calendar import (
    WorkingDayCalendar,
    add_months,
    build_calendar,
    england_and_wales_bank_holidays,
    is_weekend,
)

CAL = build_calendar()

# Every England and Wales bank holiday 2022-2027, copied from the project reference (section
# 1.5, from GOV.UK bank-holidays.json). The shipped data must contain each of them.
REFERENCE_BANK_HOLIDAYS_2022_2027 = """
2022-01-03 2022-04-15 2022-04-18 2022-05-02 2022-06-02 2022-06-03 2022-08-29 2022-09-19 2022-12-26
2022-12-27
2023-01-02 2023-04-07 2023-04-10 2023-05-01 2023-05-08 2023-05-29 2023-08-28 2023-12-25 2023-12-26
2024-01-01 2024-03-29 2024-04-01 2024-05-06 2024-05-27 2024-08-26 2024-12-25 2024-12-26
2025-01-01 2025-04-18 2025-04-21 2025-05-05 2025-05-26 2025-08-25 2025-12-25 2025-12-26
2026-01-01 2026-04-03 2026-04-06 2026-05-04 2026-05-25 2026-08-31 2026-12-25 2026-12-28
2027-01-01 2027-03-26 2027-03-29 2027-05-03 2027-05-31 2027-08-30 2027-12-27 2027-12-28
"""
REFERENCE_DATES = [date.fromisoformat(s) for s in REFERENCE_BANK_HOLIDAYS_2022_2027.split()]


# --- bank holiday data ------------------------------------------------------------------


def test_reference_list_parsed() -> None:
    assert len(REFERENCE_DATES) == 51  # 10 + 9 + 8 + 8 + 8 + 8


@pytest.mark.parametrize("holiday", REFERENCE_DATES, ids=str)
def test_data_contains_every_reference_holiday(holiday: date) -> None:
    assert holiday in england_and_wales_bank_holidays()
    assert not CAL.is_working_day(holiday)


def test_data_matches_reference_exactly_for_2022_to_2027() -> None:
    shipped = {d for d in england_and_wales_bank_holidays() if 2022 <= d.year <= 2027}
    assert shipped == set(REFERENCE_DATES)


def test_no_bank_holiday_falls_on_a_weekend() -> None:
    assert [d for d in england_and_wales_bank_holidays() if is_weekend(d)] == []


@pytest.mark.parametrize("year", range(2012, 2029))
def test_every_year_2012_to_2028_is_covered(year: int) -> None:
    count = sum(1 for d in england_and_wales_bank_holidays() if d.year == year)
    assert count >= 8


@pytest.mark.parametrize(
    ("holiday", "why"),
    [
        (date(2012, 6, 4), "spring bank holiday moved for the Diamond Jubilee"),
        (date(2012, 6, 5), "Diamond Jubilee"),
        (date(2020, 5, 8), "early May bank holiday moved to VE Day"),
        (date(2022, 6, 2), "spring bank holiday moved for the Platinum Jubilee"),
        (date(2022, 6, 3), "Platinum Jubilee"),
        (date(2022, 9, 19), "State Funeral of Queen Elizabeth II"),
        (date(2023, 5, 8), "Coronation of King Charles III"),
        (date(2015, 12, 28), "Boxing Day substitute"),
        (date(2016, 12, 27), "Christmas Day substitute"),
        (date(2021, 12, 27), "Christmas Day substitute"),
        (date(2021, 12, 28), "Boxing Day substitute"),
        (date(2026, 12, 28), "Boxing Day substitute"),
        (date(2027, 12, 27), "Christmas Day substitute"),
        (date(2027, 12, 28), "Boxing Day substitute"),
        (date(2028, 1, 3), "New Year's Day substitute"),
        (date(2028, 4, 14), "Good Friday 2028"),
        (date(2028, 4, 17), "Easter Monday 2028"),
        (date(2013, 3, 29), "Good Friday 2013"),
        (date(2016, 3, 28), "Easter Monday 2016"),
    ],
)
def test_one_off_and_substitute_days(holiday: date, why: str) -> None:
    assert holiday in england_and_wales_bank_holidays(), why


@pytest.mark.parametrize(
    "not_a_holiday",
    [
        date(2012, 5, 28),  # usual spring bank holiday, moved in 2012
        date(2020, 5, 4),  # usual early May bank holiday, moved in 2020
        date(2022, 5, 30),  # usual spring bank holiday, moved in 2022
        date(2026, 12, 24),  # Christmas Eve is not a bank holiday
    ],
)
def test_moved_holidays_are_absent(not_a_holiday: date) -> None:
    assert not_a_holiday not in england_and_wales_bank_holidays()


def test_bank_holidays_are_cached() -> None:
    assert england_and_wales_bank_holidays() is england_and_wales_bank_holidays()


# --- working days -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 1, 16), True),  # Friday
        (date(2026, 1, 17), False),  # Saturday
        (date(2026, 1, 18), False),  # Sunday
        (date(2026, 1, 19), True),  # Monday
        (date(2026, 12, 24), True),  # Christmas Eve, Thursday
        (date(2026, 12, 25), False),  # Christmas Day, Friday
        (date(2026, 12, 28), False),  # Boxing Day substitute, Monday
        (date(2026, 12, 29), True),
        (date(2027, 1, 1), False),  # New Year's Day, Friday
        (date(2027, 3, 26), False),  # Good Friday
        (date(2027, 3, 29), False),  # Easter Monday
        (date(2027, 3, 30), True),
    ],
)
def test_is_working_day(d: date, expected: bool) -> None:
    assert CAL.is_working_day(d) is expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2026, 1, 16), 0, date(2026, 1, 16)),  # day 0 is the start
        (date(2026, 1, 16), 1, date(2026, 1, 19)),  # Friday + 1 = Monday
        (date(2026, 1, 17), 0, date(2026, 1, 17)),  # Saturday + 0 = itself
        (date(2026, 1, 17), 1, date(2026, 1, 19)),  # Saturday: day 1 is Monday
        (date(2026, 1, 18), 1, date(2026, 1, 19)),  # Sunday: day 1 is Monday
        (date(2026, 1, 19), 5, date(2026, 1, 26)),  # a full week
        # Christmas 2026: 25 Dec Friday, 28 Dec substitute Monday
        (date(2026, 12, 23), 1, date(2026, 12, 24)),
        (date(2026, 12, 24), 1, date(2026, 12, 29)),
        (date(2026, 12, 25), 1, date(2026, 12, 29)),
        (date(2026, 12, 24), 2, date(2026, 12, 30)),
        # New Year 2027: 1 Jan Friday
        (date(2026, 12, 31), 1, date(2027, 1, 4)),
        (date(2026, 12, 30), 2, date(2027, 1, 4)),
        # Easter 2027: 26 and 29 March
        (date(2027, 3, 25), 1, date(2027, 3, 30)),
        (date(2027, 3, 24), 2, date(2027, 3, 30)),
        # Christmas 2027: 25/26 Dec weekend, 27/28 Dec substitutes
        (date(2027, 12, 24), 1, date(2027, 12, 29)),
        # 29 February 2028 is a Tuesday and a working day
        (date(2028, 2, 28), 1, date(2028, 2, 29)),
        (date(2028, 2, 29), 1, date(2028, 3, 1)),
    ],
)
def test_add_working_days(start: date, n: int, expected: date) -> None:
    assert CAL.add_working_days(start, n) == expected


@pytest.mark.parametrize(
    ("referral", "due"),
    [
        # 5 Jan 2026 (Mon): no bank holiday before Good Friday, so 9 whole weeks.
        (date(2026, 1, 5), date(2026, 3, 9)),
        # 7 Dec 2026 (Mon): Dec 8-11 (4), 14-18 (9), 21-24 (13), 29-31 (16), Jan 4-8 (21),
        # 11-15 (26), 18-22 (31), 25-29 (36), Feb 1-5 (41), Feb 8-11 (45).
        (date(2026, 12, 7), date(2027, 2, 11)),
        # 1 Mar 2027 (Mon): Mar 2-5 (4), 8-12 (9), 15-19 (14), 22-25 (18), Mar 30-Apr 2 (22),
        # Apr 5-9 (27), 12-16 (32), 19-23 (37), 26-30 (42), May 4-6 (45; 3 May is a holiday).
        (date(2027, 3, 1), date(2027, 5, 6)),
    ],
)
def test_45_working_day_assessment_examples(referral: date, due: date) -> None:
    assert CAL.add_working_days(referral, 45) == due
    assert CAL.working_days_between(referral, due) == 45
    # by the census-query convention the same day is day 46
    assert CAL.working_days_between_inclusive_start(referral, due) == 46


def test_add_working_days_rejects_negative() -> None:
    with pytest.raises(ValueError, match="zero or more"):
        CAL.add_working_days(date(2026, 1, 5), -1)


@pytest.mark.parametrize(
    ("start", "end", "dfe", "census_query"),
    [
        (date(2026, 1, 5), date(2026, 1, 4), 0, 0),  # end before start
        (date(2026, 1, 5), date(2026, 1, 5), 0, 1),  # same working day
        (date(2026, 1, 5), date(2026, 1, 6), 1, 2),  # Mon -> Tue
        (date(2026, 1, 16), date(2026, 1, 19), 1, 2),  # Fri -> Mon
        (date(2026, 1, 17), date(2026, 1, 19), 1, 1),  # Sat start is not a working day
        (date(2026, 1, 17), date(2026, 1, 18), 0, 0),  # weekend only
        (date(2026, 12, 24), date(2026, 12, 29), 1, 2),  # across Christmas 2026
        (date(2027, 3, 25), date(2027, 3, 30), 1, 2),  # across Easter 2027
        (date(2026, 12, 25), date(2027, 1, 4), 4, 4),  # start on a bank holiday
    ],
)
def test_counting_conventions(start: date, end: date, dfe: int, census_query: int) -> None:
    assert CAL.working_days_between(start, end) == dfe
    assert CAL.working_days_between_inclusive_start(start, end) == census_query


def test_conventions_differ_by_one_at_the_45_day_boundary() -> None:
    referral = date(2026, 1, 5)
    day_45 = CAL.add_working_days(referral, 45)
    day_44 = CAL.add_working_days(referral, 44)
    # DfE convention: completed on day_45 is in time (45), the query convention says 46.
    assert CAL.working_days_between(referral, day_45) == 45
    assert CAL.working_days_between_inclusive_start(referral, day_45) == 46
    # The query convention reaches 45 one working day earlier.
    assert CAL.working_days_between_inclusive_start(referral, day_44) == 45


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 1, 19), date(2026, 1, 19)),
        (date(2026, 1, 17), date(2026, 1, 19)),
        (date(2026, 12, 25), date(2026, 12, 29)),
        (date(2026, 12, 26), date(2026, 12, 29)),
        (date(2027, 3, 26), date(2027, 3, 30)),
    ],
)
def test_next_working_day_on_or_after(d: date, expected: date) -> None:
    assert CAL.next_working_day_on_or_after(d) == expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 1, 19), date(2026, 1, 19)),
        (date(2026, 1, 18), date(2026, 1, 16)),
        (date(2026, 12, 28), date(2026, 12, 24)),
    ],
)
def test_previous_working_day_on_or_before(d: date, expected: date) -> None:
    assert CAL.previous_working_day_on_or_before(d) == expected


def test_authority_closure_days() -> None:
    shutdown = [date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)]
    cal = build_calendar(shutdown)
    assert cal.add_working_days(date(2026, 12, 24), 1) == date(2027, 1, 4)
    assert CAL.add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
    assert england_and_wales_bank_holidays() <= cal.holidays


def test_calendar_without_holidays_counts_weekdays_only() -> None:
    cal = WorkingDayCalendar()
    assert cal.add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 25)


# --- months -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "n", "expected"),
    [
        (date(2027, 11, 30), 3, date(2028, 2, 29)),  # leap year clamp
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2028, 2, 29), 48, date(2032, 2, 29)),
        (date(2026, 10, 31), 1, date(2026, 11, 30)),
        (date(2026, 12, 31), 2, date(2027, 2, 28)),
        (date(2026, 11, 15), 3, date(2027, 2, 15)),
        (date(2026, 3, 15), 3, date(2026, 6, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
        (date(2026, 5, 5), 0, date(2026, 5, 5)),
    ],
)
def test_add_months(d: date, n: int, expected: date) -> None:
    assert add_months(d, n) == expected


# --- properties ---------------------------------------------------------------------------

DATES_IN_DATA = st.dates(min_value=date(2012, 1, 1), max_value=date(2027, 12, 31))


@given(d=DATES_IN_DATA, n=st.integers(min_value=1, max_value=300))
def test_result_is_always_a_working_day(d: date, n: int) -> None:
    assert CAL.is_working_day(CAL.add_working_days(d, n))


@given(d=DATES_IN_DATA, n=st.integers(min_value=0, max_value=300))
def test_between_inverts_add_for_working_day_starts(d: date, n: int) -> None:
    start = CAL.next_working_day_on_or_after(d)
    end = CAL.add_working_days(start, n)
    assert CAL.working_days_between(start, end) == n
    assert CAL.working_days_between_inclusive_start(start, end) == n + 1


@given(d=DATES_IN_DATA, n=st.integers(min_value=0, max_value=300))
def test_between_inverts_add_for_any_start(d: date, n: int) -> None:
    assert CAL.working_days_between(d, CAL.add_working_days(d, n)) == n


@given(start=DATES_IN_DATA, span=st.integers(min_value=-10, max_value=400))
def test_fast_count_matches_day_by_day_count(start: date, span: int) -> None:
    end = start + timedelta(days=span)
    slow = sum(1 for i in range(1, span + 1) if CAL.is_working_day(start + timedelta(days=i)))
    assert CAL.working_days_between(start, end) == slow


@given(d=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_add_months_keeps_day_or_clamps(d: date) -> None:
    result = add_months(d, 1)
    assert (result.year * 12 + result.month) - (d.year * 12 + d.month) == 1
    assert result.day == d.day or (result.day < d.day and (result + timedelta(days=1)).day == 1)
