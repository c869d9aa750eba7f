import datetime

import pytest
from django.urls import reverse

from haven.core.tests import factories as f
from haven.people.models import Person

pytestmark = pytest.mark.django_db

D = datetime.date
URL = reverse("people:child_create")


@pytest.fixture
def staff():
    return f.staff_user()


def valid(**overrides):
    data = {
        "first_name": "Amy",
        "last_name": "Jones",
        "known_as": "",
        "sex": "F",
        "gender_identity": "",
        "ethnicity": "WBRI",
        "nhs_number": "943 476 5919",
        "upn": "",
        "upn_unknown_reason": "UN1",
        "disabilities": ["NONE"],
        **f.date_fields("date_of_birth", D(2019, 6, 1)),
        **f.date_fields("expected_date_of_birth", None),
    }
    data.update(overrides)
    return data


class TestChildCreateView:
    def test_signed_out_goes_to_sign_in(self, client):
        assert f.redirects_to_sign_in(client.get(URL))
        assert f.redirects_to_sign_in(client.post(URL, valid()))
        assert not Person.objects.exists()

    def test_a_user_who_is_not_staff_is_forbidden(self, client):
        f.signed_in(client, f.non_staff_user())

        assert client.get(URL).status_code == 403
        assert client.post(URL, valid()).status_code == 403
        assert not Person.objects.exists()

    def test_shows_the_form(self, client, staff):
        response = f.signed_in(client, staff).get(URL)

        assert response.status_code == 200
        assert f.page_heading(response) == "Add a child"

    def test_invalid_input_shows_the_errors_and_saves_nothing(self, client, staff):
        f.signed_in(client, staff)

        response = client.post(
            URL, valid(first_name="", ethnicity="", **f.date_fields("date_of_birth", None))
        )

        assert response.status_code == 200
        assert "<title>Error: Add a child" in response.content.decode()
        assert f.error_summary(response) == [
            "Enter first name",
            "Enter the date of birth, or the expected date of birth for an unborn child",
            "Select ethnicity",
        ]
        assert not Person.objects.exists()

    def test_a_valid_child_is_saved_and_their_record_opens(self, client, staff):
        response = f.signed_in(client, staff).post(URL, valid())

        child = Person.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("people:child_chronology", kwargs={"pk": child.pk})
        assert (child.full_name, child.nhs_number, child.created_by) == (
            "Amy Jones",
            "9434765919",
            staff,
        )
        assert child.la_child_id == f"HV{child.pk:08d}"

    def test_an_unborn_child_with_sex_m_names_rule_8750(self, client, staff):
        f.signed_in(client, staff)

        response = client.post(
            URL,
            valid(
                sex="M",
                **f.date_fields("date_of_birth", None),
                **f.date_fields("expected_date_of_birth", D(2027, 3, 1)),
            ),
        )

        assert response.status_code == 200
        [message] = f.error_summary(response)
        assert "census rule 8750" in message
        assert not Person.objects.exists()

    def test_an_invalid_nhs_number_is_explained_in_plain_words(self, client, staff):
        f.signed_in(client, staff)

        response = client.post(URL, valid(nhs_number="943 476 5918"))

        assert f.error_summary(response) == [
            "This is not a real NHS number: the last digit does not match the others. "
            "Check each digit against the source."
        ]
        assert not Person.objects.exists()

    def test_no_disability_with_a_disability_names_rule_8790(self, client, staff):
        f.signed_in(client, staff)

        response = client.post(URL, valid(disabilities=["NONE", "MOB"]))

        assert "census rule 8790" in f.error_summary(response)[0]
        assert not Person.objects.exists()
