import datetime

import pytest
from django.urls import reverse

from haven.core.tests import factories as f
from haven.meetings.models import CoreGroupMeeting

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
    return reverse("meetings:core_group_create", kwargs={"pk": child.pk, "plan_id": plan.pk})


def valid(**overrides):
    data = {
        "child_participation": "ATTENDED",
        "agencies_invited": ["EDUCATION"],
        "agencies_attended": ["EDUCATION"],
        **f.date_fields("held_on", D(2026, 3, 26)),
    }
    data.update(overrides)
    return data


class TestCoreGroupCreateView:
    def test_signed_out_goes_to_sign_in(self, client, child, plan):
        assert f.redirects_to_sign_in(client.get(url(child, plan)))

    def test_a_user_who_is_not_staff_gets_404(self, client, child, plan):
        f.signed_in(client, f.non_staff_user())

        assert client.get(url(child, plan)).status_code == 404
        assert client.post(url(child, plan), valid()).status_code == 404
        assert not CoreGroupMeeting.objects.exists()

    def test_a_plan_of_another_child_is_404(self, client, staff, plan):
        f.signed_in(client, staff)

        assert client.post(url(f.ChildFactory(), plan), valid()).status_code == 404
        assert not CoreGroupMeeting.objects.exists()

    def test_shows_the_form(self, client, staff, child, plan):
        response = f.signed_in(client, staff).get(url(child, plan))

        assert response.status_code == 200
        assert f.page_heading(response) == "Record a core group meeting"

    def test_invalid_input_shows_the_errors_and_saves_nothing(self, client, staff, child, plan):
        f.signed_in(client, staff)
        before = f.db_snapshot()

        response = client.post(url(child, plan), valid(held_on_0="", child_participation=""))

        assert response.status_code == 200
        assert f.error_summary(response) == [
            "Date of the meeting must include a day",
            "Select how the child took part",
        ]
        assert f.db_snapshot() == before

    def test_a_valid_meeting_is_saved(self, client, staff, child, plan):
        response = f.signed_in(client, staff).post(url(child, plan), valid())

        assert response.status_code == 302
        meeting = CoreGroupMeeting.objects.get(plan=plan)
        assert meeting.held_on == D(2026, 3, 26)
        assert meeting.due_date == D(2026, 3, 31)

    def test_a_refusal_from_the_service_is_shown(self, client, staff, child, plan):
        f.signed_in(client, staff)
        before = f.db_snapshot()

        response = client.post(url(child, plan), valid(**f.date_fields("held_on", D(2026, 3, 16))))

        assert f.error_summary(response) == ["A core group cannot be before the plan started."]
        assert f.db_snapshot() == before
