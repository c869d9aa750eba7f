"""What every inspection-lens measure provides.

A measure is a small class with a slug, a title, a one-line definition, the England figure to
show beside it (reference section 4.1) and two reads over a :class:`Period`:

* :meth:`Measure.result`: the headline figure, any breakdown figures (each with a ``key``) and a
  monthly trend, computed by aggregate SQL in PostgreSQL (never by looping over children in
  Python), so 12 months of the largest borough stays inside the page's 1-second budget;
* :meth:`Measure.rows`: the children behind one figure (``key``), as :class:`DrillRow` records.
  The drill-down view filters them through the access policy; measures never do.

Measures are pure reads and take ``today`` as a parameter (no clock calls), so tests pin it.
"""

from __future__ import annotations

import datetime
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from haven.statutory.calendar import add_months

Unit = Literal["percent", "count", "days", "per_worker", "weeks"]


def percent(part: int, whole: int) -> float | None:
    """`part` of `whole` as a percentage to one decimal place; None when there is no whole."""
    return round(100 * part / whole, 1) if whole else None


def long_date(d: datetime.date | None) -> str:
    """As staff write a date: "2 March 2026"."""
    return "" if d is None else f"{d.day} {d:%B %Y}"


@dataclass(frozen=True)
class Period:
    """Whole days, both ends included."""

    start: datetime.date
    end: datetime.date

    def months(self) -> list[datetime.date]:
        """The first day of every calendar month the period touches, in order."""
        first = self.start.replace(day=1)
        out: list[datetime.date] = []
        while first <= self.end:
            out.append(first)
            first = add_months(first, 1)
        return out

    def month_periods(self) -> Iterator[Period]:
        """The period cut at month ends (the first and last may be part months)."""
        for first in self.months():
            last = add_months(first, 1) - datetime.timedelta(days=1)
            yield Period(max(first, self.start), min(last, self.end))


@dataclass(frozen=True)
class EnglandFigure:
    """The national comparator (reference 4.1), with where it comes from."""

    value: float
    text: str  # as shown, e.g. "85.7% (2024-25)"
    source: str  # e.g. "DfE Children in need 2025, C2"


@dataclass(frozen=True)
class Figure:
    """One number on the page. `key` names it for the drill-down and the CSV."""

    key: str
    label: str
    value: float | None  # None when there is nothing to measure (e.g. 0 of 0)
    unit: Unit
    numerator: int | None = None
    denominator: int | None = None
    drill: bool = True  # False for figures with no children behind them (e.g. a median)


@dataclass(frozen=True)
class MonthPoint:
    month: datetime.date  # first of the month
    value: float | None
    numerator: int | None = None
    denominator: int | None = None


@dataclass(frozen=True)
class MeasureResult:
    headline: Figure
    breakdown: tuple[Figure, ...] = ()
    monthly: tuple[MonthPoint, ...] = ()

    def figure(self, key: str) -> Figure | None:
        for f in (self.headline, *self.breakdown):
            if f.key == key:
                return f
        return None


@dataclass(frozen=True)
class DrillRow:
    """One child behind a figure, with the date and a few words that put them there."""

    person_id: int
    on_date: datetime.date | None
    detail: str = ""
    extra: dict[str, str] = field(default_factory=dict)


class Measure(ABC):
    slug: ClassVar[str]
    title: ClassVar[str]
    definition: ClassVar[str]  # one line, shown under the title
    group: ClassVar[str]  # the page section, e.g. "Timeliness"
    england: ClassVar[EnglandFigure | None] = None

    @abstractmethod
    def result(self, period: Period, *, today: datetime.date) -> MeasureResult: ...

    @abstractmethod
    def rows(self, period: Period, *, today: datetime.date, key: str) -> Sequence[DrillRow]:
        """The children behind figure `key` of :meth:`result` (unknown keys: KeyError)."""
