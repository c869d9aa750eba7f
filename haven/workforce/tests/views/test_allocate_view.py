import datetime

import pytest
from django.urls import reverse

from haven.core.tests import factories as f
from haven.workforce.models import Allocation

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def staff():
    return f.staff_user()


@pytest.fixture
def child():
    return f.ChildFactory(first_name="Sam", last_name="Taylor")


@pytest.fixture
def worker():
    return f.WorkerFactory(full_name="Ann Archer")


def url(child):
    return reverse("workforce:allocate", kwargs={"pk": child.pk})


def valid(worker, **overrides):
    data = {"worker": worker.pk, "change_reason": "", **f.date_fields("start_date", D(2026, 3, 2))}
    data.update(overrides)
    return data


class TestAllocateView:
    def test_signed_out_goes_to_sign_in(self, client, child):
        assert f.redirects_to_sign_in(client.get(url(child)))

    def test_a_user_who_is_not_staff_gets_404(self, client, child, worker):
        f.signed_in(client, f.non_staff_user())

        assert client.get(url(child)).status_code == 404
        assert client.post(url(child), valid(worker)).status_code == 404
        assert not Allocation.objects.exists()

    def test_shows_the_form_with_workers_in_post(self, client, staff, child, worker):
        f.LeftWorkerFactory(full_name="Lee Left")

        response = f.signed_in(client, staff).get(url(child))

        assert response.status_code == 200
        assert f.page_heading(response) == "Allocate a social worker"
        html = response.content.decode()
        assert "Ann Archer" in html
        assert "Lee Left" not in html

    def test_invalid_input_shows_the_errors_and_saves_nothing(self, client, staff, child):
        f.signed_in(client, staff)

        response = client.post(url(child), {"worker": "", **f.date_fields("start_date", None)})

        assert response.status_code == 200
        assert f.error_summary(response) == [
            "Select a social worker",
            "Enter the date the allocation starts",
        ]
        assert not Allocation.objects.exists()

    def test_a_valid_allocation_is_saved(self, client, staff, child, worker):
        response = f.signed_in(client, staff).post(url(child), valid(worker))

        assert response.status_code == 302
        assert response["Location"] == reverse("people:child_allocations", kwargs={"pk": child.pk})
        allocation = Allocation.objects.get(child=child)
        assert allocation.worker == worker
        assert allocation.team == worker.team

    def test_a_change_without_a_reason_is_shown_at_the_reason(self, client, staff, child, worker):
        f.allocate(child, staff, f.WorkerFactory(), D(2026, 1, 5))
        f.signed_in(client, staff)
        before = f.db_snapshot()

        response = client.post(url(child), valid(worker))

        assert response.status_code == 200
        assert f.error_summary(response) == [
            "Select the reason the child's social worker is changing."
        ]
        assert 'id="id_change_reason-error"' in response.content.decode()
        assert f.db_snapshot() == before
