"""Shared machinery for the casework measures (issue 5): a measure written as one SQL query
that lists its cohort, one row per event or per child, each in a *band*.

Two shapes:

* :class:`CohortMeasure`: events in the period (an assessment authorised, a plan started, a
  meeting held). Each row has the child, the date it counts on (in the period) and its band.
  :meth:`~CohortMeasure.result` counts the rows by calendar month and band in PostgreSQL (one
  GROUP BY query); the headline and the breakdown are sums of those few counts.
* :class:`SnapshotMeasure`: the children as they stood on a day (open cases at the period end).
  The cohort is listed for every month end at once (one GROUP BY query): the headline and the
  breakdown are the period end, the trend is each month end.

A figure is a set of bands: its value is how many rows fall in them, as a count or as a
percentage of the measure's denominator (every band, or the bands a measure names).
:meth:`rows` lists the rows of one figure, so the drill-down shows exactly the children behind
the number. Nothing loops over the cohort in Python except to describe the rows drilled into.
"""

from __future__ import annotations

import datetime
from abc import abstractmethod
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db import connection

from haven.inspection.measures.base import (
    DrillRow,
    Figure,
    Measure,
    MeasureResult,
    MonthPoint,
    Period,
    Unit,
    percent,
)

Params = dict[str, Any]

# Wrappers around a measure's cohort SQL, which is always one of the measures' own constant
# statements (never built from input); the values travel as parameters.
BY_MONTH_SQL = """
SELECT date_trunc('month', cohort.on_date)::date, cohort.band, count(*)
FROM ({cohort}) cohort GROUP BY 1, 2
"""
BY_DAY_SQL = """
SELECT cohort.on_date, cohort.band, count(*) FROM ({cohort}) cohort GROUP BY 1, 2
"""
DRILL_SQL = """
SELECT * FROM ({cohort}) cohort WHERE cohort.band = ANY(%(drill_bands)s)
ORDER BY cohort.on_date, cohort.person_id
"""


def fetch(sql: str, params: Params) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def fetch_dicts(sql: str, params: Params) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@dataclass(frozen=True)
class FigureSpec:
    """One figure of a cohort measure: the rows in `bands`, as a count or as a percentage of
    the measure's denominator."""

    key: str
    label: str
    bands: frozenset[str]
    unit: Unit = "percent"


def spec(key: str, label: str, *bands: str, unit: Unit = "percent") -> FigureSpec:
    return FigureSpec(key=key, label=label, bands=frozenset(bands), unit=unit)


class _BandedMeasure(Measure):
    headline_spec: ClassVar[FigureSpec]
    breakdown_specs: ClassVar[tuple[FigureSpec, ...]] = ()
    # The bands a percentage is out of; None for every band.
    denominator_bands: ClassVar[frozenset[str] | None] = None

    def spec_for(self, key: str) -> FigureSpec:
        for candidate in (self.headline_spec, *self.breakdown_specs):
            if candidate.key == key:
                return candidate
        raise KeyError(key)

    def figure(self, figure_spec: FigureSpec, counts: Mapping[str, int]) -> Figure:
        numerator = sum(counts.get(band, 0) for band in figure_spec.bands)
        if figure_spec.unit == "count":
            return Figure(
                figure_spec.key, figure_spec.label, float(numerator), "count", numerator=numerator
            )
        denominator = self.denominator(counts)
        return Figure(
            figure_spec.key,
            figure_spec.label,
            percent(numerator, denominator),
            figure_spec.unit,
            numerator=numerator,
            denominator=denominator,
        )

    def denominator(self, counts: Mapping[str, int]) -> int:
        if self.denominator_bands is None:
            return sum(counts.values())
        return sum(counts.get(band, 0) for band in self.denominator_bands)

    def point(self, month: datetime.date, counts: Mapping[str, int]) -> MonthPoint:
        headline = self.figure(self.headline_spec, counts)
        return MonthPoint(month, headline.value, headline.numerator, headline.denominator)

    def build(self, counts: Mapping[str, int], monthly: Sequence[MonthPoint]) -> MeasureResult:
        return MeasureResult(
            headline=self.figure(self.headline_spec, counts),
            breakdown=tuple(self.figure(s, counts) for s in self.breakdown_specs),
            monthly=tuple(monthly),
        )

    def detail(self, row: Mapping[str, Any]) -> str:
        """What puts this row in the figure, in a few words (from the cohort's own columns)."""
        return ""

    def drill_extra(self, row: Mapping[str, Any]) -> dict[str, str]:
        return {}

    def drill_rows(self, sql: str, params: Params, figure_spec: FigureSpec) -> list[DrillRow]:
        rows = fetch_dicts(
            DRILL_SQL.format(cohort=sql), {**params, "drill_bands": sorted(figure_spec.bands)}
        )
        return [
            DrillRow(
                person_id=row["person_id"],
                on_date=row["on_date"],
                detail=self.detail(row),
                extra=self.drill_extra(row),
            )
            for row in rows
        ]


