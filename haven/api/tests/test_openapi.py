"""The OpenAPI description is public, and says what the code does; an unexpected failure is
still problem+json without a trace of the request."""

from __future__ import annotations

from unittest import mock

import pytest
from django.test import Client

from haven.api import fields, inputs
from haven.api.tests.conftest import contact_body
from haven.frontdoor.models import Contact

pytestmark = pytest.mark.django_db

OPENAPI = "/api/v1/openapi.json"


@pytest.fixture
def document():
    response = Client().get(OPENAPI)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_the_description_needs_no_key_and_names_both_operations(document):
    assert document["openapi"] == "3.1.0"
    assert document["servers"] == [{"url": "/api/v1"}]
    assert set(document["paths"]) == {"/contacts", "/contacts/{reference}"}
    scheme = document["components"]["securitySchemes"]["partnerKey"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")


def test_the_idempotency_key_header_is_required_on_create(document):
    [header] = document["paths"]["/contacts"]["post"]["parameters"]
    assert header["name"] == "Idempotency-Key"
    assert header["in"] == "header"
    assert header["required"] is True
    assert header["schema"]["maxLength"] == 255


def test_the_request_schema_carries_the_limits_the_code_enforces(document):
    schema = document["components"]["schemas"]["Contact"]
    properties = schema["properties"]

    assert set(schema["required"]) == {"referrer", "concern", "children"}
    assert schema["additionalProperties"] is False
    assert properties["concern"]["maxLength"] == inputs.CONCERN_MAX_LENGTH == 10_000
    assert properties["children"]["minItems"] == 1
    assert properties["children"]["maxItems"] == 20
    assert properties["adults"]["maxItems"] == 20
    assert properties["family_aware"]["enum"] == ["YES", "NO", "NOT_KNOWN"]
    child = properties["children"]["items"]["properties"]
    assert child["first_name"]["maxLength"] == 100
    assert child["date_of_birth"]["format"] == "date"
    assert properties["referrer"]["required"] == ["name"]


def test_the_readable_fields_are_exactly_those_any_agency_may_see(document):
    schema = document["components"]["schemas"]["PartnerContact"]

    assert set(schema["properties"]) == set(fields.READERS)
    assert schema["additionalProperties"] is False


def test_every_error_response_is_problem_json(document):
    for path in document["paths"].values():
        for operation in path.values():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    assert list(response["content"]) == ["application/problem+json"], status


def test_the_description_cannot_be_posted_to():
    response = Client().post(OPENAPI, {})

    assert response.status_code == 405
    assert response["Allow"] == "GET"


def test_an_unexpected_failure_is_a_problem_500_with_nothing_of_the_request(police):
    with mock.patch(
        "haven.frontdoor.partner.contact_receive_from_partner",
        side_effect=RuntimeError("Lily Evans 9434765919"),
    ):
        response = police.post(contact_body())

    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Internal Server Error",
        "status": 500,
        "detail": "Something went wrong in Haven. Try again later.",
    }
    assert not Contact.objects.exists()
