import datetime

import pytest
from django.urls import reverse

from haven.core.tests import factories as f
from haven.plans.models import ChildInNeedPlan

pytestmark = pytest.mark.django_db

D = datetime.date
START = D(2026, 4, 1)


@pytest.fixture
def staff():
    return f.staff_user()


@pytest.fixture
def child():
    return f.ChildFactory(first_name="Sam", last_name="Taylor")


@pytest.fixture
def episode(child, staff):
    return f.open_episode(child, staff, D(2026, 3, 2))


def url(child, episode):
    return reverse("plans:cin_plan_start", kwargs={"pk": child.pk, "episode_id": episode.pk})


def valid(start=START):
    return f.date_fields("start_date", start)


class TestChildInNeedPlanStartView:
    def test_signed_out_goes_to_sign_in(self, client, child, episode):
        assert f.redirects_to_sign_in(client.get(url(child, episode)))

    def test_a_user_who_is_not_staff_gets_404(self, client, child, episode):
        f.signed_in(client, f.non_staff_user())

        assert client.get(url(child, episode)).status_code == 404
        assert client.post(url(child, episode), valid()).status_code == 404
        assert not ChildInNeedPlan.objects.exists()

    def test_an_episode_of_another_child_is_404(self, client, staff, episode):
        f.signed_in(client, staff)

        assert client.post(url(f.ChildFactory(), episode), valid()).status_code == 404
        assert not ChildInNeedPlan.objects.exists()

    def test_shows_the_form(self, client, staff, child, episode):
        response = f.signed_in(client, staff).get(url(child, episode))

        assert response.status_code == 200
        assert f.page_heading(response) == "Start a child in need plan"

    def test_invalid_input_shows_the_errors_and_saves_nothing(self, client, staff, child, episode):
        f.signed_in(client, staff)

        response = client.post(url(child, episode), {**valid(), "start_date_1": "13"})

        assert response.status_code == 200
        assert f.error_summary(response) == ["Start date must be a real date"]
        assert not ChildInNeedPlan.objects.exists()

    def test_a_valid_plan_is_saved(self, client, staff, child, episode):
        response = f.signed_in(client, staff).post(url(child, episode), valid())

        assert response.status_code == 302
        assert ChildInNeedPlan.objects.get(child=child).start_date == D(2026, 4, 1)

    def test_a_plan_while_on_a_protection_plan_names_rule_4001(self, client, staff, child):
        plan = f.cp_plan(child, staff, D(2026, 3, 2))
        f.signed_in(client, staff)
        before = f.db_snapshot()

        response = client.post(url(child, plan.episode), valid())

        assert response.status_code == 200
        assert "census rules 4001/4016/4017" in f.error_summary(response)[0]
        assert f.db_snapshot() == before
