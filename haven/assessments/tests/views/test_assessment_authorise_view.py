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
def assessment(child, staff):
    return f.start_assessment(f.open_episode(child, staff, D(2026, 3, 2)), staff, D(2026, 3, 9))


def url(child, assessment):
    return reverse(
        "assessments:assessment_authorise", kwargs={"pk": child.pk, "assessment_id": assessment.pk}
    )


def valid(**overrides):
    data = {
        "factors": ["3B", "16A"],
        "outcome": "CHILD_IN_NEED_PLAN",
        "childs_views": "I miss my dad",
        "analysis": "Needs support",
        **f.date_fields("authorised_date", D(2026, 4, 20)),
        **f.date_fields("child_seen_date", D(2026, 3, 12)),
    }
    data.update(overrides)
    return data


class TestAssessmentAuthoriseView:
    def test_signed_out_goes_to_sign_in(self, client, child, assessment):
        assert f.redirects_to_sign_in(client.get(url(child, assessment)))

    def test_a_user_who_is_not_staff_gets_404(self, client, child, assessment):
        f.signed_in(client, f.non_staff_user())

        assert client.get(url(child, assessment)).status_code == 404
        assert client.post(url(child, assessment), valid()).status_code == 404
        assessment.refresh_from_db()
        assert assessment.authorised_date is None

    def test_an_assessment_of_another_child_is_404(self, client, staff, assessment):
        f.signed_in(client, staff)

        assert client.post(url(f.ChildFactory(), assessment), valid()).status_code == 404
        assessment.refresh_from_db()
        assert assessment.authorised_date is None

    def test_an_authorised_assessment_is_404(self, client, staff, child, assessment):
        f.authorise_assessment(assessment, staff, D(2026, 4, 1))

        assert f.signed_in(client, staff).get(url(child, assessment)).status_code == 404

    def test_shows_the_form(self, client, staff, child, assessment):
        response = f.signed_in(client, staff).get(url(child, assessment))

        assert response.status_code == 200
        assert f.page_heading(response) == "Complete and authorise the assessment"

    def test_invalid_input_shows_the_errors_and_saves_nothing(
        self, client, staff, child, assessment
    ):
        f.signed_in(client, staff)
        before = f.db_snapshot()

        response = client.post(url(child, assessment), valid(factors=[], outcome=""))

        assert response.status_code == 200
        assert f.error_summary(response) == [
            "Select the factors identified, or 21 if there were none",
            "Select the outcome of the assessment",
        ]
        assert f.db_snapshot() == before

    def test_a_valid_authorisation_is_saved(self, client, staff, child, assessment):
        response = f.signed_in(client, staff).post(url(child, assessment), valid())

        assert response.status_code == 302
        assessment.refresh_from_db()
        assert assessment.authorised_date == D(2026, 4, 20)
        assert assessment.authorised_by == staff.worker
        assert assessment.childs_views == "I miss my dad"
        assert sorted(assessment.factors.values_list("code", flat=True)) == ["16A", "3B"]

    def test_factor_21_with_others_names_rule_8869(self, client, staff, child, assessment):
        f.signed_in(client, staff)
        before = f.db_snapshot()

        response = client.post(url(child, assessment), valid(factors=["21", "3B"]))

        assert response.status_code == 200
        assert "census rule 8869" in f.error_summary(response)[0]
        assert f.db_snapshot() == before
