"""The hub's clocks with the authority's settings applied."""

from __future__ import annotations

import datetime

from django.utils import timezone

from haven.core.selectors import working_calendar
from haven.frontdoor.models import TriageClock
from haven.statutory import triage


def clock_for(rating: str) -> triage.Clock:
    """The clock for a rating ("" for not yet rated: the statutory working day)."""
    if not rating:
        return triage.UNRATED
    row = TriageClock.objects.filter(rating=rating).first()
    if row is not None:
        return triage.Clock(hours=row.hours, working_days=row.working_days)
    return triage.DEFAULT_CLOCKS[rating]


def decision_due(received_at: datetime.datetime, rating: str = "") -> datetime.datetime:
    local = timezone.localtime(received_at)
    return triage.due_at(local, clock_for(rating), working_calendar())
