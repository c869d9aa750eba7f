import datetime

import pytest
from django.urls import reverse

from haven.core.tests import factories as f
from haven.meetings.models import InitialChildProtectionConference
from haven.plans.models import ChildProtectionPlan

pytestmark = pytest.mark.django_db

D = datetime.date
SATURDAY = D(2026, 11, 21)


@pytest.fixture
def staff():
    return f.staff_user()


@pytest.fixture
def child():
    return f.ChildFactory(first_name="Sam", last_name="Taylor")


@pytest.fixture
def enquiry(child, staff):
    return f.start_section_47(f.open_episode(child, staff, D(2026, 11, 2)), staff, D(2026, 11, 3))


def url(child, enquiry):
    return reverse(
        "meetings:initial_conference_create", kwargs={"pk": child.pk, "enquiry_id": enquiry.pk}
    )


def valid(**overrides):
    data = {
        "outcome": "CHILD_PROTECTION_PLAN",
        "category_of_abuse": "NEG",
        "child_participation": "ATTENDED",
        "agencies_invited": ["POLICE", "HEALTH"],
        "agencies_attended": ["POLICE"],
        "summary": "",
        **f.date_fields("held_on", D(2026, 11, 20)),
    }
    data.update(overrides)
    return data


class TestInitialConferenceCreateView:
    def test_signed_out_goes_to_sign_in(self, client, child, enquiry):
        assert f.redirects_to_sign_in(client.get(url(child, enquiry)))

    def test_a_user_who_is_not_staff_gets_404(self, client, child, enquiry):
        f.signed_in(client, f.non_staff_user())

        assert client.get(url(child, enquiry)).status_code == 404
        assert client.post(url(child, enquiry), valid()).status_code == 404
        assert not InitialChildProtectionConference.objects.exists()

    def test_an_enquiry_of_another_child_is_404(self, client, staff, enquiry):
        f.signed_in(client, staff)

        assert client.post(url(f.ChildFactory(), enquiry), valid()).status_code == 404
        assert not InitialChildProtectionConference.objects.exists()

    def test_shows_the_form(self, client, staff, child, enquiry):
        response = f.signed_in(client, staff).get(url(child, enquiry))

        assert response.status_code == 200
        assert f.page_heading(response) == "Record the initial child protection conference"

    def test_a_plan_without_a_category_shows_the_error_and_saves_nothing(
        self, client, staff, child, enquiry
    ):
        f.signed_in(client, staff)
        before = f.db_snapshot()

        response = client.post(url(child, enquiry), valid(category_of_abuse=""))

        assert response.status_code == 200
        assert f.error_summary(response) == [
            "Select the category of abuse for the child protection plan"
        ]
        assert f.db_snapshot() == before

    def test_a_valid_conference_starts_the_plan(self, client, staff, child, enquiry):
        response = f.signed_in(client, staff).post(url(child, enquiry), valid())

        assert response.status_code == 302
        plan = ChildProtectionPlan.objects.get(child=child)
        assert plan.start_date == D(2026, 11, 20)
        assert plan.initial_category == "NEG"

    def test_a_saturday_conference_names_rule_8875(self, client, staff, child, enquiry):
        f.signed_in(client, staff)
        before = f.db_snapshot()

        response = client.post(url(child, enquiry), valid(**f.date_fields("held_on", SATURDAY)))

        assert response.status_code == 200
        [message] = f.error_summary(response)
        assert "census rule 8875" in message
        assert "Saturday 21 November 2026" in message
        assert f.db_snapshot() == before
