import datetime

import pytest
from django.urls import reverse

from haven.core.tests import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date


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
    return reverse("referrals:episode_close", kwargs={"pk": child.pk, "episode_id": episode.pk})


def valid(**overrides):
    data = {"closure_reason": "RC7", **f.date_fields("closure_date", D(2026, 6, 1))}
    data.update(overrides)
    return data


class TestEpisodeCloseView:
    def test_signed_out_goes_to_sign_in(self, client, child, episode):
        assert f.redirects_to_sign_in(client.get(url(child, episode)))

    def test_a_user_who_is_not_staff_gets_404(self, client, child, episode):
        f.signed_in(client, f.non_staff_user())
        before = f.db_snapshot()

        assert client.get(url(child, episode)).status_code == 404
        assert client.post(url(child, episode), valid()).status_code == 404
        assert f.db_snapshot() == before

    def test_an_episode_of_another_child_is_404(self, client, staff, episode):
        other = f.ChildFactory()
        f.signed_in(client, staff)

        assert client.get(url(other, episode)).status_code == 404
        assert client.post(url(other, episode), valid()).status_code == 404
        episode.refresh_from_db()
        assert episode.is_open

    def test_shows_the_form(self, client, staff, child, episode):
        response = f.signed_in(client, staff).get(url(child, episode))

        assert response.status_code == 200
        assert f.page_heading(response) == "Close the episode"

    def test_invalid_input_shows_the_errors_and_saves_nothing(self, client, staff, child, episode):
        f.signed_in(client, staff)
        before = f.db_snapshot()

        response = client.post(url(child, episode), valid(closure_reason="", closure_date_2=""))

        assert response.status_code == 200
        assert f.error_summary(response) == [
            "Closure date must include a year",
            "Select the reason for closure",
        ]
        assert f.db_snapshot() == before

    def test_a_valid_closure_is_saved(self, client, staff, child, episode):
        response = f.signed_in(client, staff).post(url(child, episode), valid())

        assert response.status_code == 302
        assert response["Location"] == reverse("people:child_episodes", kwargs={"pk": child.pk})
        episode.refresh_from_db()
        assert episode.closure_date == D(2026, 6, 1)
        assert episode.closure_reason == "RC7"

    def test_closing_before_the_last_activity_names_rule_8565(self, client, staff, child, episode):
        assessment = f.start_assessment(episode, staff, D(2026, 3, 10))
        f.authorise_assessment(assessment, staff, D(2026, 4, 20), outcome="CLOSE")
        f.signed_in(client, staff)
        before = f.db_snapshot()

        response = client.post(
            url(child, episode), valid(**f.date_fields("closure_date", D(2026, 4, 1)))
        )

        assert response.status_code == 200
        [message] = f.error_summary(response)
        assert "census rule 8565" in message
        assert f.db_snapshot() == before
