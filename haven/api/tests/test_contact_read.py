"""GET /api/v1/contacts/{reference}: a partner reads back only its own contacts, and only the
fields its agency may see (security reference 2.5, R9), with every read and refusal audited
(R1, R3) and another organisation's contact indistinguishable from none (R6)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from haven.api import fields
from haven.api.tests.conftest import contact_body, make_partner
from haven.core.models import AuditEvent
from haven.core.tests import factories as f
from haven.frontdoor import services as hub_services
from haven.frontdoor.models import Contact, InformationRequest

pytestmark = pytest.mark.django_db

AGENCIES = ("POLICE", "HEALTH", "EDUCATION", "PROBATION", "HOUSING")
# What the hub knows that no partner may read back through the API.
FORBIDDEN = {
    "id",
    "pk",
    "rag",
    "rag_reason",
    "triaged_at",
    "triaged_by",
    "decision_reason",
    "decided_by",
    "concern",
    "tried_so_far",
    "consent",
    "consent_reason",
    "lawful_basis",
    "channel",
    "source",
    "partner_agency",
    "recorded_by",
    "referrer_name",
    "referrer_email",
    "referrer_phone",
    "people",
    "children",
    "adults",
    "person",
    "person_id",
    "episode",
    "information_requests",
    "answer",
}
SECRETS = (
    "Dad has a conviction for assault",  # the hub's rating reason
    "Strategy discussion because of the police intelligence",  # the decision's reason
    "Known to police: not for the family",  # another agency's answer
    "Lily",  # a child's name
    "Evans",
)


def decide(contact: Contact, decision: str = "STRATEGY") -> None:
    """Rate the contact through the hub's service, ask health, and record the decision as the
    hub's decision step does (status, decision, reason, time, who, the outcome for the
    referrer)."""
    officer = f.staff_user(role="MASH_OFFICER", team=f.TeamFactory(kind="MASH"))
    child = f.ChildFactory(first_name="Lily", last_name="Evans")
    contact.people.filter(first_name="Lily").update(person=child)
    hub_services.contact_triage(
        acting_user=officer, contact=contact, rag="RED", reason="Dad has a conviction for assault"
    )
    now = timezone.now()
    InformationRequest.objects.create(
        contact=contact,
        agency="HEALTH",
        question="What do you know of the family?",
        requested_at=now - datetime.timedelta(hours=1),
        requested_by=officer,
        due_at=now + datetime.timedelta(hours=3),
        status="ANSWERED",
        answer="Known to police: not for the family",
        not_for_family=True,
        answered_at=now,
        answered_by=officer,
    )
    Contact.objects.filter(pk=contact.pk).update(
        status="DECIDED",
        decision=decision,
        decision_reason="Strategy discussion because of the police intelligence",
        decided_at=now,
        decided_by=officer,
        referrer_outcome="A social worker is looking into this; thank you for telling us.",
    )


def sent_by(partner) -> Contact:
    response = partner.post(contact_body())
    assert response.status_code == 201
    return Contact.objects.get(reference=response.json()["reference"])


class TestWhatEachAgencySees:
    @pytest.mark.parametrize("agency", AGENCIES)
    def test_before_the_decision_only_progress(self, agency):
        partner = make_partner(f"{agency.title()} system", agency=agency)
        contact = sent_by(partner)

        response = partner.read(contact.reference)

        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"
        assert response.json() == {
            "reference": contact.reference,
            "received_at": contact.received_at.isoformat(),
            "status": "NEW",
            "decision_due_at": contact.due_at.isoformat(),
            "decided": False,
        }

    @pytest.mark.parametrize(
        ("agency", "expected_keys"),
        [
            ("POLICE", fields.PROGRESS + fields.OUTCOME + ("decision",)),
            ("HEALTH", fields.PROGRESS + fields.OUTCOME + ("decision",)),
            ("EDUCATION", fields.PROGRESS + fields.OUTCOME),
            ("PROBATION", fields.PROGRESS + fields.OUTCOME),
            ("HOUSING", fields.PROGRESS + fields.OUTCOME),
        ],
    )
    def test_once_decided_the_outcome_and_nothing_of_the_hubs_working(self, agency, expected_keys):
        partner = make_partner(f"{agency.title()} system", agency=agency)
        contact = sent_by(partner)
        decide(contact)

        response = partner.read(contact.reference)

        body = response.json()
        assert set(body) == set(expected_keys)
        assert not FORBIDDEN & set(body)
        assert body["decided"] is True
        assert body["status"] == "DECIDED"
        assert body["referrer_outcome"] == (
            "A social worker is looking into this; thank you for telling us."
        )
        assert body.get("decision") == ("STRATEGY" if agency in ("POLICE", "HEALTH") else None)
        text = response.content.decode()
        assert [secret for secret in SECRETS if secret in text] == []

    def test_every_agency_has_a_field_list_and_every_field_a_reader(self):
        assert set(fields.VISIBLE_FIELDS) == set(AGENCIES)
        for visible in fields.VISIBLE_FIELDS.values():
            assert set(visible) <= set(fields.READERS)
            assert not FORBIDDEN & set(visible)

    def test_an_agency_with_no_field_list_sees_nothing(self):
        police = make_partner()
        contact = sent_by(police)

        assert fields.contact_for_partner(contact, agency="MI5") == {}


class TestOnlyTheSender:
    def test_another_organisations_contact_looks_exactly_like_no_contact(self):
        police = make_partner()
        other_force = make_partner("Other Constabulary", agency="POLICE")
        theirs = sent_by(other_force)

        forbidden = police.read(theirs.reference)
        missing = police.read("HV-9999999")
        malformed = police.read("HV-1%00")

        assert forbidden.status_code == missing.status_code == malformed.status_code == 404
        assert forbidden.json() == missing.json() == malformed.json()
        assert forbidden["Content-Type"] == "application/problem+json"
        assert theirs.reference not in forbidden.content.decode()

    def test_a_contact_taken_by_the_hub_is_not_readable_through_the_api(self):
        police = make_partner()
        officer = f.staff_user(role="MASH_OFFICER")
        taken = hub_services.contact_record(
            acting_user=officer,
            received_at=timezone.now(),
            channel="PHONE",
            source="6",
            concern="A call from the police.",
            children=[{"first_name": "Nora"}],
        )

        assert police.read(taken.reference).status_code == 404

    def test_reads_and_refusals_are_audited_as_the_organisation(self):
        police = make_partner()
        other = make_partner("Other Constabulary", agency="POLICE")
        ours, theirs = sent_by(police), sent_by(other)

        police.read(ours.reference)
        police.read(theirs.reference)

        actor = police.client.service_user
        view = AuditEvent.objects.get(actor=actor, action="VIEW")
        deny = AuditEvent.objects.get(actor=actor, action="DENY")
        assert (view.object_type, view.object_id) == ("frontdoor.contact", str(ours.pk))
        assert (deny.object_type, deny.object_id) == ("frontdoor.contact", theirs.reference)
