import datetime

import pytest
from django.urls import reverse

from haven.core.tests import factories as f
from haven.meetings.models import MeetingAttendance, StrategyDiscussion

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
    return reverse(
        "meetings:strategy_discussion_create", kwargs={"pk": child.pk, "episode_id": episode.pk}
    )


def valid(**overrides):
    data = {
        "starts_section_47": "yes",
        "child_participation": "NOT_INVITED",
        "agencies_invited": ["POLICE", "HEALTH", "EDUCATION"],
        "agencies_attended": ["POLICE", "EDUCATION"],
        "summary": "Agreed s47",
        **f.date_fields("held_on", D(2026, 3, 3)),
    }
    data.update(overrides)
    return data


class TestStrategyDiscussionCreateView:
    def test_signed_out_goes_to_sign_in(self, client, child, episode):
        assert f.redirects_to_sign_in(client.get(url(child, episode)))

    def test_a_user_who_is_not_staff_gets_404(self, client, child, episode):
        f.signed_in(client, f.non_staff_user())

        assert client.get(url(child, episode)).status_code == 404
        assert client.post(url(child, episode), valid()).status_code == 404
        assert not StrategyDiscussion.objects.exists()

    def test_an_episode_of_another_child_is_404(self, client, staff, episode):
        f.signed_in(client, staff)

        assert client.post(url(f.ChildFactory(), episode), valid()).status_code == 404
        assert not StrategyDiscussion.objects.exists()

    def test_shows_the_form(self, client, staff, child, episode):
        response = f.signed_in(client, staff).get(url(child, episode))

        assert response.status_code == 200
        assert f.page_heading(response) == "Record a strategy discussion"

    def test_invalid_input_shows_the_errors_and_saves_nothing(self, client, staff, child, episode):
        f.signed_in(client, staff)
        before = f.db_snapshot()

        response = client.post(
            url(child, episode), valid(starts_section_47="", child_participation="")
        )

        assert response.status_code == 200
        assert f.error_summary(response) == [
            "Select yes if a section 47 enquiry starts",
            "Select how the child took part",
        ]
        assert f.db_snapshot() == before

    def test_a_valid_discussion_is_saved_with_its_enquiry_and_attendance(
        self, client, staff, child, episode
    ):
        response = f.signed_in(client, staff).post(url(child, episode), valid())

        assert response.status_code == 302
        discussion = StrategyDiscussion.objects.get(episode=episode)
        assert discussion.section_47_enquiry.icpc_target_date == D(2026, 3, 24)
        attendance = MeetingAttendance.objects.filter(strategy_discussion=discussion)
        assert {(a.agency, a.attended) for a in attendance} == {
            ("POLICE", True),
            ("HEALTH", False),
            ("EDUCATION", True),
        }

    def test_a_second_open_enquiry_names_rule_8839(self, client, staff, child, episode):
        f.start_section_47(episode, staff, D(2026, 3, 3))
        f.signed_in(client, staff)
        before = f.db_snapshot()

        response = client.post(
            url(child, episode), valid(**f.date_fields("held_on", D(2026, 3, 5)))
        )

        assert response.status_code == 200
        assert "census rule 8839" in f.error_summary(response)[0]
        assert f.db_snapshot() == before
