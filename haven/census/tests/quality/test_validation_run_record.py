"""validation_run_record: a check of the whole authority, stored with its failures."""

from __future__ import annotations

import pytest

from haven.census.models import ValidationFailure, ValidationRun
from haven.census.quality.services import validation_run_record
from haven.census.tests.quality.stories import D, child_with_a_query, child_with_an_error
from haven.census.years import census_year
from haven.core.models import AuditEvent
from haven.core.tests import factories as f

pytestmark = pytest.mark.django_db

YEAR = census_year("2025-26")


def test_the_run_and_its_failures_are_stored_with_who_asked() -> None:
    user = f.staff_user()
    query = child_with_a_query(user)
    error = child_with_an_error(user)
    leader = f.staff_user(role="SENIOR_LEADER")

    run, report = validation_run_record(year=YEAR, today=D(2026, 6, 1), acting_user=leader)

    run = ValidationRun.objects.get(pk=run.pk)
    assert (run.year, run.as_of_date, run.run_by) == ("2025-26", D(2026, 3, 31), leader)
    assert run.children_checked == 2
    assert run.children_failing == 2
    assert (run.error_count, run.query_count) == (report.errors, report.queries)
    stored = set(ValidationFailure.objects.filter(run=run).values_list("person_id", "code", "kind"))
    assert (query.pk, "8670Q", "query") in stored
    assert (error.pk, "8540", "error") in stored
    assert ValidationFailure.objects.filter(run=run).count() == len(report.failures)
    assert run.started_at <= run.finished_at
    assert AuditEvent.objects.filter(
        actor=leader, object_type="census.validationrun", object_id=str(run.pk)
    ).exists()


def test_the_command_runs_as_the_system_account() -> None:
    run, _ = validation_run_record(year=YEAR, today=D(2026, 6, 1))

    assert run.run_by is None
    event = AuditEvent.objects.get(object_type="census.validationrun", object_id=str(run.pk))
    assert event.actor.username == "haven-system"


def test_an_empty_year_is_a_run_with_nothing_checked() -> None:
    run, report = validation_run_record(year=YEAR, today=D(2026, 6, 1))

    assert run.children_checked == 0
    # The whole-return queries on disability coding have nothing to count in an empty return.
    assert {f.code for f in report.failures} <= {"2887Q"}
