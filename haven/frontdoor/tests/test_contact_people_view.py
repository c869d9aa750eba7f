"""The hub's "records of the people named" page (ContactPeopleView)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from haven.core.models import AuditEvent
from haven.core.tests import factories as f
from haven.frontdoor.models import ContactPerson
from haven.frontdoor.tests.matching_helpers import D, contact_naming, decide, hub_officer, person
from haven.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return hub_officer()


@pytest.fixture
def john():
    return person("John", "Smith", D(2015, 5, 3), postcode="HV1 2AB")


@pytest.fixture
def named(officer):
    return contact_naming(
        officer, first_name="Jonh", last_name="Smith", date_of_birth=D(2015, 5, 3)
    )


def page(named: ContactPerson) -> str:
    return reverse("hub:contact_people", kwargs={"contact_id": named.contact_id})


def action(named: ContactPerson, what: str) -> str:
    return f"{page(named)}?person={named.pk}&action={what}"


def linked(named: ContactPerson) -> int | None:
    return ContactPerson.objects.get(pk=named.pk).person_id


class TestAccess:
    def test_signed_out_and_outside_the_hub(self, named, john):
        assert f.redirects_to_sign_in(Client().get(page(named)))
        for role in ("SOCIAL_WORKER", "TEAM_MANAGER", "SENIOR_LEADER", "PARTNER", "AUDITOR"):
            client = f.signed_in(Client(), f.staff_user(role=role))
            assert client.get(page(named)).status_code == 403, role
            posted = client.post(action(named, "link"), {f"link-{named.pk}-record": john.pk})
            assert posted.status_code == 403, role
        assert linked(named) is None

    def test_an_unknown_contact_or_someone_else_s_person(self, client, officer, named):
        signed = f.signed_in(client, officer)
        other = contact_naming(officer, first_name="Ivy", last_name="Hall")

        missing = reverse("hub:contact_people", kwargs={"contact_id": named.contact_id + 999})
        assert signed.get(missing).status_code == 404
        wrong_person = f"{page(named)}?person={other.pk}&action=unlink"
        assert signed.post(wrong_person).status_code == 404
        assert signed.post(f"{page(named)}?person={named.pk}&action=delete").status_code == 404


class TestTheMatches:
    def test_each_match_with_its_score_and_reasons_all_audited(self, client, officer, named, john):
        person("Oliver", "Wright", D(2012, 12, 12))
        before = AuditEvent.objects.count()

        response = f.signed_in(client, officer).get(page(named))

        assert response.status_code == 200
        assert f.page_heading(response) == "Records of the people named"
        html = response.content.decode()
        assert "Which record is Jonh Smith?" in html
        assert "John Smith" in html
        assert "Oliver Wright" not in html
        assert "Born 3 May 2015. HV1 2AB. Child. 95% match. Why: " in html
        assert "Sounds like John" in html
        events = AuditEvent.objects.order_by("pk")[before:]
        assert [(e.action, e.child_id) for e in events] == [("SEARCH", None), ("VIEW", john.pk)]

    def test_a_restricted_match_is_a_warning_not_a_choice(self, client, officer, named):
        hidden = person("John", "Smith", D(2015, 5, 3), is_restricted=True)

        html = f.signed_in(client, officer).get(page(named)).content.decode()

        assert "A restricted record may be Jonh Smith" in html
        assert f'value="{hidden.pk}"' not in html


class TestActions:
    def test_link_then_unlink(self, client, officer, named, john):
        signed = f.signed_in(client, officer)

        response = signed.post(action(named, "link"), {f"link-{named.pk}-record": str(john.pk)})

        assert response.status_code == 302
        assert response["Location"] == page(named)
        assert linked(named) == john.pk
        shown = signed.get(page(named)).content.decode()
        assert "Jonh Smith linked to an existing record" in shown
        assert "Linked to" in shown
        assert "Unlink this record" in shown

        signed.post(action(named, "unlink"))
        assert linked(named) is None

    def test_no_choice_is_an_error_and_changes_nothing(self, client, officer, named, john):
        response = f.signed_in(client, officer).post(action(named, "link"), {})

        assert response.status_code == 200
        assert f.error_summary(response) == [
            "Select the record that is Jonh Smith, or add a new record"
        ]
        assert linked(named) is None

    def test_a_restricted_record_posted_anyway_is_refused(self, client, officer, named):
        hidden = person("John", "Smith", D(2015, 5, 3), is_restricted=True)

        response = f.signed_in(client, officer).post(
            action(named, "link"), {f"link-{named.pk}-record": str(hidden.pk)}
        )

        assert response.status_code == 200
        (message,) = f.error_summary(response)
        assert message.startswith("That is a restricted record")
        assert linked(named) is None

    def test_a_new_record_with_the_details_corrected(self, client, officer, named):
        data = {
            f"new-{named.pk}-first_name": "John",
            f"new-{named.pk}-last_name": "Smith",
            **f.date_fields(f"new-{named.pk}-date_of_birth", D(2015, 5, 3)),
        }

        response = f.signed_in(client, officer).post(action(named, "new"), data)

        assert response.status_code == 302
        child = Person.objects.get(pk=linked(named))
        assert (child.full_name, child.kind) == ("John Smith", "CHILD")

    def test_a_new_child_record_needs_a_date_of_birth(self, client, officer, named):
        data = {f"new-{named.pk}-first_name": "John", f"new-{named.pk}-last_name": "Smith"}
        data.update(f.date_fields(f"new-{named.pk}-date_of_birth", None))
        people = Person.objects.count()

        response = f.signed_in(client, officer).post(action(named, "new"), data)

        assert response.status_code == 200
        (message,) = f.error_summary(response)
        assert message.startswith("Enter the child's date of birth")
        assert Person.objects.count() == people

    def test_a_decided_contact_is_read_only(self, client, officer, named, john):
        decide(named.contact)
        signed = f.signed_in(client, officer)

        html = signed.get(page(named)).content.decode()
        assert "This contact has been decided" in html
        assert "Link this record" not in html
        assert "Add a new record" not in html

        response = signed.post(action(named, "link"), {f"link-{named.pk}-record": str(john.pk)})
        assert f.error_summary(response)[0].startswith("This contact has been decided")
        assert linked(named) is None


def test_the_contact_page_shows_who_is_linked_and_the_way_to_the_records(client, officer, named):
    url = reverse("hub:contact", kwargs={"contact_id": named.contact_id})

    html = f.signed_in(client, officer).get(url).content.decode()

    assert "Not linked" in html
    assert page(named) in html
