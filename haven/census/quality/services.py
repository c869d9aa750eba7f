"""Storing a check of the census return, so the data-quality page can show it."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from haven.census.models import ValidationFailure, ValidationRun
from haven.census.quality import selectors
from haven.census.quality.selectors import ValidationReport
from haven.census.services import system_actor
from haven.census.years import CensusYear
from haven.core.models import AuditEvent
from haven.core.services import audit

__all__ = ["validation_run_record"]

AUDIT_OBJECT_TYPE = "census.validationrun"
FAILURE_BATCH = 2000


def validation_run_record(
    *, year: CensusYear, today: datetime.date, acting_user: Any = None
) -> tuple[ValidationRun, ValidationReport]:
    """Check every child in scope of `year` against its rules and store the run and its
    failures, with one audit row saying who asked (the command acts as the system account).
    The check reads first; the run is written in one transaction, all or nothing."""
    started_at = timezone.now()
    report = selectors.census_validate(year=year, today=today)
    finished_at = timezone.now()
    with transaction.atomic():
        run = ValidationRun.objects.create(
            year=year.label,
            as_of_date=report.as_of_date,
            started_at=started_at,
            finished_at=finished_at,
            children_checked=report.children_checked,
            children_failing=report.children_failing,
            error_count=report.errors,
            query_count=report.queries,
            run_by=acting_user,
        )
        ValidationFailure.objects.bulk_create(
            (
                ValidationFailure(
                    run=run,
                    person_id=row.person_id,
                    la_child_id=row.la_child_id,
                    episode_id=row.episode_id,
                    code=row.code,
                    kind=row.kind,
                    message=row.message,
                )
                for row in report.failures
            ),
            batch_size=FAILURE_BATCH,
        )
        audit(
            actor=acting_user if acting_user is not None else system_actor(),
            action=AuditEvent.Action.CREATE,
            obj=run,
            detail=f"census check {year.label}: {report.children_checked} children",
        )
    return run, report
