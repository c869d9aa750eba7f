"""The hub: recording contacts taken by phone or email, the queue, and the MASH enquiry
relationship in the access policy."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from haven.access import policy
from haven.core.models import AuditEvent
from haven.core.tests import factories as f
from haven.frontdoor import services
from haven.frontdoor.models import Contact, ContactPerson


def decided_fields() -> dict[str, object]:
    """What a decided contact carries (the database refuses a decision without its reason)."""
    return {
        "status": Contact.Status.DECIDED,
        "decision": Contact.Decision.NFA,
        "decision_reason": "No concerns about the child's safety.",
        "decided_at": timezone.now(),
    }


pytestmark = pytest.mark.django_db

QUEUE = reverse("hub:queue")
RECORD = reverse("hub:contact_record")


@pytest.fixture
def officer():
    return f.staff_user(role="MASH_OFFICER", team=f.TeamFactory(name="MASH", kind="MASH"))


def record(user, **overrides):
    fields = {
        "acting_user": user,
        "received_at": timezone.now() - datetime.timedelta(hours=2),
        "channel": "PHONE",
        "source": "2A",
        "concern": "Lily came to school with a bruise on her cheek and said her dad hit her.",
        "children": [
            {
                "first_name": "Lily",
                "last_name": "Evans",
                "date_of_birth": datetime.date(2017, 4, 2),
            },
            {"first_name": "Tom", "last_name": "Evans"},
        ],
        "adults": [{"first_name": "Mark", "last_name": "Evans", "relationship_to_child": "Father"}],
        "referrer_name": "Ms Patel",
        "referrer_role": "Designated safeguarding lead",
        "referrer_organisation": "Hill Primary School",
    }
    fields.update(overrides)
    return services.contact_record(**fields)


class TestRecordingAContact:
    def test_each_child_and_adult_is_kept_as_described(self, officer):
        contact = record(officer)

        assert contact.reference.startswith("HV-")
        assert contact.status == Contact.Status.NEW
        assert contact.source == "2A"
        people = list(contact.people.order_by("kind", "first_name"))
        assert [(p.kind, p.first_name) for p in people] == [
            ("ADULT", "Mark"),
            ("CHILD", "Lily"),
            ("CHILD", "Tom"),
        ]
        assert all(p.person_id is None for p in people)  # nothing is linked automatically
        assert AuditEvent.objects.filter(actor=officer, object_id=str(contact.pk)).count() == 1

    def test_references_are_unique_and_increase(self, officer):
        first, second = record(officer), record(officer)
        assert first.reference != second.reference
        assert first.reference < second.reference

    @pytest.mark.parametrize(
        ("overrides", "field"),
        [
            ({"children": [{"first_name": "", "last_name": ""}]}, "children"),
            ({"concern": "  "}, "concern"),
            ({"source": "ZZ"}, "source"),
            ({"channel": "PUBLIC_FORM"}, "channel"),
            ({"received_at": timezone.now() + datetime.timedelta(days=1)}, "received_at"),
            (
                {"children": [{"first_name": "A", "date_of_birth": datetime.date(2099, 1, 1)}]},
                "children",
            ),
        ],
    )
    def test_bad_contacts_are_refused_and_nothing_is_written(self, officer, overrides, field):
        from haven.core.errors import RuleBroken

        before = f.db_snapshot()
        with pytest.raises(RuleBroken) as refused:
            record(officer, **overrides)
        assert refused.value.field == field
        assert f.db_snapshot() == before

    def test_only_the_hub_records_contacts(self):
        for role in ("SOCIAL_WORKER", "TEAM_MANAGER", "SENIOR_LEADER", "PARTNER", "AUDITOR"):
            with pytest.raises(policy.AccessDenied):
                record(f.staff_user(role=role))
        assert not Contact.objects.exists()


class TestPages:
    def test_signed_out_and_forbidden(self, client, officer):
        contact = record(officer)
        url = reverse("hub:contact", kwargs={"contact_id": contact.pk})
        for page in (QUEUE, RECORD, url):
            assert f.redirects_to_sign_in(Client().get(page))
            for role in ("SOCIAL_WORKER", "SENIOR_LEADER", "PARTNER"):
                user = f.staff_user(role=role)
                assert f.signed_in(Client(), user).get(page).status_code == 403, (page, role)

    def test_the_queue_lists_open_contacts_longest_wait_first(self, client, officer):
        # Fixed weekdays: over a weekend a contact received on Saturday morning falls due on
        # Monday before one received on Friday afternoon, and comes first, as it should.
        london = timezone.get_default_timezone()
        old = record(officer, received_at=datetime.datetime(2026, 11, 17, 10, 0, tzinfo=london))
        new = record(officer, received_at=datetime.datetime(2026, 11, 18, 9, 0, tzinfo=london))
        decided = record(officer)
        Contact.objects.filter(pk=decided.pk).update(**decided_fields())

        html = f.signed_in(client, officer).get(QUEUE).content.decode()

        assert html.index(old.reference) < html.index(new.reference)
        assert decided.reference not in html

    def test_recording_through_the_form(self, client, officer):
        signed = f.signed_in(client, officer)
        today = timezone.localdate() - datetime.timedelta(days=1)
        data = {
            "channel": "PHONE",
            **f.date_fields("received_on", today),
            "received_time": "09:15",
            "source": "6",
            "concern": "Police attended a domestic incident; two children were in the house.",
            "family_aware": "YES",
            "child1_first_name": "Ava",
            "child1_last_name": "Stone",
            "child2_age_description": "A baby, about 6 months",
        }

        response = signed.post(RECORD, data)

        contact = Contact.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("hub:contact", kwargs={"contact_id": contact.pk})
        assert contact.source == "6"
        assert timezone.localtime(contact.received_at).strftime("%H:%M") == "09:15"
        assert ContactPerson.objects.filter(contact=contact, kind="CHILD").count() == 2
        page = signed.get(response["Location"]).content.decode()
        assert "Police attended a domestic incident" in page
        assert "A baby, about 6 months" in page

    def test_bad_input_shows_errors_and_saves_nothing(self, client, officer):
        response = f.signed_in(client, officer).post(RECORD, {"channel": "PHONE"})

        assert response.status_code == 200
        errors = f.error_summary(response)
        assert "Enter the concern as the referrer described it" in errors
        assert "Select who made the contact" in errors
        assert not Contact.objects.exists()

    def test_no_child_named_is_an_error_on_the_form(self, client, officer):
        data = {
            "channel": "EMAIL",
            **f.date_fields("received_on", timezone.localdate()),
            "received_time": "00:01",
            "source": "1A",
            "concern": "Worried about my niece.",
            "family_aware": "NO",
        }
        response = f.signed_in(client, officer).post(RECORD, data)

        assert response.status_code == 200
        assert f.error_summary(response) == [
            "Enter at least one child's name, or describe the child if the name is not known."
        ]
        assert not Contact.objects.exists()


class TestMashEnquiryRelationship:
    def test_the_hub_sees_a_child_linked_to_an_open_contact_until_it_is_decided(self, officer):
        child = f.ChildFactory()
        contact = record(officer)
        hub_colleague = f.staff_user(role="MASH_OFFICER")
        assert not policy.can_view_child(hub_colleague, child)

        ContactPerson.objects.filter(contact=contact, first_name="Lily").update(person=child)

        assert policy.access_reason(hub_colleague, child) == policy.MASH_ENQUIRY
        assert policy.children_visible_to(hub_colleague).filter(pk=child.pk).exists()
        assert not policy.can_view_child(f.staff_user(role="SOCIAL_WORKER"), child)

        Contact.objects.filter(pk=contact.pk).update(**decided_fields())
        fresh = type(hub_colleague).objects.get(pk=hub_colleague.pk)
        assert not policy.can_view_child(fresh, child)
        assert not policy.children_visible_to(fresh).filter(pk=child.pk).exists()


class TestTriage:
    def test_a_new_contact_is_due_within_the_statutory_working_day(self, officer):
        from haven.frontdoor.clocks import decision_due

        contact = record(officer)

        assert contact.rag == ""
        assert contact.due_at == decision_due(contact.received_at)
        assert contact.due_at > contact.received_at

    def test_rating_sets_the_authoritys_clock_from_when_it_came_in(self, officer):
        from haven.frontdoor.models import TriageClock

        contact = record(officer)
        red = services.contact_triage(
            acting_user=officer, contact=contact, rag="RED", reason="Injury seen today."
        )
        assert red.due_at == contact.received_at + datetime.timedelta(hours=4)
        assert red.status == Contact.Status.IN_PROGRESS
        assert red.triaged_by == officer

        TriageClock.objects.create(rating="RED", hours=2)
        again = services.contact_triage(
            acting_user=officer, contact=contact, rag="RED", reason="Rechecked."
        )
        assert again.due_at == contact.received_at + datetime.timedelta(hours=2)
        assert AuditEvent.objects.filter(detail="rated red").count() == 2

    @pytest.mark.parametrize(("rag", "reason"), [("PURPLE", "x"), ("AMBER", " ")])
    def test_a_bad_rating_changes_nothing(self, officer, rag, reason):
        from haven.core.errors import RuleBroken

        contact = record(officer)
        before = f.db_snapshot()
        with pytest.raises(RuleBroken):
            services.contact_triage(acting_user=officer, contact=contact, rag=rag, reason=reason)
        assert f.db_snapshot() == before

    def test_a_decided_contact_cannot_be_rated(self, officer):
        from haven.core.errors import RuleBroken

        contact = record(officer)
        Contact.objects.filter(pk=contact.pk).update(**decided_fields())
        with pytest.raises(RuleBroken):
            services.contact_triage(acting_user=officer, contact=contact, rag="RED", reason="x")

    def test_only_the_hub_rates(self, officer):
        contact = record(officer)
        with pytest.raises(policy.AccessDenied):
            services.contact_triage(
                acting_user=f.staff_user(role="SOCIAL_WORKER"),
                contact=contact,
                rag="RED",
                reason="x",
            )

    def test_the_page_and_the_queue_show_the_rating_and_what_is_overdue(self, client, officer):
        late = record(officer, received_at=timezone.now() - datetime.timedelta(days=9))
        fresh = record(officer)
        signed = f.signed_in(client, officer)
        url = reverse("hub:triage", kwargs={"contact_id": fresh.pk})

        bad = signed.post(url, {})
        assert bad.status_code == 200
        assert f.error_summary(bad) == [
            "Select red, amber or green",
            "Say why you chose this rating",
        ]

        done = signed.post(url, {"rag": "GREEN", "reason": "Advice only."})
        assert done.status_code == 302
        html = signed.get(QUEUE).content.decode()
        assert html.index(late.reference) < html.index(fresh.reference)
        assert "Overdue" in html.split(fresh.reference)[0]
        assert "Green" in html

    def test_the_triage_page_says_nothing_to_someone_outside_the_hub(self, officer):
        contact = record(officer)
        outsider = f.signed_in(Client(), f.staff_user(role="SOCIAL_WORKER"))
        real = outsider.get(reverse("hub:triage", kwargs={"contact_id": contact.pk}))
        missing = outsider.get(reverse("hub:triage", kwargs={"contact_id": 999999}))
        assert real.status_code == missing.status_code == 403
        assert (
            f.signed_in(Client(), officer)
            .get(reverse("hub:triage", kwargs={"contact_id": 999999}))
            .status_code
            == 404
        )


def test_overdue_is_decided_in_the_selector_and_never_for_a_decided_contact(officer):
    from haven.frontdoor import selectors

    contact = record(officer, received_at=timezone.now() - datetime.timedelta(days=9))
    now = timezone.now()
    assert selectors.contact_get(contact.pk, now=now).overdue
    assert [c.overdue for c in selectors.hub_queue(now=now)] == [True]
    Contact.objects.filter(pk=contact.pk).update(**decided_fields())
    assert not selectors.contact_get(contact.pk, now=now).overdue
    assert selectors.hub_queue(now=now) == []
