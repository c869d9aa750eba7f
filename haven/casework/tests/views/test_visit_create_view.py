import datetime

import pytest
from django.urls import reverse

from haven.casework.models import Visit
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


@pytest.fixture
def episode(child, staff):
    return f.open_episode(child, staff, D(2026, 3, 2))


def url(child):
    return reverse("casework:visit_create", kwargs={"pk": child.pk})


def valid(**overrides):
    data = {
        "child_seen": "yes",
        "seen_alone": "yes",
        "bedroom_seen": "no",
        "childs_words": "I like my room",
        "observations": "",
        **f.date_fields("visit_date", D(2026, 3, 10)),
    }
    data.update(overrides)
    return data


class TestVisitCreateView:
    def test_signed_out_goes_to_sign_in(self, client, child):
        assert f.redirects_to_sign_in(client.get(url(child)))

    def test_a_user_who_is_not_staff_gets_404(self, client, child, episode):
        f.signed_in(client, f.non_staff_user())

        assert client.get(url(child)).status_code == 404
        assert client.post(url(child), valid()).status_code == 404
        assert not Visit.objects.exists()

    def test_shows_the_form(self, client, staff, child):
        response = f.signed_in(client, staff).get(url(child))

        assert response.status_code == 200
        assert f.page_heading(response) == "Record a visit"

    def test_invalid_input_shows_the_errors_and_saves_nothing(self, client, staff, child, episode):
        f.signed_in(client, staff)

        response = client.post(url(child), valid(child_seen="", bedroom_seen=""))

        assert response.status_code == 200
        assert f.error_summary(response) == [
            "Select yes or no: was the child seen?",
            "Select yes or no: was the child's bedroom seen?",
        ]
        assert not Visit.objects.exists()

    def test_a_valid_visit_is_saved(self, client, staff, child, episode):
        response = f.signed_in(client, staff).post(url(child), valid())

        assert response.status_code == 302
        assert response["Location"] == reverse("people:child_visits", kwargs={"pk": child.pk})
        visit = Visit.objects.get(child=child)
        assert visit.seen_alone
        assert not visit.bedroom_seen
        assert visit.childs_words == "I like my room"

    def test_seen_alone_but_not_seen_is_shown_at_the_question(self, client, staff, child, episode):
        f.signed_in(client, staff)

        response = client.post(url(child), valid(child_seen="no"))

        assert f.error_summary(response) == [
            "The child cannot have been seen alone if they were not seen."
        ]
        assert not Visit.objects.exists()

    def test_a_visit_after_the_episode_closed_names_rule_8565(self, client, staff, child, episode):
        referral_services.episode_close(
            acting_user=staff, episode=episode, closure_date=D(2026, 4, 1), closure_reason="RC7"
        )
        f.signed_in(client, staff)
        before = f.db_snapshot()

        response = client.post(url(child), valid(**f.date_fields("visit_date", D(2026, 4, 2))))

        assert response.status_code == 200
        assert "census rule 8565" in f.error_summary(response)[0]
        assert f.db_snapshot() == before
