"""The hub's dashboard page (issue 4): counts and contact references only, never a child's
name, for the hub and for those who read the service's performance."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.utils import timezone

from haven.access import policy
from haven.access.roles import Capability
from haven.core.charts import Bars, Chart, bar_chart
from haven.core.forms import BaseForm
from haven.core.models import AuditEvent
from haven.core.services import audit
from haven.core.steps import StaffPageView
from haven.frontdoor import dashboard
from haven.frontdoor.dashboard import Bucket, Series


class PeriodForm(BaseForm):
    period = forms.ChoiceField(
        label="Period",
        choices=[(choice.code, choice.label) for choice in dashboard.PERIOD_CHOICES],
    )


# Names the default period (dashboard.DEFAULT_PERIOD).
INVALID_PERIOD = "Select a period from the list. The dashboard shows the last 3 months."


def period_form(requested: str | None) -> tuple[PeriodForm, str]:
    """The period form and the period to show. No period asked for: the default, silently; a
    period not on the list: the default, with an error on the form (never a server error)."""
    form = PeriodForm(data={"period": requested or dashboard.DEFAULT_PERIOD})
    if form.is_valid():
        return form, str(form.cleaned_data["period"])
    form = PeriodForm(data={"period": dashboard.DEFAULT_PERIOD})
    form.is_valid()
    form.add_error("period", INVALID_PERIOD)
    return form, dashboard.DEFAULT_PERIOD


# --- The chart: a stacked bar chart drawn on the server as SVG ------------------------------
# The geometry is haven.core.charts (shared with the inspection lens); the colours are classes in
# css/dashboard.css.


def stacked_chart(
    buckets: list[Bucket], series: tuple[Series, ...], counts: str, unit: str
) -> Chart:
    """One column per week or month, one coloured segment per series (`counts` is the Bucket
    attribute holding them: by_source or by_outcome)."""
    columns = []
    for bucket in buckets:
        start = bucket.start
        label = f"{start.day} {start:%b}" if unit == "week" else f"{start:%b}"
        columns.append(Bars(label, [getattr(bucket, counts)[one.key] for one in series]))
    return bar_chart(columns, legend=[one.label for one in series])


@dataclass(frozen=True)
class TableRow:
    label: str
    counts: list[int]
    total: int


def trend_table(
    buckets: list[Bucket], series: tuple[Series, ...], counts: str, unit: str
) -> list[TableRow]:
    """The chart's figures as table rows: the accessible version of the chart."""
    rows = []
    for bucket in buckets:
        start = bucket.start
        label = f"Week beginning {start.day} {start:%B %Y}" if unit == "week" else f"{start:%B %Y}"
        values = [getattr(bucket, counts)[one.key] for one in series]
        rows.append(TableRow(label=label, counts=values, total=bucket.received))
    return rows


# --- The page -------------------------------------------------------------------------------


class HubDashboardView(StaffPageView):
    """The hub's queue, clocks and breaches, time in the hub, contacts by source and outcome,
    and re-contacts. One audit row records that the dashboard was opened; it names no child,
    so there is no row per child (security R1 is about reads of a child's data)."""

    # Any one of these opens the page: the hub's own staff, and those who read the service's
    # performance (issue 4). Everyone else signed in is refused (403).
    capabilities: tuple[str, ...] = (
        Capability.HUB_WORK,
        Capability.HUB_DECIDE,
        Capability.VIEW_REPORTS,
    )
    template_name = "frontdoor/dashboard.html"
    now: datetime.datetime
    period: dashboard.Period
    form: PeriodForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not any(policy.has_capability(request.user, c) for c in self.capabilities):
            raise PermissionDenied
        # Past StaffPageView's single-capability check: the check above replaces it.
        return super(StaffPageView, self).dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.now = timezone.now()
        self.form, code = period_form(request.GET.get("period"))
        self.period = dashboard.period_for(code, now=self.now)
        # The audit row and the page in one transaction: no page if the row cannot be written.
        with transaction.atomic():
            audit(
                actor=request.user,
                action=AuditEvent.Action.VIEW,
                object_type="frontdoor.dashboard",
                detail=f"hub dashboard: {self.period.label}",
            )
            response = super().get(request, *args, **kwargs)
            if isinstance(response, TemplateResponse):
                response.render()
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        now, period = self.now, self.period
        trend = dashboard.contacts_over_time(period=period)
        return super().get_context_data(
            form=self.form,
            now=now,
            period=period,
            queue=dashboard.queue_by_rating(now=now),
            overdue=dashboard.overdue_contacts(now=now),
            requests=dashboard.requests_by_agency(now=now),
            timeliness=dashboard.timeliness(period=period),
            time_in_hub=dashboard.time_in_hub(period=period),
            trend=trend,
            source_chart=stacked_chart(trend.buckets, trend.sources, "by_source", trend.unit),
            source_rows=trend_table(trend.buckets, trend.sources, "by_source", trend.unit),
            outcome_chart=stacked_chart(trend.buckets, trend.outcomes, "by_outcome", trend.unit),
            outcome_rows=trend_table(trend.buckets, trend.outcomes, "by_outcome", trend.unit),
            source_groups=dashboard.source_group_members(),
            recontacts=dashboard.recontacts(period=period),
            can_open_contacts=policy.has_capability(self.request.user, Capability.HUB_WORK),
            due_soon_hours=int(dashboard.DUE_SOON / datetime.timedelta(hours=1)),
            **kwargs,
        )
