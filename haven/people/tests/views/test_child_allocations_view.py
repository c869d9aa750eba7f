import datetime

import pytest
from django.urls import reverse

from haven.core.models import AuditEvent
from haven.core.tests import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def staff():
    return f.staff_user()


@pytest.fixture
def child():
    return f.ChildFactory(first_name="Sam", last_name="Taylor")


def url(child):
    return reverse("people:child_allocations", kwargs={"pk": child.pk})


class TestChildAllocationsView:
    def test_signed_out_goes_to_sign_in(self, client, child):
        assert f.redirects_to_sign_in(client.get(url(child)))

    def test_a_user_who_is_not_staff_gets_404(self, client, child):
        assert f.signed_in(client, f.non_staff_user()).get(url(child)).status_code == 404

    def test_not_allocated(self, client, staff, child):
        response = f.signed_in(client, staff).get(url(child))

        assert response.status_code == 200
        assert f.page_heading(response) == "Sam Taylor"
        html = response.content.decode()
        assert "Not allocated." in html
        assert reverse("workforce:allocate", kwargs={"pk": child.pk}) in html
        assert AuditEvent.objects.filter(action="VIEW", detail="allocations").count() == 1

    def test_history_newest_first_with_the_reason_for_each_change(self, client, staff, child):
        first = f.WorkerFactory(full_name="Ann Archer")
        second = f.WorkerFactory(full_name="Bob Brown")
        f.allocate(child, staff, first, D(2026, 1, 5))
        f.allocate(child, staff, second, D(2026, 4, 1), change_reason="LEFTRL")

        html = f.signed_in(client, staff).get(url(child)).content.decode()

        assert html.index("Bob Brown") < html.index("Ann Archer")
        assert "Worker left their role" in html
        assert "First allocation" in html
        assert "2 allocations in all." in html
        # The summary card names the current worker.
        assert "Allocated worker</dt>" in html
