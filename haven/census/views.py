"""The census data-quality page: the latest check of a census year's return, the rules that
failed, and the children who would fail, with links to those the viewer may see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from haven.access import policy
from haven.access.roles import Capability
from haven.census.forms import CensusYearForm
from haven.census.models import ValidationFailure
from haven.census.quality import selectors, services
from haven.census.years import CENSUS_YEARS, CensusYear
from haven.core.steps import ListPageView
from haven.people.models import Person

CHILDREN_PER_PAGE = 100
# Names the fallback year: the page shows it instead of one it does not know (never an error).
UNKNOWN_YEAR = "Choose a census year from the list. The page shows {default} instead."


def year_form(requested: str | None, *, today: datetime.date) -> tuple[CensusYearForm, CensusYear]:
    """The year form and the year to show. None asked for: the year running today; a year
    Haven has no rules for: that default, with a GOV.UK error on the form."""
    default = selectors.default_census_year(today)
    years = list(CENSUS_YEARS)
    form = CensusYearForm(data={"year": requested or default.label}, years=years)
    if form.is_valid():
        return form, CENSUS_YEARS[form.cleaned_data["year"]]
    form = CensusYearForm(data={"year": default.label}, years=years)
    form.is_valid()
    form.add_error("year", UNKNOWN_YEAR.format(default=default.label))
    return form, default


@dataclass(frozen=True)
class ChildLine:
    """One failing child on the page: a name and a link only if the viewer may see them."""

    person_id: int
    la_child_id: str
    child: Person | None
    failures: list[ValidationFailure]


class CensusQualityView(ListPageView):
    """For those who read returns and measures (reports.view). A performance analyst sees the
    LA child IDs and what to fix, but no names and no links: their role sees no children. One
    audit row per child whose name is shown (ListPageView); POST runs a new check."""

    capability = Capability.VIEW_REPORTS
    template_name = "census/quality.html"
    list_detail = "census data quality"
    list_reason = "census data quality"
    form: CensusYearForm
    year: CensusYear

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.form, self.year = year_form(request.GET.get("year"), today=timezone.localdate())
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        today = timezone.localdate()
        self.form, self.year = year_form(request.POST.get("year"), today=today)
        if self.form.errors:
            return super().get(request, *args, **kwargs)
        run, report = services.validation_run_record(
            year=self.year, today=today, acting_user=request.user
        )
        messages.success(
            request,
            f"Checked {run.children_checked:,} children for the {self.year.label} census: "
            f"{run.error_count:,} errors and {run.query_count:,} queries.",
        )
        return HttpResponseRedirect(f"{reverse('census:quality')}?year={self.year.label}")

    def listed_child_ids(self, context: dict[str, Any]) -> list[int]:
        return [line.person_id for line in context.get("lines", []) if line.child is not None]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        run = selectors.latest_run(year=self.year)
        context: dict[str, Any] = {"form": self.form, "year": self.year, "run": run}
        if run is not None:
            children, page = selectors.failing_children(
                run=run, page=self.request.GET.get("page"), per_page=CHILDREN_PER_PAGE
            )
            ids = [c.person_id for c in children]
            visible = {
                person.pk: person
                for person in policy.children_visible_to(self.request.user).filter(pk__in=ids)
            }
            failures = selectors.run_failures_for(run=run, person_ids=ids)
            context.update(
                summary=selectors.run_summary(run=run),
                return_failures=selectors.return_failures(run=run),
                lines=[
                    ChildLine(
                        c.person_id, c.la_child_id, visible.get(c.person_id), failures[c.person_id]
                    )
                    for c in children
                ],
                page_obj=page,
                page_links=[
                    (number, f"?year={self.year.label}&page={number}", number == page.number)
                    for number in page.paginator.page_range
                ]
                if page.paginator.num_pages > 1
                else [],
                duration=run.finished_at - run.started_at,
            )
        return super().get_context_data(**context, **kwargs)
