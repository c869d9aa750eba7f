"""Partner API clients with real keys, and a helper that sends requests as a partner would."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from haven.api import services
from haven.api.models import ApiClient

ALL_SCOPES = ("contacts:create", "contacts:read")
CONTACTS = "/api/v1/contacts"


@dataclass
class Partner:
    """A partner system: its client row and its key, and a test client to call the API with."""

    client: ApiClient
    key: str
    http: Client

    def headers(self, **extra: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}", **extra}

    def post(
        self,
        body: Any,
        *,
        key: str | None = None,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> Any:
        data = body if isinstance(body, (str, bytes)) else json.dumps(body)
        sent = self.headers(**{"Idempotency-Key": key or str(uuid.uuid4())})
        sent.update(headers or {})
        return self.http.post(CONTACTS, data, content_type=content_type, headers=sent)

    def read(self, reference: str) -> Any:
        return self.http.get(f"{CONTACTS}/{reference}", headers=self.headers())


def make_partner(
    organisation: str = "Haven Constabulary",
    agency: str = "POLICE",
    scopes: tuple[str, ...] = ALL_SCOPES,
) -> Partner:
    issued = services.api_client_create(organisation=organisation, agency=agency, scopes=scopes)
    return Partner(client=issued.client, key=issued.key, http=Client())


@pytest.fixture
def police() -> Partner:
    return make_partner()


def contact_body(**overrides: Any) -> dict[str, Any]:
    """A valid contact as a police system would send it."""
    body: dict[str, Any] = {
        "referrer": {
            "name": "DC Sam Okafor",
            "role": "Detective constable",
            "email": "sam.okafor@police.example",
            "phone": "01632 960 123",
        },
        "concern": "Officers attended a domestic incident; two children were in the house.",
        "family_aware": "YES",
        "children": [
            {"first_name": "Lily", "last_name": "Evans", "date_of_birth": "2017-04-02"},
            {"first_name": "Tom", "last_name": "Evans", "age_description": "about 3"},
        ],
        "adults": [{"first_name": "Mark", "last_name": "Evans", "relationship_to_child": "father"}],
    }
    body.update(overrides)
    return body
