"""The family and network steps: add a family member, record an address, add a professional."""

import datetime

import pytest
from django.urls import reverse

from haven.core.tests import factories as f
from haven.people.models import Address, Person, ProfessionalInvolvement, Relationship

pytestmark = pytest.mark.django_db

D = datetime.date
STEPS = ["people:family_member_create", "people:address_create", "people:involvement_create"]


@pytest.fixture
def staff():
    return f.staff_user()


@pytest.fixture
def child():
    return f.ChildFactory(first_name="Sam", last_name="Taylor")


def url(name, child):
    return reverse(name, kwargs={"pk": child.pk})


@pytest.mark.parametrize("name", STEPS)
class TestAccess:
    def test_signed_out_goes_to_sign_in(self, client, child, name):
        assert f.redirects_to_sign_in(client.get(url(name, child)))

    def test_a_user_who_is_not_staff_gets_404(self, client, child, name):
        assert f.signed_in(client, f.non_staff_user()).get(url(name, child)).status_code == 404

    def test_an_unknown_child_gets_404(self, client, staff, name):
        response = f.signed_in(client, staff).get(reverse(name, kwargs={"pk": 999999}))
        assert response.status_code == 404

    def test_staff_see_the_form(self, client, staff, child, name):
        response = f.signed_in(client, staff).get(url(name, child))
        assert response.status_code == 200
        assert "Sam Taylor" in response.content.decode()


class TestFamilyMember:
    def test_adds_an_adult_and_the_relationship(self, client, staff, child):
        data = {
            "first_name": "Jo",
            "last_name": "Taylor",
            "kind": "MOTHER",
            "has_parental_responsibility": "yes",
            "lives_with_child": "no",
            **f.date_fields("date_of_birth", D(1990, 4, 2)),
        }
        response = f.signed_in(client, staff).post(url(STEPS[0], child), data)

        assert response.status_code == 302
        relationship = Relationship.objects.get(person=child)
        assert relationship.kind == "MOTHER"
        assert relationship.has_parental_responsibility is True
        assert relationship.lives_with_child is False
        assert relationship.related_person.kind == Person.Kind.ADULT
        assert relationship.related_person.full_name == "Jo Taylor"
        family = f.signed_in(client, staff).get(
            reverse("people:child_family", kwargs={"pk": child.pk})
        )
        assert "Jo Taylor" in family.content.decode()

    def test_missing_answers_show_the_error_summary_and_save_nothing(self, client, staff, child):
        before = f.row_counts()
        response = f.signed_in(client, staff).post(url(STEPS[0], child), {"first_name": "Jo"})

        assert response.status_code == 200
        errors = f.error_summary(response)
        assert "Select how they are related to the child" in errors
        assert "Select yes if they have parental responsibility" in errors
        assert f.row_counts() == before


class TestAddress:
    def test_a_new_address_ends_the_current_one(self, client, staff, child):
        signed = f.signed_in(client, staff)
        for line, start in (("1 High Street", D(2024, 1, 1)), ("2 Low Road", D(2025, 6, 1))):
            response = signed.post(
                url(STEPS[1], child),
                {
                    "line_1": line,
                    "town": "Sutton",
                    "postcode": "sm1 1aa",
                    **f.date_fields("start_date", start),
                },
            )
            assert response.status_code == 302

        old, new = Address.objects.filter(person=child).order_by("start_date")
        assert old.end_date == D(2025, 6, 1)
        assert new.end_date is None
        assert new.postcode == "SM1 1AA"

    def test_an_unreal_postcode_is_refused(self, client, staff, child):
        response = f.signed_in(client, staff).post(
            url(STEPS[1], child),
            {
                "line_1": "1 High St",
                "town": "Sutton",
                "postcode": "NOT A CODE",
                **f.date_fields("start_date", D(2025, 1, 1)),
            },
        )
        assert "Enter a real postcode, like SM1 1EA" in f.error_summary(response)
        assert not Address.objects.exists()

    def test_an_address_before_the_current_one_is_refused(self, client, staff, child):
        signed = f.signed_in(client, staff)
        base = {"line_1": "1 High St", "town": "Sutton", "postcode": "SM1 1AA"}
        signed.post(url(STEPS[1], child), {**base, **f.date_fields("start_date", D(2025, 1, 1))})
        response = signed.post(
            url(STEPS[1], child), {**base, **f.date_fields("start_date", D(2024, 1, 1))}
        )
        assert "The new address cannot start before the current one did." in f.error_summary(
            response
        )
        assert Address.objects.count() == 1


class TestInvolvement:
    def test_adds_a_professional(self, client, staff, child):
        response = f.signed_in(client, staff).post(
            url(STEPS[2], child),
            {
                "agency": "SCHOOL",
                "name": "Ms Head",
                "role": "Designated safeguarding lead",
                **f.date_fields("start_date", D(2025, 9, 1)),
            },
        )
        assert response.status_code == 302
        involvement = ProfessionalInvolvement.objects.get(child=child)
        assert involvement.name == "Ms Head"
        assert f.audited(child, staff)

    def test_a_bad_email_is_refused(self, client, staff, child):
        response = f.signed_in(client, staff).post(
            url(STEPS[2], child),
            {
                "agency": "GP",
                "name": "Dr Who",
                "email": "not-an-email",
                **f.date_fields("start_date", D(2025, 9, 1)),
            },
        )
        assert "Enter an email address like name@example.org" in f.error_summary(response)
        assert not ProfessionalInvolvement.objects.exists()
