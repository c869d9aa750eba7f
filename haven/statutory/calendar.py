"""Working days, calendar months and the England and Wales bank holidays.

Sources:

* "Working day" in *Working Together to Safeguard Children* (2013, 2018 and 2023 editions) means
  Monday to Friday, excluding bank holidays in England and Wales. Scottish and Northern Irish
  holidays must not be used.
* Bank holidays: the GOV.UK ``bank-holidays.json`` feed, division ``england-and-wales``. The list
  cannot be derived from a formula alone (one-off holidays such as the 2022 State Funeral, and
  moved or substitute days), so it ships as data in ``data/bank_holidays_england_and_wales.json``.
* Counting conventions (see the project reference, section 1.5): DfE statistics measure a
  duration in working days with the start day as day 0, so "within 45 working days of the
  referral" means no later than the 45th working day *after* the referral date. The CIN census
  validation queries (8569Q, 8670Q, 8675Q) count the start day as day 1, which is one day
  stricter. :meth:`WorkingDayCalendar.working_days_between` implements the first,
  :meth:`WorkingDayCalendar.working_days_between_inclusive_start` the second.

An authority may also close on extra days (for example a Christmas shutdown); pass them to
:func:`build_calendar` so that they count as non-working days for that authority.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

__all__ = [
    "BANK_HOLIDAYS_RESOURCE",
    "WorkingDayCalendar",
    "add_months",
    "build_calendar",
    "england_and_wales_bank_holidays",
    "is_weekend",
]

BANK_HOLIDAYS_RESOURCE = "bank_holidays_england_and_wales.json"

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5


def is_weekend(d: date) -> bool:
    """Return True for a Saturday or a Sunday."""
    return d.weekday() >= _SATURDAY


@dataclass(frozen=True)
class WorkingDayCalendar:
    """A working-day calendar: Monday to Friday, less the days in ``holidays``.

    ``holidays`` holds the England and Wales bank holidays plus any extra closure days of the
    authority. Weekend dates in ``holidays`` are harmless (a weekend is never a working day).
    """

    holidays: frozenset[date] = frozenset()

    def is_working_day(self, d: date) -> bool:
        """Return True if ``d`` is a Monday to Friday that is not a holiday or closure day."""
        return not is_weekend(d) and d not in self.holidays

    def next_working_day_on_or_after(self, d: date) -> date:
        """Return ``d`` itself if it is a working day, otherwise the next working day."""
        while not self.is_working_day(d):
            d += _ONE_DAY
        return d

    def previous_working_day_on_or_before(self, d: date) -> date:
        """Return ``d`` itself if it is a working day, otherwise the last working day before it."""
        while not self.is_working_day(d):
            d -= _ONE_DAY
        return d

    def add_working_days(self, start: date, n: int) -> date:
        """Return the ``n``-th working day after ``start`` (the start day is day 0).

        ``add_working_days(friday, 1)`` is the next Monday (if it is not a bank holiday). When
        ``start`` is not a working day, day 1 is the first working day after it. ``n == 0``
        returns ``start`` unchanged. DfE convention, reference section 1.5.
        """
        if n < 0:
            raise ValueError(f"n must be zero or more, not {n}")
        d = start
        remaining = n
        while remaining:
            d += _ONE_DAY
            if self.is_working_day(d):
                remaining -= 1
        return d

    def working_days_between(self, start: date, end: date) -> int:
        """Count the working days after ``start`` up to and including ``end``.

        This is the DfE statistics convention (start day is day 0): a referral on a Monday and an
        assessment authorised on the Tuesday took 1 working day. Returns 0 if ``end <= start``.
        For every ``n >= 0``: ``working_days_between(d, add_working_days(d, n)) == n``.
        """
        if end <= start:
            return 0
        return self._count_working_days(start + _ONE_DAY, end)

    def working_days_between_inclusive_start(self, start: date, end: date) -> int:
        """Count the working days from ``start`` to ``end``, both included.

        This is the convention of the CIN census validation queries 8569Q, 8670Q and 8675Q (DfE
        CIN census validation rules), which count the start day as day 1 when it is a working
        day. It is one more than :meth:`working_days_between` whenever ``start`` is a working
        day and ``end >= start``. Returns 0 if ``end < start``.
        """
        if end < start:
            return 0
        return self._count_working_days(start, end)

    def _count_working_days(self, first: date, last: date) -> int:
        """Count working days in the closed range ``first..last`` (``first <= last``)."""
        days = (last - first).days + 1
        full_weeks, extra = divmod(days, 7)
        count = full_weeks * 5
        d = first + timedelta(days=full_weeks * 7)
        for _ in range(extra):
            if not is_weekend(d):
                count += 1
            d += _ONE_DAY
        count -= sum(1 for h in self.holidays if first <= h <= last and not is_weekend(h))
        return count


def add_months(d: date, n: int) -> date:
    """Add ``n`` calendar months to ``d``, clamping to the last day of a shorter month.

    Used for the "within 3 months" and "not more than 6 months" conference timescales (Working
    Together 2023, chapter 3). Examples: 30 Nov 2027 + 3 months = 29 Feb 2028; 31 Jan 2026 + 1
    month = 28 Feb 2026; 31 Aug 2026 + 6 months = 28 Feb 2027. ``n`` may be negative.
    """
    month_index = d.year * 12 + (d.month - 1) + n
    year, month0 = divmod(month_index, 12)
    month = month0 + 1
    last_day = _stdlib_calendar.monthrange(year, month)[1]
    return date(year, month, min(d.day, last_day))


@lru_cache(maxsize=1)
def _load_bank_holidays() -> frozenset[date]:
    text = (
        resources.files("haven.statutory")
        .joinpath("data", BANK_HOLIDAYS_RESOURCE)
        .read_text(encoding="utf-8")
    )
    rows = json.loads(text)
    if not isinstance(rows, list):
        raise ValueError(f"{BANK_HOLIDAYS_RESOURCE} must hold a JSON list")
    holidays: set[date] = set()
    for row in rows:
        if not isinstance(row, dict) or not isinstance(row.get("date"), str):
            raise ValueError(f"{BANK_HOLIDAYS_RESOURCE}: bad entry {row!r}")
        holidays.add(date.fromisoformat(row["date"]))
    return frozenset(holidays)


def england_and_wales_bank_holidays() -> frozenset[date]:
    """Return the England and Wales bank holidays shipped with this package (2012 to 2028).

    Source: GOV.UK ``bank-holidays.json``, division ``england-and-wales``. Includes the one-off
    holidays (2012 Diamond Jubilee, 2020 VE Day move, 2022 Platinum Jubilee and State Funeral,
    2023 Coronation) and the substitute days. The file is read once and cached.
    """
    return _load_bank_holidays()


def build_calendar(extra_closure_days: Iterable[date] = ()) -> WorkingDayCalendar:
    """Build a calendar of England and Wales bank holidays plus an authority's closure days."""
    return WorkingDayCalendar(
        holidays=england_and_wales_bank_holidays() | frozenset(extra_closure_days)
    )
