import datetime
import re

import pytest
from django.urls import reverse

from haven.core.models import AuditEvent
from haven.core.tests import factories as f
from haven.referrals import services as referral_services

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def staff():
    return f.staff_user()


@pytest.fixture
def child():
    return f.ChildFactory(first_name="Sam", last_name="Taylor")


def url(child):
    return reverse("people:child_episodes", kwargs={"pk": child.pk})


def next_steps(response):
    html = response.content.decode()
    if "Next steps" not in html:
        return []
    block = html.split("Next steps", 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a class="govuk-link" href="[^"]+">(.*?)</a>', block)


class TestChildEpisodesView:
    def test_signed_out_goes_to_sign_in(self, client, child):
        assert f.redirects_to_sign_in(client.get(url(child)))

    def test_a_user_who_is_not_staff_gets_404(self, client, child):
        assert f.signed_in(client, f.non_staff_user()).get(url(child)).status_code == 404

    def test_no_referral_yet_offers_to_record_one(self, client, staff, child):
        response = f.signed_in(client, staff).get(url(child))

        assert response.status_code == 200
        assert f.page_heading(response) == "Sam Taylor"
        html = response.content.decode()
        assert "No referrals recorded." in html
        assert reverse("referrals:referral_create", kwargs={"pk": child.pk}) in html
        assert (
            AuditEvent.objects.filter(action="VIEW", child_id=child.pk, detail="episodes").count()
            == 1
        )

    def test_a_new_episode_offers_the_first_steps(self, client, staff, child):
        episode = f.open_episode(child, staff, D(2026, 3, 2))

        response = f.signed_in(client, staff).get(url(child))

        assert next_steps(response) == [
            "Start an assessment",
            "Record a strategy discussion",
            "Start a child in need plan",
            "Close the episode",
        ]
        html = response.content.decode()
        assert (
            reverse(
                "assessments:assessment_start", kwargs={"pk": child.pk, "episode_id": episode.pk}
            )
            in html
        )
        assert reverse("referrals:referral_create", kwargs={"pk": child.pk}) not in html
        assert 'Assessment due by</dt><dd class="govuk-summary-list__value">7 May 2026' in html

    def test_an_open_assessment_and_enquiry_offer_their_next_steps(self, client, staff, child):
        episode = f.open_episode(child, staff, D(2026, 3, 2))
        assessment = f.start_assessment(episode, staff, D(2026, 3, 3))
        enquiry = f.start_section_47(episode, staff, D(2026, 3, 4))

        response = f.signed_in(client, staff).get(url(child))

        assert next_steps(response) == [
            "Authorise the assessment",
            "Record a strategy discussion",
            "Record the section 47 outcome",
            "Record the initial child protection conference",
            "Start a child in need plan",
            "Close the episode",
        ]
        html = response.content.decode()
        assert (
            reverse(
                "assessments:assessment_authorise",
                kwargs={"pk": child.pk, "assessment_id": assessment.pk},
            )
            in html
        )
        assert (
            reverse(
                "meetings:initial_conference_create",
                kwargs={"pk": child.pk, "enquiry_id": enquiry.pk},
            )
            in html
        )

    def test_a_protection_plan_offers_reviews_and_core_groups_not_a_cin_plan(
        self, client, staff, child
    ):
        plan = f.cp_plan(
            child, staff, D(2026, 3, 2), strategy_on=D(2026, 3, 3), icpc_on=D(2026, 3, 17)
        )

        response = f.signed_in(client, staff).get(url(child))

        assert next_steps(response) == [
            "Start an assessment",
            "Record a strategy discussion",
            "Record a review conference",
            "Record a core group meeting",
            "Close the episode",
        ]
        assert (
            reverse(
                "meetings:review_conference_create", kwargs={"pk": child.pk, "plan_id": plan.pk}
            )
            in response.content.decode()
        )

    def test_an_open_cin_plan_offers_to_end_it(self, client, staff, child):
        episode = f.open_episode(child, staff, D(2026, 3, 2))
        plan = f.cin_plan(episode, staff, D(2026, 3, 10))

        response = f.signed_in(client, staff).get(url(child))

        assert "End the child in need plan" in next_steps(response)
        assert "Start a child in need plan" not in next_steps(response)
        assert (
            reverse("plans:cin_plan_end", kwargs={"pk": child.pk, "plan_id": plan.pk})
            in response.content.decode()
        )

    def test_a_closed_episode_offers_no_steps_and_a_new_referral(self, client, staff, child):
        episode = f.open_episode(child, staff, D(2026, 3, 2))
        referral_services.episode_close(
            acting_user=staff, episode=episode, closure_date=D(2026, 4, 1), closure_reason="RC7"
        )

        response = f.signed_in(client, staff).get(url(child))

        html = response.content.decode()
        assert next_steps(response) == []
        assert "closed 1 April 2026" in html
        assert reverse("referrals:referral_create", kwargs={"pk": child.pk}) in html
