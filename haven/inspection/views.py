"""The inspection lens (issue 5): the page of measures for a period, the drill-down from a
figure to the children behind it, and each measure's figures as CSV.

The page and the CSV show counts only, so they write one audit row each (no child is named);
the drill-down names children and writes one row per child shown (ListPageView, security R1).
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from haven.access import policy
from haven.access.roles import Capability
from haven.core.charts import Bars, Chart, bar_chart
from haven.core.models import AuditEvent
from haven.core.services import audit
from haven.core.steps import ListPageView, StaffPageView
from haven.inspection import periods, selectors
from haven.inspection.measures.base import (
    DrillRow,
    Figure,
    Measure,
    MeasureResult,
    Period,
)
from haven.people.models import Person

DRILL_PAGE_SIZE = 100
# The census data quality page (issue 5, task B).
CENSUS_URL = "/census/"
ANNEX_A_URL = "/inspection/annex-a/"
PERIOD_ERROR_TEMPLATE = "inspection/lens_period_error.html"


def annex_a_url() -> str:
    """The Ofsted Annex A page, wherever its URL configuration puts it."""
    try:
        return reverse("inspection:annex_a")
    except NoReverseMatch:
        return ANNEX_A_URL


def _d(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def period_text(period: Period) -> str:
    return f"{_d(period.start)} to {_d(period.end)}"


# --- Presenting a measure -------------------------------------------------------------------


def format_value(value: float | None, unit: str) -> str:
    """A figure as the page shows it."""
    if value is None:
        return "No data"
    if unit == "percent":
        return f"{value:g}%"
    if unit == "count":
        return f"{int(value):,}"
    if unit == "weeks":
        return f"{value:g} weeks"
    if unit == "days":
        return f"{value:g} days"
    return f"{value:g}"


@dataclass(frozen=True)
class FigureRow:
    label: str
    number: str
    percent: str
    url: str  # the drill-down, or "" when there is no one behind it


@dataclass(frozen=True)
class MonthRow:
    label: str
    numerator: str
    denominator: str
    value: str


@dataclass(frozen=True)
class Card:
    slug: str
    title: str
    definition: str
    headline_label: str
    headline_value: str
    headline_detail: str  # "120 of 140", or ""
    headline_url: str
    england_text: str
    england_source: str
    rows: list[FigureRow]
    chart: Chart
    chart_description: str
    months: list[MonthRow]
    has_fractions: bool
    csv_url: str


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    cards: list[Card]


def drill_url(measure: Measure, period: Period, key: str) -> str:
    base = reverse("inspection:drill", kwargs={"measure": measure.slug})
    return f"{base}?{periods.query_for(period, key=key)}"


def csv_url(measure: Measure, period: Period) -> str:
    return (
        f"{reverse('inspection:csv', kwargs={'measure': measure.slug})}?{periods.query_for(period)}"
    )


def _count(n: int | None) -> str:
    return "" if n is None else f"{n:,}"


def figure_row(measure: Measure, period: Period, figure: Figure) -> FigureRow:
    if figure.unit == "percent" or (figure.unit == "count" and figure.numerator is not None):
        number = _count(figure.numerator)
        linkable = bool(figure.numerator)
    else:
        number = format_value(figure.value, figure.unit)
        linkable = figure.value is not None
    return FigureRow(
        label=figure.label,
        number=number,
        percent=format_value(figure.value, "percent") if figure.unit == "percent" else "",
        url=drill_url(measure, period, figure.key) if figure.drill and linkable else "",
    )


def _month_labels(months: Sequence[datetime.date]) -> list[str]:
    """Short axis labels; past 12 columns every other month is left blank so they fit."""
    every = 2 if len(months) > 12 else 1
    return [f"{m:%b}" if i % every == 0 else "" for i, m in enumerate(months)]


def trend_chart(measure: Measure, result: MeasureResult) -> tuple[Chart, str]:
    """The monthly trend of the headline as a bar chart, with the England figure as a line,
    and a sentence describing it for the chart's <desc>."""
    unit = result.headline.unit
    points = result.monthly
    labels = _month_labels([p.month for p in points])
    reference = None
    if measure.england is not None:
        reference = (measure.england.value, f"England: {measure.england.text}")
    chart = bar_chart(
        [Bars(label, [point.value]) for label, point in zip(labels, points, strict=True)],
        legend=[result.headline.label],
        top=100 if unit == "percent" else None,
        value_suffix="%" if unit == "percent" else "",
        reference=reference,
    )
    description = f"{result.headline.label}, one bar a month"
    if points:
        description += f" from {points[0].month:%B %Y} to {points[-1].month:%B %Y}"
    description += "."
    if chart.reference is not None:
        description += f" The line marks {chart.reference.label}."
    description += " The table of monthly figures gives the same numbers."
    return chart, description


