import pytest
from django.urls import reverse

from haven.core.models import AuditEvent
from haven.core.tests import factories as f

pytestmark = pytest.mark.django_db


def url(child):
    return reverse("people:child_access_log", kwargs={"pk": child.pk})


def test_signed_out_goes_to_sign_in(client):
    assert f.redirects_to_sign_in(client.get(url(f.ChildFactory())))


def test_a_user_who_is_not_staff_gets_404(client):
    assert f.signed_in(client, f.non_staff_user()).get(url(f.ChildFactory())).status_code == 404


def test_lists_who_viewed_and_changed_the_record(client):
    child = f.ChildFactory()
    viewer = f.staff_user(full_name="Vera Viewer")
    f.signed_in(client, viewer).get(reverse("people:child_visits", kwargs={"pk": child.pk}))
    manager = f.staff_user(full_name="Manny Manager", role="AUDITOR")

    response = f.signed_in(client, manager).get(url(child))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Vera Viewer" in html
    assert "visits" in html
    # The data protection officer sees who has seen the record, not what it says.
    assert "Date of birth" not in html
    assert reverse("people:child_visits", kwargs={"pk": child.pk}) not in html
    assert AuditEvent.objects.filter(
        actor=manager, child_id=child.pk, action="VIEW", detail="access_log"
    ).exists()


def test_a_worker_who_may_see_the_child_but_not_the_log_gets_404(client):
    child = f.ChildFactory()
    worker = f.staff_user()  # sees every child, but the access log is for managers and the DPO

    assert f.signed_in(client, worker).get(url(child)).status_code == 404


def test_the_team_manager_sees_the_log_of_their_teams_child(client):
    team = f.TeamFactory()
    manager = f.WorkerFactory(team=team, role="TEAM_MANAGER")
    team.manager = manager
    team.save()
    child = f.ChildFactory()
    f.allocate(child, f.staff_user(), f.WorkerFactory(team=team))

    assert f.signed_in(client, manager.user).get(url(child)).status_code == 200
    other = f.WorkerFactory(role="TEAM_MANAGER")
    assert f.signed_in(client, other.user).get(url(child)).status_code == 404
