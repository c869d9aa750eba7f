"""Property-based fuzzing of the partner API against its own OpenAPI description (security
reference 4.8 and R20: no input, however malformed, produces a 5xx; every answer is one the
description promises, in status, content type, headers and body).

Schemathesis loads the description from the Django application itself (WSGI, no network, the
test database) and, for every operation, generates valid and invalid requests: bodies that
break each rule of the schema, wrong types, missing and malformed headers, undeclared methods.
It sends them with a real partner key and checks every response with all its checks except
one: `positive_data_acceptance` expects every schema-valid request to succeed, but Haven
rightly refuses some that the schema cannot rule out (a date of birth in the future, a name of
spaces, an Idempotency-Key already spent on another body), with 422 as documented.

Three fixed seeds, 40 examples per operation each, so a run is the same every time (CI-stable)
and together they cover more than one would. Few random bodies pass every business rule, so a
fourth, derandomised property test takes schemathesis's valid bodies, leaves out the fields
whose rules a schema cannot say, and proves that what then reaches the database is stored as
sent or refused with reasons, never a 5xx (it found a postcode that upper-casing lengthened
past its column).
"""

from __future__ import annotations

import json
import uuid

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given, seed, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from haven.api.tests.conftest import CONTACTS, contact_body, make_partner
from haven.frontdoor.models import Contact

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())

EXAMPLES = 40
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
    print_blob=True,
)


@pytest.fixture(autouse=True)
def _same_connection():
    """Keep the test's database connection open between requests, as Django's test client
    does: the WSGI handler would otherwise close it (it is inside the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def partner_key() -> str:
    """A real key with both scopes, so requests get past authentication to the input checks."""
    return make_partner("Fuzzing Constabulary", agency="POLICE").key


def _call(case, key: str) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {key}"},
        excluded_checks=[positive_data_acceptance],
    )


@schema.parametrize()
@FUZZ
@seed(1)
def test_seed_1(case, partner_key):
    _call(case, partner_key)


@schema.parametrize()
@FUZZ
@seed(20260302)
def test_seed_2(case, partner_key):
    _call(case, partner_key)


@schema.parametrize()
@FUZZ
@seed(4242)
def test_seed_3(case, partner_key):
    _call(case, partner_key)


def test_a_created_contact_and_its_read_back_conform_to_the_description(partner_key):
    """The successful answers, which random references and bodies rarely reach, checked with
    the same checks."""
    headers = {"Authorization": f"Bearer {partner_key}"}
    create = schema["/contacts"]["POST"].Case(
        body=contact_body(), headers={"Idempotency-Key": "conformance-1"}
    )
    created = create.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
    assert created.status_code == 201
    replayed = create.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
    assert replayed.headers["idempotent-replayed"] == ["true"]

    reference = created.json()["reference"]
    read = schema["/contacts/{reference}"]["GET"].Case(path_parameters={"reference": reference})
    response = read.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
    assert response.status_code == 200
    assert response.json()["reference"] == reference


# Fields whose rules JSON Schema cannot say (a time within the last 30 days, the agency's own
# source code, a past date of birth, a check digit, a deliverable address): left out here so
# that most generated contacts are ones Haven should store.
UNSAYABLE = ("received_at", "source")
UNSAYABLE_PERSON = ("date_of_birth", "nhs_number", "upn")


def test_any_valid_contact_is_stored_as_sent_or_refused_with_reasons(partner_key):
    """Schema-valid contacts, with strings of every kind at every length, reach the database:
    each is stored with its text as sent (trimmed) or refused with 422 and a pointer; none
    gets a 5xx. Most are stored, so the property is not vacuous."""
    stored: list[str] = []

    @given(case=schema["/contacts"]["POST"].as_strategy())
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def send(case):
        body = {k: v for k, v in case.body.items() if k not in UNSAYABLE}
        body["referrer"] = {**body["referrer"], "email": "referrer@police.example"}
        body["consent_reason"] = body.get("consent_reason") or "Risk of harm if the family knew."
        for kind in ("children", "adults"):
            body[kind] = [
                {k: v for k, v in person.items() if k not in UNSAYABLE_PERSON}
                for person in body.get(kind, [])
            ]
        before = Contact.objects.count()

        response = Client().post(
            CONTACTS,
            json.dumps(body),
            content_type="application/json",
            headers={
                "Authorization": f"Bearer {partner_key}",
                "Idempotency-Key": str(uuid.uuid4()),
            },
        )

        assert response.status_code in (201, 422), response.content
        if response.status_code == 422:
            assert response.json()["errors"]
            assert Contact.objects.count() == before
            return
        contact = Contact.objects.get(reference=response.json()["reference"])
        assert contact.concern == body["concern"].strip()
        assert contact.referrer_name == body["referrer"]["name"].strip()
        assert contact.people.filter(kind="CHILD").count() == len(body["children"])
        assert contact.people.filter(kind="ADULT").count() == len(body["adults"])
        stored.append(contact.reference)

    send()

    assert len(stored) >= EXAMPLES // 2
