"""The authority's settings are changed in the admin, and change what Haven shows."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from haven.casework import selectors
from haven.core.models import AuditEvent, ClosureDay, LocalTimescale
from haven.core.selectors import working_calendar
from haven.core.tests import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def settings_admin():
    user = f.UserFactory(is_staff=True)
    group = Group.objects.create(name="Authority settings")
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="core").exclude(
            content_type__model="auditevent"
        )
    )
    user.groups.add(group)
    return user


def test_a_signed_out_user_is_sent_to_the_admin_sign_in(client):
    response = client.get(reverse("admin:core_localtimescale_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_a_social_worker_without_staff_status_cannot_use_the_admin(client):
    response = f.signed_in(client, f.staff_user()).get(
        reverse("admin:core_localtimescale_changelist")
    )
    assert response.status_code == 302


def test_changing_the_cp_visit_frequency_changes_the_due_date(client, settings_admin):
    user = f.staff_user()
    worker = f.WorkerFactory()
    child = f.ChildFactory()
    f.allocate(child, user, worker, D(2026, 3, 2))
    plan = f.cp_plan(child, user, D(2026, 3, 2))

    response = f.signed_in(client, settings_admin).post(
        reverse("admin:core_localtimescale_add"), {"code": "CP_VISIT", "weeks": "2"}
    )

    assert response.status_code == 302
    assert LocalTimescale.objects.get(code="CP_VISIT").weeks == 2
    rows = selectors.my_work(worker=worker, as_of=D(2026, 3, 20))
    due = {d.code: d.due_date for d in rows[0].deadlines}
    assert due["CP_VISIT"] == plan.start_date + datetime.timedelta(weeks=2)


def test_a_timescale_in_two_units_is_refused(client, settings_admin):
    response = f.signed_in(client, settings_admin).post(
        reverse("admin:core_localtimescale_add"),
        {"code": "CP_VISIT", "weeks": "2", "working_days": "10"},
    )
    assert response.status_code == 200
    assert "Give the timescale in exactly one unit." in response.content.decode()
    assert not LocalTimescale.objects.exists()


def test_a_closure_day_moves_due_dates(client, settings_admin):
    f.signed_in(client, settings_admin).post(
        reverse("admin:core_closureday_add"),
        {"date": "2026-12-29", "reason": "Christmas shutdown"},
    )
    assert ClosureDay.objects.filter(date=D(2026, 12, 29)).exists()
    assert not working_calendar().is_working_day(D(2026, 12, 29))


def test_the_audit_trail_cannot_be_changed_in_the_admin(client):
    superuser = f.UserFactory(is_staff=True, is_superuser=True)
    event = AuditEvent.objects.create(actor=superuser, action="VIEW", object_type="x")
    signed = f.signed_in(client, superuser)
    assert signed.get(reverse("admin:core_auditevent_changelist")).status_code == 200
    assert signed.get(reverse("admin:core_auditevent_add")).status_code == 403
    assert (
        signed.post(
            reverse("admin:core_auditevent_delete", args=[event.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert AuditEvent.objects.filter(pk=event.pk).exists()
