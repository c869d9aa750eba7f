"""Linking the people named in a contact to records, adding new records, and undoing a wrong
link (haven/frontdoor/matching.py): what changes, what is refused, and what is audited."""

from __future__ import annotations

import pytest

from haven.access import policy
from haven.core.errors import RuleBroken
from haven.core.models import AuditEvent
from haven.core.tests import factories as f
from haven.frontdoor import matching
from haven.frontdoor.models import ContactPerson
from haven.frontdoor.tests.matching_helpers import D, contact_naming, decide, hub_officer, person
from haven.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return hub_officer()


@pytest.fixture
def john():
    return person("John", "Smith", D(2015, 5, 3))


@pytest.fixture
def named(officer):
    return contact_naming(
        officer, first_name="Jonh", last_name="Smith", date_of_birth=D(2015, 5, 3)
    )


def linked_person(named: ContactPerson) -> int | None:
    return ContactPerson.objects.get(pk=named.pk).person_id


def refused(call, **kwargs) -> RuleBroken:
    before = f.db_snapshot(), list(ContactPerson.objects.values_list("pk", "person_id"))
    with pytest.raises(RuleBroken) as error:
        call(**kwargs)
    assert (f.db_snapshot(), list(ContactPerson.objects.values_list("pk", "person_id"))) == before
    return error.value


class TestLink:
    def test_linking_a_match_gives_the_hub_the_child_and_is_audited(self, officer, john, named):
        colleague = hub_officer()
        assert not policy.can_view_child(colleague, john)

        matching.contact_person_link(acting_user=officer, named=named, person=john)

        assert linked_person(named) == john.pk
        assert policy.access_reason(colleague, john) == policy.MASH_ENQUIRY
        event = AuditEvent.objects.filter(object_type="frontdoor.contactperson").get()
        assert (event.actor, event.action, event.child_id, event.object_id) == (
            officer,
            "UPDATE",
            john.pk,
            str(named.pk),
        )

    def test_a_restricted_record_is_refused_with_who_to_ask(self, officer, named):
        hidden = person("John", "Smith", D(2015, 5, 3), is_restricted=True)

        error = refused(
            matching.contact_person_link, acting_user=officer, named=named, person=hidden
        )

        assert error.message.startswith("That is a restricted record")
        assert "team manager" in error.message
        assert error.field == "record"

    def test_a_record_that_does_not_match_is_refused(self, officer, named):
        """Linking opens the record to the hub: it must not open any record in the authority."""
        stranger = person("Oliver", "Wright", D(2012, 12, 12))

        error = refused(
            matching.contact_person_link, acting_user=officer, named=named, person=stranger
        )

        assert "not one of the matches" in error.message
        assert not policy.can_view_child(officer, stranger)

    def test_a_decided_contact_is_refused(self, officer, john, named):
        decide(named.contact)

        error = refused(matching.contact_person_link, acting_user=officer, named=named, person=john)

        assert error.message.startswith("This contact has been decided")

    def test_a_linked_person_must_be_unlinked_first(self, officer, john, named):
        matching.contact_person_link(acting_user=officer, named=named, person=john)
        twin = person("John", "Smith", D(2015, 5, 3))

        error = refused(matching.contact_person_link, acting_user=officer, named=named, person=twin)

        assert error.message.startswith("This person is already linked")
        assert linked_person(named) == john.pk

    def test_a_merged_record_is_refused(self, officer, john, named):
        duplicate = person("John", "Smith", D(2015, 5, 3))
        Person.objects.filter(pk=duplicate.pk).update(merged_into=john)

        error = refused(
            matching.contact_person_link, acting_user=officer, named=named, person=duplicate
        )

        assert "merged into another" in error.message

    @pytest.mark.parametrize("role", ["SOCIAL_WORKER", "TEAM_MANAGER", "AUDITOR"])
    def test_only_the_hub_links(self, named, john, role):
        with pytest.raises(policy.AccessDenied):
            matching.contact_person_link(
                acting_user=f.staff_user(role=role), named=named, person=john
            )
        assert linked_person(named) is None


