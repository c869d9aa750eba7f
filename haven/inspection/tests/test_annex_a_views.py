"""Downloading Annex A from the inspection lens: who may, the workbook as an attachment, one
audit row per export, and a bad date answered with the GOV.UK error summary."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from haven.core.models import AuditEvent
from haven.core.tests import factories as f
from haven.inspection.annex_a import services
from haven.workforce.models import Worker

pytestmark = pytest.mark.django_db

URL = reverse("inspection:annex_a")
D = datetime.date
ALLOWED = [
    Worker.Role.PERFORMANCE_ANALYST,
    Worker.Role.SERVICE_MANAGER,
    Worker.Role.SENIOR_LEADER,
]
REFUSED = [
    Worker.Role.SOCIAL_WORKER,
    Worker.Role.TEAM_MANAGER,
    Worker.Role.MASH_OFFICER,
    Worker.Role.PARTNER,
    Worker.Role.SYSTEM_ADMIN,
]


def date_data(as_of: datetime.date) -> dict[str, str]:
    return f.date_fields("as_of", as_of)


def exports() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT))


@pytest.mark.parametrize("role", ALLOWED)
def test_the_page_asks_for_the_as_of_date_with_today_filled_in(client, role):
    f.signed_in(client, f.staff_user(role=role))

    response = client.get(URL)

    assert response.status_code == 200
    assert f.page_heading(response) == "Ofsted Annex A"
    today = timezone.localdate()
    html = response.content.decode()
    assert f'name="as_of_2" value="{today.year}"' in html
    assert "Lists 8 to 11" in html
    assert "Download" in html
    assert exports() == []  # opening the page exports nothing


@pytest.mark.parametrize("role", ALLOWED)
def test_permitted_roles_download_the_workbook_and_each_export_is_audited(client, role):
    user = f.staff_user(role=role)
    staff = f.staff_user()
    child = f.ChildFactory(first_name="Zebedee")
    f.open_episode(child, staff, D(2026, 6, 1))
    f.signed_in(client, user)

    response = client.post(URL, date_data(D(2026, 9, 15)))

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="annex-a-2026-09-15.xlsx"'
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    referrals = list(workbook["List 3 - Referrals"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in referrals] == [child.la_child_id]
    (event,) = exports()
    assert event.actor == user
    assert event.object_type == "inspection.annex_a"
    assert event.object_id == "2026-09-15"
    assert event.detail == "Annex A as of 2026-09-15: L1 0, L2 0, L3 1, L4 0, L5 0, L6 1, L7 0"
    assert event.child_id is None
    assert "Zebedee" not in event.detail


def test_two_exports_are_two_audit_rows(client):
    f.signed_in(client, f.staff_user(role=Worker.Role.PERFORMANCE_ANALYST))

    client.post(URL, date_data(D(2026, 9, 15)))
    client.post(URL, date_data(D(2026, 11, 30)))

    assert [e.object_id for e in exports()] == ["2026-09-15", "2026-11-30"]


def test_no_workbook_if_the_audit_row_cannot_be_written(client, monkeypatch):
    f.signed_in(client, f.staff_user(role=Worker.Role.PERFORMANCE_ANALYST))

    def broken_audit(**kwargs):
        raise RuntimeError("the audit table is unavailable")

    monkeypatch.setattr(services, "audit", broken_audit)
    client.raise_request_exception = False

    response = client.post(URL, date_data(D(2026, 9, 15)))

    assert response.status_code == 500
    assert "Content-Disposition" not in response
    assert exports() == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"as_of_0": "30", "as_of_1": "2", "as_of_2": "2026"}, "As-of date must be a real date"),
        ({"as_of_0": "", "as_of_1": "", "as_of_2": ""}, "Enter the as-of date"),
        ({"as_of_0": "30", "as_of_1": "11", "as_of_2": ""}, "As-of date must include a year"),
    ],
)
def test_a_bad_date_shows_the_error_summary_and_exports_nothing(client, data, message):
    f.signed_in(client, f.staff_user(role=Worker.Role.PERFORMANCE_ANALYST))

    response = client.post(URL, data)

    assert response.status_code == 200
    assert f.error_summary(response) == [message]
    assert response.content.decode().count("<title>Error: ") == 1
    assert exports() == []


@pytest.mark.parametrize("role", REFUSED)
def test_roles_without_reports_view_are_refused(client, role):
    f.signed_in(client, f.staff_user(role=role))

    assert client.get(URL).status_code == 403
    assert client.post(URL, date_data(D(2026, 9, 15))).status_code == 403
    assert exports() == []


def test_a_user_who_is_not_staff_is_refused(client):
    f.signed_in(client, f.non_staff_user())

    assert client.get(URL).status_code == 403


def test_signed_out_goes_to_sign_in(client):
    assert f.redirects_to_sign_in(client.get(URL))
    assert f.redirects_to_sign_in(client.post(URL, date_data(D(2026, 9, 15))))
    assert exports() == []
