"""POST /api/v1/contacts: a partner's contact reaches the hub's queue, and what is wrong with a
request is said field by field, with nothing written."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.api.tests.conftest import CONTACTS, contact_body, make_partner
from haven.core.models import AuditEvent
from haven.core.tests import factories as f
from haven.frontdoor import selectors
from haven.frontdoor.clocks import decision_due
from haven.frontdoor.models import Contact, ContactPerson

pytestmark = pytest.mark.django_db


def pointers(response) -> dict[str, str]:
    return {e["pointer"]: e["detail"] for e in response.json().get("errors", [])}


def nothing_written() -> bool:
    return not Contact.objects.exists() and not ContactPerson.objects.exists()


class TestReceivingAContact:
    def test_the_answer_gives_the_reference_the_clock_and_where_to_read_it(self, police):
        response = police.post(contact_body())

        assert response.status_code == 201
        assert response["Content-Type"] == "application/json"
        body = response.json()
        contact = Contact.objects.get()
        assert body == {
            "reference": contact.reference,
            "received_at": contact.received_at.isoformat(),
            "status": "NEW",
            "decision_due_at": contact.due_at.isoformat(),
            "children_count": 2,
        }
        assert response["Location"] == f"{CONTACTS}/{contact.reference}"
        assert "Idempotent-Replayed" not in response
        assert response["Cache-Control"] == "no-store"

    def test_the_contact_is_in_the_hub_queue_from_the_partner_system_due_in_a_working_day(
        self, police
    ):
        police.post(contact_body())

        [queued] = selectors.hub_queue(now=timezone.now())
        assert queued.get_channel_display() == "Partner system"
        assert queued.partner_agency == "POLICE"
        assert queued.source == "6"  # Police, the police agency's census code
        assert queued.children_named == 2
        assert queued.due_at == decision_due(queued.received_at)
        assert queued.received_at < queued.due_at <= queued.received_at + datetime.timedelta(days=5)
        assert not queued.overdue

    def test_the_hub_opens_it_like_any_other_contact(self, police, client):
        police.post(contact_body())
        contact = Contact.objects.get()
        officer = f.staff_user(role="MASH_OFFICER", team=f.TeamFactory(kind="MASH"))

        page = f.signed_in(client, officer).get(reverse("hub:contact", args=[contact.pk]))

        assert page.status_code == 200
        assert f.page_heading(page) == f"Contact {contact.reference}"
        text = page.content.decode()
        assert "Partner system" in text
        assert "Officers attended a domestic incident" in text

    def test_each_person_is_kept_as_the_partner_described_them(self, police):
        police.post(contact_body())

        contact = Contact.objects.get()
        people = {(p.kind, p.first_name): p for p in contact.people.all()}
        assert set(people) == {("CHILD", "Lily"), ("CHILD", "Tom"), ("ADULT", "Mark")}
        assert people["CHILD", "Lily"].date_of_birth == datetime.date(2017, 4, 2)
        assert people["CHILD", "Tom"].age_description == "about 3"
        assert people["ADULT", "Mark"].relationship_to_child == "father"
        assert all(p.person_id is None for p in people.values())
        assert contact.referrer_name == "DC Sam Okafor"
        # The organisation defaults to the one the key was issued to.
        assert contact.referrer_organisation == "Haven Constabulary"
        assert contact.family_aware == "YES"

    def test_the_create_is_audited_as_the_partner_organisation(self, police):
        police.post(contact_body())

        contact = Contact.objects.get()
        event = AuditEvent.objects.get(object_type="frontdoor.contact", action="CREATE")
        assert event.object_id == str(contact.pk)
        assert event.actor == police.client.service_user
        assert event.actor.get_full_name() == "Haven Constabulary (partner system)"
        assert contact.recorded_by == police.client.service_user

    def test_a_time_received_by_the_partner_starts_the_clock(self, police):
        received = timezone.now() - datetime.timedelta(hours=3)

        police.post(contact_body(received_at=received.isoformat()))

        contact = Contact.objects.get()
        assert contact.received_at == received
        assert contact.due_at == decision_due(received)

    def test_a_health_system_may_name_its_own_service_as_the_source(self):
        health = make_partner("Haven Hospital", agency="HEALTH")

        response = health.post(contact_body(source="3E"))

        assert response.status_code == 201
        assert Contact.objects.get().source == "3E"


class TestRefusingAnInvalidContact:
    def test_every_invalid_field_is_named_by_pointer_and_nothing_is_written(self, police):
        body = contact_body(
            concern="  ",
            family_aware="MAYBE",
            children=[
                {"first_name": "x" * 101},
                {"date_of_birth": "2017-02-30"},
                {"first_name": "Ann", "nhs_number": "943 476 5910"},
            ],
            referrer={"name": "DC Okafor", "email": "not an email"},
            nickname="Lil",
        )

        response = police.post(body)

        assert response.status_code == 422
        assert response["Content-Type"] == "application/problem+json"
        problem = response.json()
        assert problem["type"] == "tag:haven,2026:problems/validation-error"
        assert problem["status"] == 422
        assert pointers(response) == {
            "/nickname": "The contact has a field Haven does not know.",
            "/concern": "Enter the concern.",
            "/family_aware": 'The field "family_aware" must be one of YES, NO, NOT_KNOWN.',
            "/children/0/first_name": "The child's first name must be 100 characters or fewer.",
            "/children/1/date_of_birth": "The child's date of birth must be a real date.",
            "/children/2/nhs_number": (
                "This is not a real NHS number: the last digit does not match the others. "
                "Check each digit against the source."
            ),
            "/referrer/email": "Enter the referrer's email address, like name@example.org.",
        }
        assert nothing_written()

    @pytest.mark.parametrize(
        ("overrides", "pointer", "detail"),
        [
            ({"children": []}, "/children", "Give between 1 and 20 children."),
            (
                {"children": [{"first_name": "A"}] * 21},
                "/children",
                "Give between 1 and 20 children.",
            ),
            (
                {"children": [{"school": "Hill Primary"}]},
                "/children/0",
                "Give a first name, a last name or an age description for each person.",
            ),
            (
                {"children": [{"first_name": "Lily", "date_of_birth": "2099-01-01"}]},
                "/children/0/date_of_birth",
                "The child's date of birth cannot be in the future.",
            ),
            (
                {"concern": "x" * 10_001},
                "/concern",
                "The concern must be 10,000 characters or fewer.",
            ),
            (
                {"concern": "Nul \x00 byte"},
                "/concern",
                "The concern has characters that are not text.",
            ),
            ({"concern": 42}, "/concern", "The concern must be text."),
            (
                {"referrer": {"name": "DC Okafor"}},
                "/referrer",
                ("Give the referrer's email address or phone number, so the hub can call back."),
            ),
            (
                {"received_at": "2026-03-02 14:30"},
                "/received_at",
                (
                    'The field "received_at" must be a date and time with an offset, like '
                    "2026-03-02T14:30:00Z or 2026-03-02T15:30:00+01:00."
                ),
            ),
            (
                {"received_at": "2999-01-01T00:00:00Z"},
                "/received_at",
                "The time the concern was received cannot be in the future.",
            ),
            (
                {"received_at": "2001-01-01T00:00:00Z"},
                "/received_at",
                "The time the concern was received must be within the last 30 days; call the hub "
                "about an older concern.",
            ),
            ({"source": "1A"}, "/source", "A police system's contacts have the referral source 6."),
            (
                {"source": "ZZ"},
                "/source",
                'The field "source" must be one of '
                + ", ".join(
                    [
                        "1A",
                        "1B",
                        "1C",
                        "1D",
                        "2A",
                        "2B",
                        "3A",
                        "3B",
                        "3C",
                        "3D",
                        "3E",
                        "3F",
                        "4",
                        "5A",
                        "5B",
                        "5C",
                        "5D",
                        "6",
                        "7",
                        "8",
                        "9",
                        "10",
                    ]
                )
                + ".",
            ),
            (
                {"consent": "NOT_ASKED"},
                "/consent_reason",
                "Say why the referral goes ahead without the family's agreement.",
            ),
        ],
    )
    def test_the_rule_broken_is_named(self, police, overrides, pointer, detail):
        response = police.post(contact_body(**overrides))

        assert response.status_code == 422
        assert pointers(response) == {pointer: detail}
        assert nothing_written()

    def test_a_missing_required_field_is_named(self, police):
        body = contact_body()
        del body["concern"]
        del body["referrer"]

        response = police.post(body)

        assert pointers(response) == {
            "/concern": 'The contact needs the field "concern".',
            "/referrer": 'The contact needs the field "referrer".',
        }

    def test_a_body_that_is_not_an_object_is_refused(self, police):
        response = police.post([contact_body()])

        assert response.status_code == 422
        assert pointers(response) == {"": "The contact must be a JSON object."}


class TestRefusingAnUnreadableRequest:
    @pytest.mark.parametrize(
        "raw",
        [
            b"{not json",
            b'{"concern": NaN}',
            b'{"concern": "a", "concern": "b"}',
            b"\xff\xfe{}",
            b"[" * 100_000,
        ],
    )
    def test_what_is_not_json_gets_400_problem(self, police, raw):
        response = police.post(raw)

        assert response.status_code == 400
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["type"] == "tag:haven,2026:problems/invalid-json"
        assert nothing_written()

    def test_another_media_type_gets_415(self, police):
        response = police.post("concern=help", content_type="application/x-www-form-urlencoded")

        assert response.status_code == 415
        assert response.json()["title"] == "Unsupported Media Type"
        assert nothing_written()

    def test_a_body_over_256_kib_gets_413(self, police):
        response = police.post(json.dumps(contact_body(tried_so_far="x" * 300_000)))

        assert response.status_code == 413
        assert nothing_written()

    def test_a_missing_idempotency_key_gets_400(self, police):
        response = police.http.post(
            CONTACTS,
            json.dumps(contact_body()),
            content_type="application/json",
            headers=police.headers(),
        )

        assert response.status_code == 400
        assert response.json()["type"] == "tag:haven,2026:problems/idempotency-key-required"
        assert nothing_written()

    def test_another_method_gets_405_with_allow(self, police):
        response = police.http.get(CONTACTS, headers=police.headers())

        assert response.status_code == 405
        assert response["Allow"] == "POST"
        assert response["Content-Type"] == "application/problem+json"

    def test_an_unknown_address_under_the_api_gets_a_problem_404(self, police):
        response = police.http.get("/api/v1/children", headers=police.headers())

        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
