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
def enquiry(child, staff):
    return f.start_section_47(f.open_episode(child, staff, D(2026, 3, 2)), staff, D(2026, 3, 3))


def url(child, enquiry):
    return reverse("meetings:section_47_outcome", kwargs={"pk": child.pk, "enquiry_id": enquiry.pk})


def valid(**overrides):
    data = {"outcome": "NOT_SUBSTANTIATED", **f.date_fields("end_date", D(2026, 3, 13))}
    data.update(overrides)
    return data


class TestSection47OutcomeView:
    def test_signed_out_goes_to_sign_in(self, client, child, enquiry):
        assert f.redirects_to_sign_in(client.get(url(child, enquiry)))

    def test_a_user_who_is_not_staff_gets_404(self, client, child, enquiry):
        f.signed_in(client, f.non_staff_user())

        assert client.get(url(child, enquiry)).status_code == 404
        assert client.post(url(child, enquiry), valid()).status_code == 404
        enquiry.refresh_from_db()
        assert enquiry.end_date is None

    def test_an_enquiry_of_another_child_is_404(self, client, staff, enquiry):
        f.signed_in(client, staff)

        assert client.post(url(f.ChildFactory(), enquiry), valid()).status_code == 404
        enquiry.refresh_from_db()
        assert enquiry.end_date is None

    def test_shows_the_form(self, client, staff, child, enquiry):
        response = f.signed_in(client, staff).get(url(child, enquiry))

        assert response.status_code == 200
        assert f.page_heading(response) == "Record the outcome of the section 47 enquiry"

    def test_invalid_input_shows_the_errors_and_saves_nothing(self, client, staff, child, enquiry):
        f.signed_in(client, staff)
        before = f.db_snapshot()

        response = client.post(url(child, enquiry), valid(outcome="MAYBE"))

        assert response.status_code == 200
        assert len(f.error_summary(response)) == 1
        assert "MAYBE" in f.error_summary(response)[0]
        assert f.db_snapshot() == before

    def test_a_valid_outcome_is_saved(self, client, staff, child, enquiry):
        response = f.signed_in(client, staff).post(url(child, enquiry), valid())

        assert response.status_code == 302
        enquiry.refresh_from_db()
        assert enquiry.end_date == D(2026, 3, 13)
        assert enquiry.outcome == "NOT_SUBSTANTIATED"
        assert enquiry.icpc_not_required

    def test_a_refusal_from_the_service_is_shown(self, client, staff, child, enquiry):
        f.signed_in(client, staff)
        before = f.db_snapshot()

        response = client.post(
            url(child, enquiry), valid(**f.date_fields("end_date", D(2026, 3, 2)))
        )

        assert f.error_summary(response) == [
            "The enquiry cannot end before the strategy discussion that started it."
        ]
        assert f.db_snapshot() == before
