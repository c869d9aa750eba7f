"""The census data-quality page (/census/): who may open it, what each role sees, the year
choice, the re-run and the pagination."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from haven.census.models import ValidationFailure, ValidationRun
from haven.census.quality.services import validation_run_record
from haven.census.tests.quality.stories import child_with_a_query, child_with_an_error
from haven.census.years import census_year
from haven.core.models import AuditEvent
from haven.core.tests import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date
URL = reverse("census:quality")
YEAR = census_year("2025-26")


@pytest.fixture
def checked():
    """Two failing children of 2025-26 and a stored check of that year."""
    user = f.staff_user()
    query = child_with_a_query(user, first_name="Zephyrine", last_name="Quillfeather")
    error = child_with_an_error(user, first_name="Octavian", last_name="Brightwater")
    validation_run_record(year=YEAR, today=D(2026, 6, 1))
    return query, error


def page(client, user, query: str = ""):
    return f.signed_in(client, user).get(f"{URL}{query}")


@pytest.mark.parametrize("role", ["SENIOR_LEADER", "SERVICE_MANAGER", "PERFORMANCE_ANALYST"])
def test_those_who_read_returns_may_open_it(client, role) -> None:
    response = page(client, f.staff_user(role=role))

    assert response.status_code == 200
    assert f.page_heading(response) == "Census data quality"
    assert 'href="/census/"' in response.content.decode()  # the menu link


@pytest.mark.parametrize("role", ["SOCIAL_WORKER", "TEAM_MANAGER", "MASH_OFFICER", "AUDITOR"])
def test_other_staff_are_refused(client, role) -> None:
    user = f.staff_user(role=role)

    assert page(client, user).status_code == 403
    assert f.signed_in(client, user).post(URL, {"year": "2025-26"}).status_code == 403
    assert not ValidationRun.objects.exists()


def test_signed_out_goes_to_sign_in(client) -> None:
    assert f.redirects_to_sign_in(client.get(URL))
    assert f.redirects_to_sign_in(client.post(URL, {"year": "2025-26"}))


def test_the_menu_link_is_only_for_those_who_read_returns(client) -> None:
    social_worker = f.staff_user(role="SOCIAL_WORKER")
    response = f.signed_in(client, social_worker).get(reverse("casework:my_work"))

    assert "Census data quality" not in response.content.decode()


def test_a_senior_leader_sees_each_child_by_name_with_a_link_and_the_rules(client, checked) -> None:
    query, error = checked
    leader = f.staff_user(role="SENIOR_LEADER")

    html = page(client, leader, "?year=2025-26").content.decode()

    assert "Children checked</dt>" in html
    assert re.search(r"<th scope=\"row\" class=\"govuk-table__header\">8670Q</th>", html)
    assert "Assessment started more than 45 working days" in html
    assert reverse("people:child_chronology", kwargs={"pk": query.pk}) in html
    assert "Zephyrine Quillfeather" in html
    assert "Octavian Brightwater" in html
    assert query.la_child_id in html
    assert "Please check: the assessment started on 1 December 2025" in html
    # One audit row for each child listed by name.
    listed = set(
        AuditEvent.objects.filter(actor=leader, detail="census data quality").values_list(
            "child_id", flat=True
        )
    )
    assert listed == {query.pk, error.pk}


def test_an_analyst_sees_la_child_ids_but_no_names_or_links(client, checked) -> None:
    query, error = checked
    analyst = f.staff_user(role="PERFORMANCE_ANALYST")

    html = page(client, analyst, "?year=2025-26").content.decode()

    assert query.la_child_id in html
    assert error.la_child_id in html
    assert "Zephyrine" not in html
    assert "Octavian" not in html
    assert reverse("people:child_chronology", kwargs={"pk": query.pk}) not in html
    assert html.count("Not in your caseload") == 2
    assert not AuditEvent.objects.filter(
        actor=analyst, action="VIEW", child_id__isnull=False
    ).exists()


def test_a_service_manager_sees_names_only_for_children_in_their_line(client, checked) -> None:
    query, error = checked
    manager = f.staff_user(role="SERVICE_MANAGER")
    social_worker = f.WorkerFactory(role="SOCIAL_WORKER", line_manager=manager.worker)
    f.allocate(query, f.staff_user(), social_worker, start_date=D(2025, 12, 1))

    html = page(client, manager, "?year=2025-26").content.decode()

    assert "Zephyrine Quillfeather" in html
    assert "Octavian" not in html
    assert html.count("Not in your caseload") == 1
    assert error.la_child_id in html


def test_the_default_year_is_the_one_running_today(client, monkeypatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *args: D(2026, 2, 10))

    response = page(client, f.staff_user(role="SENIOR_LEADER"))

    assert 'value="2025-26" selected' in response.content.decode()
    assert "The 2025-26 return has not been checked yet." in response.content.decode()


def test_an_unknown_year_re_renders_with_a_govuk_error(client, monkeypatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *args: D(2026, 2, 10))

    response = page(client, f.staff_user(role="SENIOR_LEADER"), "?year=1999-00")

    assert response.status_code == 200
    assert f.error_summary(response) == [
        "Choose a census year from the list. The page shows 2025-26 instead."
    ]
    assert response.content.decode().count("<title>Error: ") == 1


def test_check_again_now_runs_and_stores_a_check_then_redirects(client, checked) -> None:
    query, _ = checked
    leader = f.staff_user(role="SENIOR_LEADER")
    signed = f.signed_in(client, leader)

    response = signed.post(URL, {"year": "2025-26"})

    assert response.status_code == 302
    assert response["Location"] == f"{URL}?year=2025-26"
    latest = ValidationRun.objects.order_by("-pk").first()
    assert latest.run_by == leader
    assert ValidationRun.objects.count() == 2
    shown = signed.get(response["Location"]).content.decode()
    assert f"Checked 2 children for the 2025-26 census: {latest.error_count} errors" in shown
    assert leader.get_full_name() in shown


def test_check_again_needs_the_csrf_token(checked) -> None:
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(f.staff_user(role="SENIOR_LEADER"))

    assert strict.post(URL, {"year": "2025-26"}).status_code == 403
    assert ValidationRun.objects.count() == 1


def test_check_again_with_an_unknown_year_changes_nothing(client) -> None:
    response = f.signed_in(client, f.staff_user(role="SENIOR_LEADER")).post(
        URL, {"year": "1999-00"}
    )

    assert response.status_code == 200
    assert f.error_summary(response)
    assert not ValidationRun.objects.exists()


def stored_run_with_failing_children(n: int) -> ValidationRun:
    now = timezone.now()
    run = ValidationRun.objects.create(
        year="2025-26",
        as_of_date=D(2026, 3, 31),
        started_at=now,
        finished_at=now,
        children_checked=n,
        children_failing=n,
        error_count=n,
        query_count=0,
    )
    children = f.ChildFactory.create_batch(n)
    ValidationFailure.objects.bulk_create(
        ValidationFailure(
            run=run,
            person=child,
            la_child_id=child.la_child_id,
            code="8540",
            kind="error",
            message="Record whether the child has a disability (census rule 8540).",
        )
        for child in children
    )
    return run


def test_the_children_are_shown_100_to_a_page(client) -> None:
    stored_run_with_failing_children(101)
    leader = f.staff_user(role="SENIOR_LEADER")

    first = page(client, leader, "?year=2025-26").content.decode()
    second = page(client, leader, "?year=2025-26&page=2").content.decode()

    assert first.count("Record whether the child has a disability") == 100
    assert second.count("Record whether the child has a disability") == 1
    assert 'class="govuk-pagination"' in first
    assert 'href="?year=2025-26&amp;page=2" rel="next"' in first
    assert 'aria-label="Page 2" aria-current="page"' in second
    # Only the children shown are audited.
    assert AuditEvent.objects.filter(actor=leader, detail="census data quality").count() == 101


def test_the_page_reads_the_same_number_of_queries_for_10_or_60_children(client) -> None:
    leader = f.staff_user(role="SENIOR_LEADER")
    signed = f.signed_in(client, leader)
    signed.get(URL)  # the first request after sign-in also writes the session

    stored_run_with_failing_children(10)
    with CaptureQueriesContext(connection) as few:
        signed.get(f"{URL}?year=2025-26")
    stored_run_with_failing_children(60)
    with CaptureQueriesContext(connection) as many:
        signed.get(f"{URL}?year=2025-26")

    # The page showed the second, later run.
    assert ValidationRun.objects.order_by("-finished_at").first().children_checked == 60
    assert len(many) == len(few)