class TestNewRecord:
    def test_a_child_record_from_the_contacts_details(self, officer):
        named = contact_naming(
            officer,
            first_name="Maya",
            last_name="Brook",
            date_of_birth=D(2018, 6, 1),
            address="7 River Walk, Haven",
            postcode="hv3 4ef",
        )

        child = matching.contact_person_create_record(
            acting_user=officer,
            named=named,
            first_name="Maya",
            last_name="Brook",
            date_of_birth=D(2018, 6, 1),
        )

        assert linked_person(named) == child.pk
        assert (child.kind, child.full_name, child.date_of_birth) == (
            "CHILD",
            "Maya Brook",
            D(2018, 6, 1),
        )
        assert child.la_child_id.startswith("HV")
        address = child.addresses.get()
        assert (address.line_1, address.town, address.postcode) == (
            "7 River Walk",
            "Haven",
            "HV3 4EF",
        )
        assert f.audited(child, officer, "CREATE")
        assert f.audited(child, officer, "UPDATE")
        out_of_hours_hub = f.staff_user(role="MASH_OFFICER")  # in another team
        assert policy.access_reason(out_of_hours_hub, child) == policy.MASH_ENQUIRY

    def test_an_adult_record_follows_the_kind_named(self, officer):
        named = contact_naming(officer, adult=True, first_name="Mark", last_name="Evans")

        adult = matching.contact_person_create_record(
            acting_user=officer,
            named=named,
            first_name="Mark",
            last_name="Evans",
            date_of_birth=None,
        )

        assert adult.kind == Person.Kind.ADULT
        assert not adult.addresses.exists()

    def test_a_child_needs_a_date_of_birth(self, officer):
        named = contact_naming(
            officer, first_name="Baby", last_name="Brook", age_description="about 2"
        )

        error = refused(
            matching.contact_person_create_record,
            acting_user=officer,
            named=named,
            first_name="Baby",
            last_name="Brook",
            date_of_birth=None,
        )

        assert error.field == "date_of_birth"

    @pytest.mark.parametrize(
        ("first_name", "last_name", "field"),
        [("", "Brook", "first_name"), ("Maya", " ", "last_name")],
    )
    def test_names_are_needed(self, officer, first_name, last_name, field):
        named = contact_naming(officer, age_description="a girl of about 6")

        error = refused(
            matching.contact_person_create_record,
            acting_user=officer,
            named=named,
            first_name=first_name,
            last_name=last_name,
            date_of_birth=D(2019, 1, 1),
        )

        assert error.field == field

    def test_a_decided_contact_is_refused(self, officer, named):
        decide(named.contact)

        error = refused(
            matching.contact_person_create_record,
            acting_user=officer,
            named=named,
            first_name="John",
            last_name="Smith",
            date_of_birth=D(2015, 5, 3),
        )

        assert error.message.startswith("This contact has been decided")


class TestUnlink:
    def test_a_wrong_link_is_undone_and_audited(self, officer, john, named):
        matching.contact_person_link(acting_user=officer, named=named, person=john)

        matching.contact_person_unlink(acting_user=officer, named=named)

        assert linked_person(named) is None
        assert AuditEvent.objects.filter(
            child_id=john.pk, detail__startswith="unlinked from contact"
        ).exists()
        assert not policy.can_view_child(hub_officer(), john)

    def test_not_after_the_decision(self, officer, john, named):
        matching.contact_person_link(acting_user=officer, named=named, person=john)
        decide(named.contact)

        error = refused(matching.contact_person_unlink, acting_user=officer, named=named)

        assert error.message.startswith("This contact has been decided")
        assert linked_person(named) == john.pk

    def test_nothing_to_unlink(self, officer, named):
        error = refused(matching.contact_person_unlink, acting_user=officer, named=named)

        assert error.message == "This person is not linked to a record."


def test_an_nhs_number_from_a_partner_finds_the_record_despite_a_misspelt_name() -> None:
    officer = hub_officer()
    record = person("Jonathan", "Okoro", D(2016, 3, 9), nhs_number="9434765919")
    person("Jonathan", "Okafor", D(2016, 3, 9))  # a near miss by name alone
    named = contact_naming(officer, first_name="Jonatan", last_name="Okoru")
    ContactPerson.objects.filter(pk=named.pk).update(nhs_number="9434765919")
    named.refresh_from_db()

    found = matching.contact_person_candidates(user=officer, named=named)

    assert found[0].person_id == record.pk
    assert found[0].score_percent == 100
