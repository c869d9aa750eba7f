"""The period the inspection lens shows: the From and To form, its quick links and its rules.

The page takes the period as GOV.UK date inputs (from_0, from_1, from_2 for day, month, year)
or, from links (quick links, the drill-down, the CSV), as ISO dates (from=2025-04-01). Nothing
given: the last 12 whole months. A period must run forwards, end no later than today and be at
most 24 months long (the monthly trend's width and the page's time budget).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from haven.core.forms import BaseForm, GovukDateField
from haven.inspection.measures.base import Period
from haven.statutory.calendar import add_months

MAX_MONTHS = 24
PARTS = ("0", "1", "2")  # GovukDateWidget: day, month, year

REVERSED = "The ‘to’ date must be the same as or after the ‘from’ date"
TOO_LONG = f"The period must be {MAX_MONTHS} months or shorter"
NOT_A_DATE = "{label} must be a real date"


def last_whole_months(today: datetime.date, months: int) -> Period:
    """The `months` calendar months before the current one."""
    this_month = today.replace(day=1)
    return Period(add_months(this_month, -months), this_month - datetime.timedelta(days=1))


def census_year(today: datetime.date) -> Period:
    """From 1 April (the start of the census year, reference 2.1) to today."""
    year = today.year if today.month >= 4 else today.year - 1
    return Period(datetime.date(year, 4, 1), today)


def default_period(today: datetime.date) -> Period:
    return last_whole_months(today, 12)


@dataclass(frozen=True)
class QuickLink:
    label: str
    period: Period

    @property
    def query(self) -> str:
        return query_for(self.period)


def quick_links(today: datetime.date) -> list[QuickLink]:
    return [
        QuickLink("Last 12 months", last_whole_months(today, 12)),
        QuickLink("Last 6 months", last_whole_months(today, 6)),
        QuickLink("This census year", census_year(today)),
    ]


def query_for(period: Period, **more: str) -> str:
    """The query string naming a period (and anything else), for links."""
    return urlencode({**more, "from": period.start.isoformat(), "to": period.end.isoformat()})


class PeriodForm(BaseForm):
    title = "Period"
    submit_label = "Show figures"

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["from"] = GovukDateField(
            label="From",
            help_text="For example, 1 4 2025",
            error_messages={"required": "Enter the ‘from’ date"},
        )
        self.fields["to"] = GovukDateField(
            label="To",
            help_text="For example, 31 3 2026",
            error_messages={"required": "Enter the ‘to’ date"},
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("from"), data.get("to")
        if start and start > self.today:
            self.add_error("from", "From must be today or in the past")
        if end and end > self.today:
            self.add_error("to", "To must be today or in the past")
        if start and end and not self.errors:
            if end < start:
                self.add_error("to", REVERSED)
            elif end >= add_months(start, MAX_MONTHS):
                self.add_error("to", TOO_LONG)
        return data

    @property
    def period(self) -> Period:
        return Period(self.cleaned_data["from"], self.cleaned_data["to"])


def _iso_parts(name: str, value: str) -> tuple[dict[str, str], bool]:
    """A date input's parts from an ISO date, and whether it was one."""
    try:
        day = datetime.date.fromisoformat(value.strip())
    except ValueError:
        return {f"{name}_{p}": "" for p in PARTS}, False
    return {
        f"{name}_0": str(day.day),
        f"{name}_1": str(day.month),
        f"{name}_2": str(day.year),
    }, True


def period_form(
    query: Mapping[str, str], *, today: datetime.date
) -> tuple[PeriodForm, Period | None]:
    """The bound form and the period it names; None with the form's errors when it names no
    valid period. Nothing asked for: the default period (the form shows it, with no errors)."""
    names = ("from", "to")
    if any(f"{name}_{p}" in query for name in names for p in PARTS):
        form = PeriodForm({key: query.get(key, "") for key in _part_keys()}, today=today)
        return form, form.period if form.is_valid() else None
    if any(name in query for name in names):
        data: dict[str, str] = {}
        refused = []
        for name in names:
            parts, ok = _iso_parts(name, query.get(name, ""))
            data.update(parts)
            if not ok and query.get(name, "").strip():
                refused.append(name)
        form = PeriodForm(data, today=today)
        form.is_valid()
        for name in refused:
            # Not an ISO date (a link someone edited): say so, not "enter the date".
            form.errors[name] = form.error_class([NOT_A_DATE.format(label=name.capitalize())])
        return form, None if form.errors else form.period
    period = default_period(today)
    form = PeriodForm(
        {
            f"{name}_{p}": v
            for name, day in zip(names, (period.start, period.end), strict=True)
            for p, v in zip(PARTS, (str(day.day), str(day.month), str(day.year)), strict=True)
        },
        today=today,
    )
    form.is_valid()
    return form, period


def _part_keys() -> list[str]:
    return [f"{name}_{p}" for name in ("from", "to") for p in PARTS]