class CohortMeasure(_BandedMeasure):
    """Events in the period, counted by the month they fall in."""

    @abstractmethod
    def cohort(self, period: Period, *, today: datetime.date) -> tuple[str, Params]:
        """SQL (and its parameters) with one row per event in the period: `person_id`,
        `on_date` (the day it counts on, inside the period) and `band`, plus any columns
        :meth:`detail` reads."""

    def result(self, period: Period, *, today: datetime.date) -> MeasureResult:
        sql, params = self.cohort(period, today=today)
        grouped = fetch(BY_MONTH_SQL.format(cohort=sql), params)
        by_month: dict[datetime.date, dict[str, int]] = {month: {} for month in period.months()}
        counts: dict[str, int] = defaultdict(int)
        for month, band, n in grouped:
            by_month.setdefault(month, {})[band] = n
            counts[band] += n
        return self.build(counts, [self.point(month, c) for month, c in by_month.items()])

    def rows(self, period: Period, *, today: datetime.date, key: str) -> Sequence[DrillRow]:
        figure_spec = self.spec_for(key)
        sql, params = self.cohort(period, today=today)
        return self.drill_rows(sql, params, figure_spec)


def as_at_dates(
    period: Period, *, today: datetime.date
) -> list[tuple[datetime.date, datetime.date]]:
    """(first of the month, the day the month is measured on) for each month of the period that
    has begun by `today`: the month's last day in the period, or today if that is sooner."""
    return [
        (part.start.replace(day=1), min(part.end, today))
        for part in period.month_periods()
        if part.start <= today
    ]


class SnapshotMeasure(_BandedMeasure):
    """The children as they stood on a day: the period end (or today, if sooner) for the
    headline and the breakdown, and each month end for the trend."""

    # The most days one cohort query can take (longer periods take one query per so many).
    max_days: ClassVar[int | None] = None

    @abstractmethod
    def cohort(self, days: Sequence[datetime.date]) -> tuple[str, Params]:
        """SQL with one row per child counted on each of `days`: `person_id`, `on_date` (the
        day of `days`) and `band`, plus any columns :meth:`detail` reads."""

    def counts(self, days: Sequence[datetime.date]) -> tuple[str, Params]:
        """SQL with (day, band, count) rows for `days`: by default the cohort, grouped."""
        sql, params = self.cohort(days)
        return BY_DAY_SQL.format(cohort=sql), params

    def result(self, period: Period, *, today: datetime.date) -> MeasureResult:
        months = dict(as_at_dates(period, today=today))
        by_day: dict[datetime.date, dict[str, int]] = defaultdict(dict)
        days = list(months.values())
        step = self.max_days or len(days) or 1
        for chunk in (days[i : i + step] for i in range(0, len(days), step)):
            sql, params = self.counts(chunk)
            for day, band, n in fetch(sql, params):
                by_day[day][band] = n
        monthly = [
            self.point(first, by_day.get(months[first], {}))
            if first in months
            else MonthPoint(first, None)  # not begun yet
            for first in period.months()
        ]
        final = by_day.get(list(months.values())[-1], {}) if months else {}
        return self.build(final, monthly)

    def rows(self, period: Period, *, today: datetime.date, key: str) -> Sequence[DrillRow]:
        figure_spec = self.spec_for(key)
        months = as_at_dates(period, today=today)
        if not months:
            return []
        sql, params = self.cohort([months[-1][1]])
        return self.drill_rows(sql, params, figure_spec)
