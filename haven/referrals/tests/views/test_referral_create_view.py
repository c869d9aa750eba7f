import datetime

import pytest
from django.urls import reverse

from haven.core.tests import factories as f
from haven.referrals.models import EpisodeOfNeed

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def staff():
    return f.staff_user()


@pytest.fixture
def child():
    return f.ChildFactory(first_name="Sam", last_name="Taylor")


def url(child):
    return reverse("referrals:referral_create", kwargs={"pk": child.pk})


def valid(**overrides):
    data = {"referral_source": "2A", "primary_need": "N1", "referral_summary": "Worry"}
    data.update(f.date_fields("referral_date", D(2026, 3, 2)))
    data.update(overrides)
    return data


class TestReferralCreateView:
    def test_signed_out_goes_to_sign_in(self, client, child):
        assert f.redirects_to_sign_in(client.get(url(child)))
        assert f.redirects_to_sign_in(client.post(url(child), valid()))

    def test_a_user_who_is_not_staff_is_told_there_is_no_such_child(self, client, child):
        f.signed_in(client, f.non_staff_user())
        before = f.db_snapshot()

        assert client.get(url(child)).status_code == 404
        assert client.post(url(child), valid()).status_code == 404
        assert f.db_snapshot() == before

    def test_an_unknown_child_is_404(self, client, staff):
        f.signed_in(client, staff)

        assert (
            client.get(reverse("referrals:referral_create", kwargs={"pk": 999999})).status_code
            == 404
        )

    def test_shows_the_form(self, client, staff, child):
        response = f.signed_in(client, staff).get(url(child))

        assert response.status_code == 200
        assert f.page_heading(response) == "Record a referral"
        assert "Sam Taylor" in response.content.decode()

    def test_invalid_input_shows_the_errors_and_saves_nothing(self, client, staff, child):
        f.signed_in(client, staff)
        before = f.db_snapshot()

        response = client.post(
            url(child), valid(referral_source="", referral_date_0="31", referral_date_1="2")
        )

        assert response.status_code == 200
        assert f.error_summary(response) == [
            "Referral date must be a real date",
            "Select who made the referral",
        ]
        assert f.db_snapshot() == before

    def test_a_valid_referral_is_saved_and_goes_back_to_the_episodes(self, client, staff, child):
        response = f.signed_in(client, staff).post(url(child), valid())

        assert response.status_code == 302
        assert response["Location"] == reverse("people:child_episodes", kwargs={"pk": child.pk})
        episode = EpisodeOfNeed.objects.get(child=child)
        assert episode.referral_date == D(2026, 3, 2)
        assert episode.primary_need == "N1"
        assert episode.created_by == staff

    def test_a_census_rule_is_shown_in_the_error_summary(self, client, staff, child):
        f.open_episode(child, staff, D(2026, 3, 2))
        f.signed_in(client, staff)
        before = f.db_snapshot()

        response = client.post(url(child), valid(**f.date_fields("referral_date", D(2026, 4, 1))))

        assert response.status_code == 200
        [message] = f.error_summary(response)
        assert "census rule 8815" in message
        assert f.db_snapshot() == before

    def test_a_referral_without_a_primary_need_names_rule_8610(self, client, staff, child):
        f.signed_in(client, staff)

        response = client.post(url(child), valid(primary_need=""))

        assert "census rule 8610" in f.error_summary(response)[0]
        assert not EpisodeOfNeed.objects.exists()

    def test_a_no_further_action_referral_closes_on_the_referral_date(self, client, staff, child):
        response = f.signed_in(client, staff).post(
            url(child), valid(referral_nfa="on", primary_need="")
        )

        assert response.status_code == 302
        episode = EpisodeOfNeed.objects.get(child=child)
        assert (episode.closure_date, episode.closure_reason) == (D(2026, 3, 2), "RC8")
        html = client.get(url(child)).content.decode()
        assert "the referral is closed on the referral date" in html
