import datetime

import pytest
from django.urls import reverse

from haven.core.tests import factories as f
from haven.meetings.models import ReviewConference

pytestmark = pytest.mark.django_db

D = datetime.date
ICPC = D(2026, 3, 17)


@pytest.fixture
def staff():
    return f.staff_user()


@pytest.fixture
def child():
    return f.ChildFactory(first_name="Sam", last_name="Taylor")


@pytest.fixture
def plan(child, staff):
    return f.cp_plan(child, staff, D(2026, 3, 2), strategy_on=D(2026, 3, 3), icpc_on=ICPC)


def url(child, plan):
    return reverse("meetings:review_conference_create", kwargs={"pk": child.pk, "plan_id": plan.pk})


def valid(**overrides):
    data = {
        "outcome": "CONTINUE",
        "category_of_abuse": "EMO",
        "child_participation": "DECLINED",
        "agencies_invited": ["HEALTH"],
        "agencies_attended": ["HEALTH"],
        **f.date_fields("held_on", D(2026, 6, 10)),
    }
    data.update(overrides)
    return data


class TestReviewConferenceCreateView:
    def test_signed_out_goes_to_sign_in(self, client, child, plan):
        assert f.redirects_to_sign_in(client.get(url(child, plan)))

    def test_a_user_who_is_not_staff_gets_404(self, client, child, plan):
        f.signed_in(client, f.non_staff_user())

        assert client.get(url(child, plan)).status_code == 404
        assert client.post(url(child, plan), valid()).status_code == 404
        assert not ReviewConference.objects.exists()

    def test_a_plan_of_another_child_is_404(self, client, staff, plan):
        f.signed_in(client, staff)

        assert client.post(url(f.ChildFactory(), plan), valid()).status_code == 404
        assert not ReviewConference.objects.exists()

    def test_an_ended_plan_is_404(self, client, staff, child, plan):
        f.review(plan, staff, D(2026, 6, 10), outcome="END")

        assert f.signed_in(client, staff).get(url(child, plan)).status_code == 404

    def test_shows_the_form(self, client, staff, child, plan):
        response = f.signed_in(client, staff).get(url(child, plan))

        assert response.status_code == 200
        assert f.page_heading(response) == "Record a review child protection conference"

    def test_invalid_input_shows_the_errors_and_saves_nothing(self, client, staff, child, plan):
        f.signed_in(client, staff)
        before = f.db_snapshot()

        response = client.post(url(child, plan), valid(outcome="", category_of_abuse=""))

        assert response.status_code == 200
        assert f.error_summary(response) == [
            "Select the conference's decision",
            "Select the category of abuse",
        ]
        assert f.db_snapshot() == before

    def test_a_valid_review_is_saved(self, client, staff, child, plan):
        response = f.signed_in(client, staff).post(url(child, plan), valid())

        assert response.status_code == 302
        review = ReviewConference.objects.get(plan=plan)
        assert review.due_date == D(2026, 6, 17)
        plan.refresh_from_db()
        assert plan.latest_category == "EMO"

    def test_a_review_on_the_plan_start_names_rule_8841(self, client, staff, child, plan):
        f.signed_in(client, staff)
        before = f.db_snapshot()

        response = client.post(url(child, plan), valid(**f.date_fields("held_on", ICPC)))

        assert response.status_code == 200
        assert "census rule 8841" in f.error_summary(response)[0]
        assert f.db_snapshot() == before
