"""Changing a child's details, including recording the birth of an unborn child."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from haven.core.tests import factories as f
from haven.people.models import Person

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def staff():
    return f.staff_user()


def url(child):
    return reverse("people:child_details", kwargs={"pk": child.pk})


def details(child, **changes):
    data = {
        "first_name": child.first_name,
        "last_name": child.last_name,
        "sex": child.sex,
        "ethnicity": child.ethnicity or "WBRI",
        "version": child.version,
        **f.date_fields("date_of_birth", child.date_of_birth),
        **f.date_fields("expected_date_of_birth", child.expected_date_of_birth),
    }
    for name, value in changes.items():
        if isinstance(value, datetime.date) or value is None and name.endswith("birth"):
            data.update(f.date_fields(name, value))
        else:
            data[name] = value
    return data


class TestChildDetailsView:
    def test_signed_out_goes_to_sign_in(self, client):
        assert f.redirects_to_sign_in(client.get(url(f.ChildFactory())))

    def test_a_user_who_is_not_staff_gets_404(self, client):
        response = f.signed_in(client, f.non_staff_user()).get(url(f.ChildFactory()))
        assert response.status_code == 404

    def test_the_form_starts_with_the_current_details(self, client, staff):
        child = f.ChildFactory(first_name="Sam", last_name="Taylor")
        html = f.signed_in(client, staff).get(url(child)).content.decode()
        assert 'value="Sam"' in html
        assert 'value="Taylor"' in html

    def test_records_the_birth_of_an_unborn_child(self, client, staff):
        child = f.UnbornChildFactory(expected_date_of_birth=D(2026, 10, 1))
        response = f.signed_in(client, staff).post(
            url(child), details(child, date_of_birth=D(2026, 9, 28), sex="F")
        )

        assert response.status_code == 302
        child.refresh_from_db()
        assert child.date_of_birth == D(2026, 9, 28)
        assert child.sex == "F"
        assert f.audited(child, staff, action="UPDATE")

    def test_an_unborn_child_cannot_be_given_sex_m(self, client, staff):
        child = f.UnbornChildFactory(expected_date_of_birth=D(2026, 12, 1))
        response = f.signed_in(client, staff).post(url(child), details(child, sex="M"))

        assert response.status_code == 200
        assert any("8750" in message for message in f.error_summary(response))
        assert Person.objects.get(pk=child.pk).sex == "U"

    def test_a_bad_nhs_number_changes_nothing(self, client, staff):
        child = f.ChildFactory(first_name="Sam")
        response = f.signed_in(client, staff).post(
            url(child), details(child, first_name="Samuel", nhs_number="9434765918")
        )

        assert response.status_code == 200
        assert f.error_summary(response)
        assert Person.objects.get(pk=child.pk).first_name == "Sam"


class TestNothingIsSilentlyOverwritten:
    """Two people open the same details; the second save is refused with what changed and by
    whom, and saving again after reading it goes through (security reference R23)."""

    @pytest.mark.django_db(transaction=True)  # each request commits, as in real use
    def test_a_save_based_on_an_old_version_is_refused_and_explained(self, client):
        child = f.ChildFactory(first_name="Sam", last_name="Taylor")
        first = f.staff_user(full_name="Ada Byron")
        first.first_name, first.last_name = "Ada", "Byron"
        first.save()
        second = f.staff_user()
        ada, bea = f.signed_in(Client(), first), f.signed_in(Client(), second)
        opened = details(child)

        assert ada.post(url(child), {**opened, "first_name": "Samuel"}).status_code == 302
        response = bea.post(url(child), {**opened, "known_as": "Sammy"})

        assert response.status_code == 200
        (message,) = f.error_summary(response)
        assert "changed after you opened this page" in message
        assert "Ada Byron changed" in message
        assert "first name" in message
        child.refresh_from_db()
        assert (child.first_name, child.known_as, child.version) == ("Samuel", "", 2)

        again = bea.post(
            url(child), {**opened, "first_name": "Samuel", "known_as": "Sammy", "version": 2}
        )
        assert again.status_code == 302
        child.refresh_from_db()
        assert (child.first_name, child.known_as, child.version) == ("Samuel", "Sammy", 3)

    def test_the_refused_form_carries_the_current_version(self, client):
        child = f.ChildFactory()
        staff = f.staff_user()
        signed = f.signed_in(client, staff)
        stale = details(child)
        signed.post(url(child), {**stale, "known_as": "One"})

        html = signed.post(url(child), {**stale, "known_as": "Two"}).content.decode()

        assert 'name="version" value="2"' in html
