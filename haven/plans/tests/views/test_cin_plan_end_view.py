import datetime

import pytest
from django.urls import reverse

from haven.core.tests import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date
END = D(2026, 7, 1)


@pytest.fixture
def staff():
    return f.staff_user()


@pytest.fixture
def child():
    return f.ChildFactory(first_name="Sam", last_name="Taylor")


@pytest.fixture
def plan(child, staff):
    return f.cin_plan(f.open_episode(child, staff, D(2026, 3, 2)), staff, D(2026, 4, 1))


def url(child, plan):
    return reverse("plans:cin_plan_end", kwargs={"pk": child.pk, "plan_id": plan.pk})


def valid(end=END):
    return f.date_fields("end_date", end)


class TestChildInNeedPlanEndView:
    def test_signed_out_goes_to_sign_in(self, client, child, plan):
        assert f.redirects_to_sign_in(client.get(url(child, plan)))

    def test_a_user_who_is_not_staff_gets_404(self, client, child, plan):
        f.signed_in(client, f.non_staff_user())

        assert client.get(url(child, plan)).status_code == 404
        assert client.post(url(child, plan), valid()).status_code == 404
        plan.refresh_from_db()
        assert plan.end_date is None

    def test_a_plan_of_another_child_is_404(self, client, staff, plan):
        f.signed_in(client, staff)

        assert client.post(url(f.ChildFactory(), plan), valid()).status_code == 404
        plan.refresh_from_db()
        assert plan.end_date is None

    def test_shows_the_form(self, client, staff, child, plan):
        response = f.signed_in(client, staff).get(url(child, plan))

        assert response.status_code == 200
        assert f.page_heading(response) == "End the child in need plan"

    def test_invalid_input_shows_the_errors_and_saves_nothing(self, client, staff, child, plan):
        f.signed_in(client, staff)

        response = client.post(url(child, plan), valid(None))

        assert response.status_code == 200
        assert f.error_summary(response) == ["Enter the end date"]
        plan.refresh_from_db()
        assert plan.end_date is None

    def test_a_valid_end_is_saved(self, client, staff, child, plan):
        response = f.signed_in(client, staff).post(url(child, plan), valid())

        assert response.status_code == 302
        plan.refresh_from_db()
        assert plan.end_date == D(2026, 7, 1)

    def test_a_refusal_from_the_service_is_shown(self, client, staff, child, plan):
        f.signed_in(client, staff)
        before = f.db_snapshot()

        response = client.post(url(child, plan), valid(D(2026, 3, 31)))

        assert f.error_summary(response) == ["A plan cannot end before it started."]
        assert f.db_snapshot() == before
