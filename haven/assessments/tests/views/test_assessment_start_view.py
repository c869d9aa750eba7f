import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.assessments.models import Assessment
from haven.core.tests import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date
START = D(2026, 3, 9)


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
    return reverse(
        "assessments:assessment_start", kwargs={"pk": child.pk, "episode_id": episode.pk}
    )


def valid(start=START):
    return f.date_fields("start_date", start)


class TestAssessmentStartView:
    def test_signed_out_goes_to_sign_in(self, client, child, episode):
        assert f.redirects_to_sign_in(client.get(url(child, episode)))

    def test_a_user_who_is_not_staff_gets_404(self, client, child, episode):
        f.signed_in(client, f.non_staff_user())

        assert client.get(url(child, episode)).status_code == 404
        assert client.post(url(child, episode), valid()).status_code == 404
        assert not Assessment.objects.exists()

    def test_an_episode_of_another_child_is_404(self, client, staff, episode):
        f.signed_in(client, staff)

        assert client.post(url(f.ChildFactory(), episode), valid()).status_code == 404
        assert not Assessment.objects.exists()

    def test_shows_the_form(self, client, staff, child, episode):
        response = f.signed_in(client, staff).get(url(child, episode))

        assert response.status_code == 200
        assert f.page_heading(response) == "Start an assessment"

    def test_invalid_input_shows_the_errors_and_saves_nothing(self, client, staff, child, episode):
        f.signed_in(client, staff)

        response = client.post(url(child, episode), f.date_fields("start_date", None))

        assert response.status_code == 200
        assert f.error_summary(response) == ["Enter the start date"]
        assert not Assessment.objects.exists()

    def test_a_future_date_is_refused(self, client, staff, child, episode):
        f.signed_in(client, staff)

        tomorrow = timezone.localdate() + datetime.timedelta(days=1)

        response = client.post(url(child, episode), valid(tomorrow))

        assert f.error_summary(response) == ["Start date must be today or in the past"]
        assert not Assessment.objects.exists()

    def test_a_valid_start_is_saved(self, client, staff, child, episode):
        response = f.signed_in(client, staff).post(url(child, episode), valid())

        assert response.status_code == 302
        assessment = Assessment.objects.get(episode=episode)
        assert assessment.start_date == D(2026, 3, 9)
        assert assessment.due_date == episode.assessment_due_date

    def test_a_second_open_assessment_names_rule_8896(self, client, staff, child, episode):
        f.start_assessment(episode, staff, D(2026, 3, 3))
        f.signed_in(client, staff)
        before = f.db_snapshot()

        response = client.post(url(child, episode), valid())

        assert response.status_code == 200
        assert "census rule 8896" in f.error_summary(response)[0]
        assert f.db_snapshot() == before
