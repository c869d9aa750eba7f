"""The statutory working-day calendar, precomputed over the borough's history.

The generator asks for hundreds of thousands of due dates. :class:`FastCalendar` answers them
from arrays built once from :func:`haven.statutory.calendar.build_calendar` (England and Wales
bank holidays), with the same DfE counting convention (the start day is day 0, reference 1.5);
the tests check it against :class:`~haven.statutory.calendar.WorkingDayCalendar` day by day.
"""

from __future__ import annotations

from datetime import date, timedelta

from haven.statutory.calendar import WorkingDayCalendar


class FastCalendar:
    """Working-day arithmetic between ``first`` and ``last`` (inclusive), by table lookup."""

    def __init__(self, calendar: WorkingDayCalendar, first: date, last: date) -> None:
        if last < first:
            raise ValueError("The calendar must end after it starts")
        self.first = first
        self.last = last
        self._base = first.toordinal()
        self._working_days: list[date] = []
        # _count[i]: how many working days fall on or before first + i days.
        self._count: list[int] = []
        day = first
        while day <= last:
            if calendar.is_working_day(day):
                self._working_days.append(day)
            self._count.append(len(self._working_days))
            day += timedelta(days=1)

    def _offset(self, d: date) -> int:
        offset = d.toordinal() - self._base
        if offset < 0 or offset >= len(self._count):
            raise ValueError(f"{d} is outside the generator's calendar ({self.first}-{self.last})")
        return offset

    def is_working_day(self, d: date) -> bool:
        offset = self._offset(d)
        before = self._count[offset - 1] if offset else 0
        return self._count[offset] > before

    def add(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (``start`` itself when ``n`` is 0)."""
        if n < 0:
            raise ValueError(f"n must be zero or more, not {n}")
        if n == 0:
            return start
        index = self._count[self._offset(start)] + n - 1
        if index >= len(self._working_days):
            raise ValueError(f"That is after the generator's calendar ends ({self.last})")
        return self._working_days[index]

    def subtract(self, start: date, n: int) -> date:
        """The ``n``-th working day before ``start`` (``start`` itself when ``n`` is 0)."""
        if n < 0:
            raise ValueError(f"n must be zero or more, not {n}")
        if n == 0:
            return start
        before = self._count[self._offset(start)] - (1 if self.is_working_day(start) else 0)
        return self._nth(before - n)

    def between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (DfE convention)."""
        if end <= start:
            return 0
        return self._count[self._offset(end)] - self._count[self._offset(start)]

    def on_or_after(self, d: date) -> date:
        """``d`` if it is a working day, otherwise the next working day."""
        return d if self.is_working_day(d) else self.add(d, 1)

    def on_or_before(self, d: date) -> date:
        """``d`` if it is a working day, otherwise the working day before it."""
        return self._nth(self._count[self._offset(d)] - 1)

    def _nth(self, index: int) -> date:
        if index < 0:
            raise ValueError(f"That is before the generator's calendar starts ({self.first})")
        return self._working_days[index]
