"""Bar charts drawn on the server as SVG geometry, for the hub dashboard (issue 4) and the
inspection lens (issue 5).

The Content Security Policy allows no inline styles or scripts (haven/core/middleware.py), so a
chart is only numbers for SVG attributes; its colours are classes in css/dashboard.css
(``haven-chart__bar--N`` for series N). Every chart is shown with a table of the same figures:
a chart never carries information on its own.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 12, 28


@dataclass(frozen=True)
class Segment:
    series: int  # 1-based: the colour class haven-chart__bar--N
    x: str
    y: str
    width: str
    height: str


@dataclass(frozen=True)
class Column:
    label: str
    label_x: str
    segments: list[Segment]


@dataclass(frozen=True)
class Gridline:
    y: str
    label: str


@dataclass(frozen=True)
class ReferenceLine:
    """A horizontal line across the plot at a comparator (e.g. the England figure)."""

    y: str
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    columns: list[Column]
    gridlines: list[Gridline]
    legend: list[tuple[int, str]]
    left: int
    right: int
    value_label_x: int
    label_y: int
    reference: ReferenceLine | None = None


@dataclass(frozen=True)
class Bars:
    """One column of the chart: its axis label and one value per series (stacked)."""

    label: str
    values: Sequence[float | None]


def nice_step(largest: float) -> int:
    """A step of 1, 2 or 5 times a power of ten giving at most 5 gridlines above zero."""
    if largest <= 0:
        return 1
    magnitude = int(10 ** max(0, math.floor(math.log10(largest)) - 1))
    for multiple in (1, 2, 5, 10, 20, 50, 100):
        step = multiple * magnitude
        if largest / step <= 5:
            return step
    return 100 * magnitude


def _n(value: float) -> str:
    return f"{value:.1f}"


def bar_chart(
    columns: Sequence[Bars],
    *,
    legend: Sequence[str],
    top: float | None = None,
    value_suffix: str = "",
    reference: tuple[float, str] | None = None,
) -> Chart:
    """A bar chart with one column per entry of `columns`, each a stack of its series' values
    (None or 0: no segment). The value axis runs from 0 to `top` (for percentages, 100) or to
    a round number above the largest column; `value_suffix` follows each axis label ("%").
    `reference` (value, label) draws a horizontal line, e.g. at the England figure."""
    largest = max((sum(v or 0 for v in column.values) for column in columns), default=0)
    if reference is not None:
        largest = max(largest, reference[0])  # the line stays on the chart
    if top is None:
        step = nice_step(largest)
        top_value = step * max(1, math.ceil(largest / step))
    else:
        step = nice_step(top)
        top_value = max(step, int(math.ceil(top / step) * step))
    plot_height = HEIGHT - TOP - BOTTOM
    scale = plot_height / top_value
    baseline = HEIGHT - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(1, len(columns))
    bar_width = slot * 0.7
    drawn = []
    for index, column in enumerate(columns):
        x = LEFT + index * slot + (slot - bar_width) / 2
        y = float(baseline)
        segments = []
        for number, value in enumerate(column.values, start=1):
            height = (value or 0) * scale
            if height <= 0:
                continue
            y -= height
            segments.append(Segment(number, _n(x), _n(y), _n(bar_width), _n(height)))
        drawn.append(Column(label=column.label, label_x=_n(x + bar_width / 2), segments=segments))
    gridlines = [
        Gridline(y=_n(baseline - value * scale), label=f"{value}{value_suffix}")
        for value in range(0, top_value + 1, step)
    ]
    line = None
    if reference is not None and 0 <= reference[0] <= top_value:
        line = ReferenceLine(y=_n(baseline - reference[0] * scale), label=reference[1])
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        columns=drawn,
        gridlines=gridlines,
        legend=[(number, label) for number, label in enumerate(legend, start=1)],
        left=LEFT,
        right=WIDTH - RIGHT,
        value_label_x=LEFT - 6,
        label_y=baseline + 18,
        reference=line,
    )


__all__ = [
    "Bars",
    "Chart",
    "Column",
    "Gridline",
    "ReferenceLine",
    "Segment",
    "bar_chart",
    "nice_step",
]