def measure_card(measure: Measure, result: MeasureResult, period: Period) -> Card:
    headline = result.headline
    detail = ""
    if headline.numerator is not None and headline.denominator is not None:
        detail = f"{headline.numerator:,} of {headline.denominator:,}"
    chart, description = trend_chart(measure, result)
    months = [
        MonthRow(
            label=f"{point.month:%B %Y}",
            numerator=_count(point.numerator),
            denominator=_count(point.denominator),
            value=format_value(point.value, headline.unit),
        )
        for point in result.monthly
    ]
    return Card(
        slug=measure.slug,
        title=measure.title,
        definition=measure.definition,
        headline_label=headline.label,
        headline_value=format_value(headline.value, headline.unit),
        headline_detail=detail,
        headline_url=(
            drill_url(measure, period, headline.key)
            if headline.drill and (headline.numerator is None or headline.numerator > 0)
            else ""
        ),
        england_text=measure.england.text if measure.england else "",
        england_source=measure.england.source if measure.england else "",
        rows=[figure_row(measure, period, f) for f in (headline, *result.breakdown)],
        chart=chart,
        chart_description=description,
        months=months,
        has_fractions=any(p.denominator is not None for p in result.monthly),
        csv_url=csv_url(measure, period),
    )


def _section_id(title: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")


def lens_sections(
    results: Sequence[tuple[Measure, MeasureResult]], period: Period
) -> list[Section]:
    """The cards grouped by each measure's `group`, groups in the order they first appear."""
    sections: dict[str, list[Card]] = {}
    for measure, result in results:
        sections.setdefault(measure.group, []).append(measure_card(measure, result, period))
    return [Section(_section_id(title), title, cards) for title, cards in sections.items()]


# --- The page -------------------------------------------------------------------------------


class LensView(StaffPageView):
    """Every registered measure for the period, in sections of cards."""

    capability = Capability.VIEW_REPORTS
    template_name = "inspection/lens.html"
    today: datetime.date
    form: periods.PeriodForm
    period: Period | None
    results: list[tuple[Measure, MeasureResult]]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.today = timezone.localdate()
        self.form, self.period = periods.period_form(request.GET, today=self.today)
        # The figures first, outside the transaction, so the measures can run side by side
        # (selectors.lens_results); they are counts, not any one child's record.
        self.results = (
            selectors.lens_results(period=self.period, today=self.today) if self.period else []
        )
        # The audit row and the page in one transaction: no page if the row cannot be written.
        with transaction.atomic():
            audit(
                actor=request.user,
                action=AuditEvent.Action.VIEW,
                object_type="inspection.lens",
                detail=(
                    f"inspection lens: {self.period.start} to {self.period.end}"
                    if self.period
                    else "inspection lens: period refused"
                ),
            )
            response = super().get(request, *args, **kwargs)
            if isinstance(response, TemplateResponse):
                response.render()
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        sections: list[Section] = []
        if self.period is not None:
            sections = lens_sections(self.results, self.period)
        return super().get_context_data(
            form=self.form,
            period=self.period,
            period_text=period_text(self.period) if self.period else "",
            sections=sections,
            quick_links=periods.quick_links(self.today),
            annex_a_url=annex_a_url(),
            census_url=CENSUS_URL,
            **kwargs,
        )


# --- The drill-down -------------------------------------------------------------------------


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: an ellipsis between page numbers
    url: str
    current: bool


@dataclass(frozen=True)
class DrillLine:
    row: DrillRow
    child: Person
    extra: list[str]


def _period_refused(
    request: HttpRequest, form: periods.PeriodForm, measure: Measure
) -> HttpResponse:
    return TemplateResponse(
        request,
        PERIOD_ERROR_TEMPLATE,
        {"form": form, "measure": measure, "lens_url": reverse("inspection:lens")},
        status=400,
    )


class DrillView(ListPageView):
    """The children behind one figure whom the viewer may see, 100 to a page, and how many
    others are outside their access. One audit row per child shown (ListPageView)."""

    capability = Capability.VIEW_REPORTS
    template_name = "inspection/lens_drill.html"
    list_detail = "inspection lens drill-down"
    list_reason = "inspection lens drill-down"
    measure: Measure
    period: Period
    today: datetime.date

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        found = selectors.measure_for(str(kwargs.get("measure", "")))
        if found is None:
            raise Http404("No such measure")
        self.measure = found
        self.today = timezone.localdate()
        form, period = periods.period_form(request.GET, today=self.today)
        if period is None:
            return _period_refused(request, form, self.measure)
        self.period = period
        return super().get(request, *args, **kwargs)

    def listed_child_ids(self, context: dict[str, Any]) -> list[int]:
        return [line.child.pk for line in context.get("lines", [])]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("measure", None)  # the URL's slug: self.measure is the measure
        measure, period = self.measure, self.period
        result = measure.result(period, today=self.today)
        key = self.request.GET.get("key", "") or result.headline.key
        figure = result.figure(key)
        if figure is None or not figure.drill:
            raise Http404("No such figure")
        try:
            drill = selectors.drill_down(
                user=self.request.user, measure=measure, period=period, today=self.today, key=key
            )
        except KeyError:
            raise Http404("No such figure") from None
        page: Page[DrillRow] = Paginator(drill.rows, DRILL_PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        people = selectors.people_by_id(ids=[row.person_id for row in page])
        columns = list(dict.fromkeys(name for row in page for name in row.extra))
        lines = [
            DrillLine(row, people[row.person_id], [row.extra.get(c, "") for c in columns])
            for row in page
            if row.person_id in people
        ]
        lens = f"{reverse('inspection:lens')}?{periods.query_for(period)}"
        return super().get_context_data(
            measure=measure,
            figure=figure,
            figure_value=format_value(figure.value, figure.unit),
            figure_number=_count(figure.numerator),
            children_count=_count(drill.children),
            hidden_count=_count(drill.hidden_children),
            period=period,
            period_text=period_text(period),
            drill=drill,
            lines=lines,
            columns=columns,
            page_obj=page,
            page_links=list(self._page_links(page, key)),
            previous_url=(
                self._page_url(key, page.previous_page_number()) if page.has_previous() else ""
            ),
            next_url=self._page_url(key, page.next_page_number()) if page.has_next() else "",
            opens_records=policy.has_capability(self.request.user, Capability.VIEW_CASE),
            lens_url=f"{lens}#{measure.slug}",
            **kwargs,
        )

    def _page_links(self, page: Page[DrillRow], key: str) -> Iterator[PageLink]:
        """GOV.UK pagination: the first and last pages, the current one and two either side,
        and an ellipsis (number None) for each gap."""
        last = page.paginator.num_pages
        if last <= 1:
            return
        wanted = {1, last, *range(page.number - 2, page.number + 3)}
        previous = 0
        for number in sorted(n for n in wanted if 1 <= n <= last):
            if number > previous + 1:
                yield PageLink(None, "", False)
            yield PageLink(number, self._page_url(key, number), number == page.number)
            previous = number

    def _page_url(self, key: str, number: int) -> str:
        return f"?{periods.query_for(self.period, key=key, page=str(number))}"


# --- CSV ------------------------------------------------------------------------------------

CSV_HEADER = ("Section", "Month or figure", "Label", "Numerator", "Denominator", "Value", "Unit")
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Text cells that a spreadsheet would read as a formula are prefixed with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def csv_rows(measure: Measure, result: MeasureResult, period: Period) -> list[Sequence[object]]:
    """The measure's figures: what it is, each month, the period's total and its breakdown,
    and the England figure. Counts only: no child-level data."""
    unit = result.headline.unit
    rows: list[Sequence[object]] = [
        CSV_HEADER,
        ("Measure", measure.slug, measure.title, None, None, None, None),
        ("Definition", measure.slug, measure.definition, None, None, None, None),
        ("Period", f"{period.start} to {period.end}", period_text(period), None, None, None, None),
    ]
    for point in result.monthly:
        rows.append(
            (
                "Month",
                f"{point.month:%Y-%m}",
                f"{point.month:%B %Y}",
                point.numerator,
                point.denominator,
                point.value,
                unit,
            )
        )
    headline = result.headline
    rows.append(
        (
            "Period total",
            headline.key,
            headline.label,
            headline.numerator,
            headline.denominator,
            headline.value,
            headline.unit,
        )
    )
    for figure in result.breakdown:
        rows.append(
            (
                "Breakdown",
                figure.key,
                figure.label,
                figure.numerator,
                figure.denominator,
                figure.value,
                figure.unit,
            )
        )
    if measure.england is not None:
        england = measure.england
        rows.append(
            ("England", "", f"{england.text}: {england.source}", None, None, england.value, unit)
        )
    return [tuple(safe_cell(cell) for cell in row) for row in rows]


class MeasureCsvView(StaffPageView):
    """One measure's figures for the period as a CSV file (audited as an export)."""

    capability = Capability.VIEW_REPORTS

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        measure = selectors.measure_for(str(kwargs.get("measure", "")))
        if measure is None:
            raise Http404("No such measure")
        today = timezone.localdate()
        form, period = periods.period_form(request.GET, today=today)
        if period is None:
            return _period_refused(request, form, measure)
        result = measure.result(period, today=today)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"haven-{measure.slug}-{period.start}-to-{period.end}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        writer = csv.writer(response)
        writer.writerows(csv_rows(measure, result, period))
        audit(
            actor=request.user,
            action=AuditEvent.Action.EXPORT,
            object_type="inspection.measure",
            object_id=measure.slug[:40],
            detail=f"inspection lens CSV: {period.start} to {period.end}",
        )
        return response
