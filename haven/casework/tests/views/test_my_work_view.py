import datetime
import re

import pytest
from django.urls import reverse

from haven.access import policy
from haven.core.tests import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date
URL = reverse("casework:my_work")


@pytest.fixture
def worker():
    return f.WorkerFactory()


class TestMyWorkView:
    def test_signed_out_goes_to_sign_in(self, client):
        assert f.redirects_to_sign_in(client.get(URL))

    def test_a_user_who_is_not_staff_is_forbidden(self, client):
        response = f.signed_in(client, f.non_staff_user()).get(URL)

        assert response.status_code == 403
        assert f.page_heading(response) == "You do not have permission to see this page"

    def test_a_worker_who_has_left_is_forbidden(self, client):
        assert f.signed_in(client, f.LeftWorkerFactory().user).get(URL).status_code == 403

    def test_an_empty_caseload(self, client, worker):
        response = f.signed_in(client, worker.user).get(URL)

        assert response.status_code == 200
        assert f.page_heading(response) == "My work"
        assert "You have no children allocated to you." in response.content.decode()

    def test_an_overdue_item_shows_how_late_it_is(self, client, worker):
        child = f.ChildFactory(first_name="Sam", last_name="Taylor")
        f.allocate(child, worker.user, worker, D(2026, 1, 5))
        # Strategy discussion on 3 February: the ICPC was due on 24 February.
        f.start_section_47(
            f.open_episode(child, worker.user, D(2026, 2, 2)), worker.user, D(2026, 2, 3)
        )

        response = f.signed_in(client, worker.user).get(URL)

        html = response.content.decode()
        assert response.status_code == 200
        assert "Sam Taylor" in html
        assert reverse("people:child_chronology", kwargs={"pk": child.pk}) in html
        assert "Initial child protection conference" in html
        assert "24 February 2026" in html
        assert re.search(r"Overdue by \d+ working days", html)

    def test_the_most_urgent_child_is_listed_first(self, client, worker):
        calm = f.ChildFactory(first_name="Amy", last_name="Calm")
        urgent = f.ChildFactory(first_name="Zed", last_name="Urgent")
        for child in (calm, urgent):
            f.allocate(child, worker.user, worker, D(2026, 1, 5))
        f.start_section_47(
            f.open_episode(urgent, worker.user, D(2026, 2, 2)), worker.user, D(2026, 2, 3)
        )

        html = f.signed_in(client, worker.user).get(URL).content.decode()

        assert html.index("Zed Urgent") < html.index("Amy Calm")
        assert "2 children, " in html


def test_my_work_lists_only_children_the_access_policy_lets_the_user_see(client, monkeypatch):
    user = f.staff_user()
    hidden, shown = f.ChildFactory(first_name="Hidden"), f.ChildFactory(first_name="Shown")
    for child in (hidden, shown):
        f.allocate(child, user, user.worker)
    real = policy.children_visible_to
    monkeypatch.setattr(policy, "children_visible_to", lambda u: real(u).exclude(pk=hidden.pk))

    html = f.signed_in(client, user).get("/my-work/").content.decode()

    assert "Shown" in html
    assert "Hidden" not in html


def test_each_child_listed_is_one_audited_read(client, worker):
    children = [f.ChildFactory() for _ in range(3)]
    for child in children:
        f.allocate(child, worker.user, worker, D(2026, 1, 5))

    f.signed_in(client, worker.user).get(URL)

    listed = f.AuditEvent.objects.filter(actor=worker.user, detail="listed on my work")
    assert sorted(listed.values_list("child_id", flat=True)) == sorted(c.pk for c in children)
    assert set(listed.values_list("reason", flat=True)) == {"allocated worker"}
