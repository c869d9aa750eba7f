import datetime

import pytest
from django.urls import reverse

from haven.core.tests import factories as f
from haven.meetings.models import ChildInNeedReview

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def staff():
    return f.staff_user()


@pytest.fixture
def plan(staff):
    episode = f.open_episode(
        f.ChildFactory(first_name="Sam", last_name="Taylor"), staff, D(2026, 3, 2)
    )
    return f.cin_plan(episode, staff, D(2026, 3, 16))


def url(plan, child=None):
    return reverse(
        "meetings:cin_review_create", kwargs={"pk": (child or plan.child).pk, "plan_id": plan.pk}
    )


class TestChildInNeedReviewCreateView:
    def test_signed_out_goes_to_sign_in(self, client, plan):
        assert f.redirects_to_sign_in(client.get(url(plan)))

    def test_a_user_who_is_not_staff_gets_404(self, client, plan):
        assert f.signed_in(client, f.non_staff_user()).get(url(plan)).status_code == 404

    def test_another_childs_plan_gets_404(self, client, staff, plan):
        other = f.ChildFactory()
        assert f.signed_in(client, staff).get(url(plan, other)).status_code == 404

    def test_the_episodes_tab_offers_the_review(self, client, staff, plan):
        page = f.signed_in(client, staff).get(
            reverse("people:child_episodes", kwargs={"pk": plan.child.pk})
        )
        assert url(plan) in page.content.decode()

    def test_records_the_review(self, client, staff, plan):
        response = f.signed_in(client, staff).post(
            url(plan),
            {
                "child_participation": "VIEWS_SHARED",
                "agencies_invited": ["EDUCATION"],
                **f.date_fields("held_on", D(2026, 6, 1)),
            },
        )
        assert response.status_code == 302
        review = ChildInNeedReview.objects.get(plan=plan)
        assert review.child_participation == "VIEWS_SHARED"
        assert review.attendance.get().attended is False

    def test_invalid_input_shows_the_error_summary_and_saves_nothing(self, client, staff, plan):
        response = f.signed_in(client, staff).post(url(plan), {})
        assert response.status_code == 200
        assert "Select how the child took part" in f.error_summary(response)
        assert not ChildInNeedReview.objects.exists()
