import datetime

import pytest
from django.urls import reverse

from haven.core.models import AuditEvent
from haven.core.tests import factories as f
from haven.people import services
from haven.people.models import ProfessionalInvolvement

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def staff():
    return f.staff_user()


@pytest.fixture
def child():
    return f.ChildFactory(first_name="Sam", last_name="Taylor")


def url(child):
    return reverse("people:child_family", kwargs={"pk": child.pk})


class TestChildFamilyView:
    def test_signed_out_goes_to_sign_in(self, client, child):
        assert f.redirects_to_sign_in(client.get(url(child)))

    def test_a_user_who_is_not_staff_gets_404(self, client, child):
        assert f.signed_in(client, f.non_staff_user()).get(url(child)).status_code == 404

    def test_an_empty_network(self, client, staff, child):
        response = f.signed_in(client, staff).get(url(child))

        assert response.status_code == 200
        assert f.page_heading(response) == "Sam Taylor"
        html = response.content.decode()
        assert "No relationships recorded." in html
        assert "No address recorded." in html
        assert AuditEvent.objects.filter(action="VIEW", child_id=child.pk, detail="family").exists()

    def test_shows_relationships_both_ways_addresses_and_professionals(self, client, staff, child):
        mother = f.AdultFactory(first_name="Jo", last_name="Taylor")
        sibling = f.ChildFactory(first_name="Kim", last_name="Taylor")
        services.relationship_add(
            acting_user=staff,
            person=child,
            related_person=mother,
            kind="MOTHER",
            has_parental_responsibility=True,
        )
        services.relationship_add(
            acting_user=staff, person=sibling, related_person=child, kind="SIBLING"
        )
        services.address_move(
            acting_user=staff,
            person=child,
            line_1="1 High Street",
            town="Sutton",
            postcode="SM1 1AA",
            start_date=D(2025, 1, 1),
        )
        ProfessionalInvolvement.objects.create(
            child=child, agency="SCHOOL", name="Ms Head", start_date=D(2025, 9, 1)
        )

        html = f.signed_in(client, staff).get(url(child)).content.decode()

        assert "Jo Taylor" in html
        assert "Mother" in html
        assert reverse("people:child_chronology", kwargs={"pk": sibling.pk}) in html
        assert "Sam Taylor is their sibling" in html
        assert "1 High Street" in html
        assert "SM1 1AA" in html
        assert "Ms Head, School" in html
