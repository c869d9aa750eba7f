"""The partner API's OpenAPI 3.1 description, served at /api/v1/openapi.json.

Written by hand as data, except the request body's schema, which comes from the declarations
that check requests (haven/api/inputs.py), so the two cannot drift; a test checks the readable
fields against haven/api/fields.py, and the schemathesis run in haven/api/tests holds the code
to the whole description (security reference 4.8, R20).
"""

from __future__ import annotations

from typing import Any

from haven.api import idempotency, inputs, problems
from haven.api.models import ApiClient
from haven.frontdoor import partner
from haven.frontdoor.models import Contact

REFERENCE_PATTERN = "^" + partner.REFERENCE.pattern + "$"
JSON = "application/json"


def _problem(description: str, *headers: str) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {problems.CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
    if headers:
        response["headers"] = {name: {"$ref": f"#/components/headers/{name}"} for name in headers}
    return response


UNAUTHORISED = _problem(
    "The key is missing, malformed, unknown or revoked (one answer for all).", "WWW-Authenticate"
)
FORBIDDEN = _problem("The key does not have the scope this operation needs.")


def _partner_contact_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "description": (
            "A contact this client sent, in the fields its agency may see (security reference "
            "R9): police and health also see the type of decision. Never the hub's rating, its "
            "reasons, other agencies' information or anyone's details."
        ),
        "properties": {
            "reference": {"type": "string", "pattern": REFERENCE_PATTERN},
            "received_at": {"type": "string", "format": "date-time"},
            "status": {"type": "string", "enum": list(Contact.Status.values)},
            "decision_due_at": {
                "type": "string",
                "format": "date-time",
                "description": "When the hub's decision is due.",
            },
            "decided": {"type": "boolean"},
            "decided_at": {
                "type": "string",
                "format": "date-time",
                "description": "Present once decided.",
            },
            "decision": {
                "type": "string",
                "enum": list(Contact.Decision.values),
                "description": "Police and health only; present once decided.",
            },
            "referrer_outcome": {
                "type": "string",
                "description": "What happened, in words for the referrer; present once decided.",
            },
        },
        "required": ["reference", "received_at", "status", "decision_due_at", "decided"],
        "additionalProperties": False,
    }


def document() -> dict[str, Any]:
    """The OpenAPI description as a JSON-ready dict."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Haven partner API",
            "version": "1.0.0",
            "description": (
                "For partner agencies' systems (police, health, education, probation, housing) "
                "to send contacts about children to the council's multi-agency safeguarding "
                "hub, and to see what happened to them. Each organisation has its own API key "
                "with scopes (contacts:create, contacts:read), sent as "
                "`Authorization: Bearer <key>`. Errors are problem details (RFC 9457). "
                "Bodies are at most 256 KiB."
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"partnerKey": []}],
        "paths": {
            "/contacts": {
                "post": {
                    "operationId": "contactCreate",
                    "summary": "Send a contact to the hub",
                    "description": (
                        "Creates a contact in the hub's queue. The hub's decision is due within "
                        "one working day of received_at (Working Together 2023). Send a new "
                        "Idempotency-Key with each contact and the same key when you retry: "
                        "a retry with the same body gets the first answer again (with "
                        "Idempotent-Replayed: true) and creates nothing; the same key with "
                        "another body is refused with 422. Keys are kept for "
                        f"{int(idempotency.KEY_LIFETIME.total_seconds() // 3600)} hours."
                    ),
                    "security": [{"partnerKey": [ApiClient.Scope.CONTACTS_CREATE.value]}],
                    "parameters": [
                        {
                            "name": "Idempotency-Key",
                            "in": "header",
                            "required": True,
                            "description": (
                                "1 to 255 printable ASCII characters, such as a UUID; a quoted "
                                "string (RFC 8941) is accepted too."
                            ),
                            "schema": {
                                "type": "string",
                                "minLength": 1,
                                "maxLength": idempotency.MAX_KEY_LENGTH,
                                "pattern": "^[!-~]+$",
                            },
                        }
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {JSON: {"schema": {"$ref": "#/components/schemas/Contact"}}},
                    },
                    "responses": {
                        "201": {
                            "description": "The contact was received (or, replayed, had been).",
                            "headers": {
                                "Location": {"$ref": "#/components/headers/Location"},
                                "Idempotent-Replayed": {
                                    "$ref": "#/components/headers/Idempotent-Replayed"
                                },
                            },
                            "content": {
                                JSON: {"schema": {"$ref": "#/components/schemas/ContactReceipt"}}
                            },
                        },
                        "400": _problem("No usable Idempotency-Key, or the body is not JSON."),
                        "401": UNAUTHORISED,
                        "403": FORBIDDEN,
                        "413": _problem("The body is larger than 256 KiB."),
                        "415": _problem("The body is not application/json."),
                        "422": _problem(
                            "The contact is invalid (each field named by JSON pointer in "
                            "errors), or the Idempotency-Key was used for another contact."
                        ),
                    },
                }
            },
            "/contacts/{reference}": {
                "get": {
                    "operationId": "contactRead",
                    "summary": "See where a contact you sent has got to",
                    "description": (
                        "Only the organisation that sent a contact can read it; for anyone "
                        "else it does not exist (404)."
                    ),
                    "security": [{"partnerKey": [ApiClient.Scope.CONTACTS_READ.value]}],
                    "parameters": [
                        {
                            "name": "reference",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "pattern": REFERENCE_PATTERN},
                            "example": "HV-0001234",
                        }
                    ],
                    "responses": {
                        "200": {
                            "description": "The contact, in the fields your agency may see.",
                            "content": {
                                JSON: {"schema": {"$ref": "#/components/schemas/PartnerContact"}}
                            },
                        },
                        "401": UNAUTHORISED,
                        "403": FORBIDDEN,
                        "404": _problem("Your organisation sent no contact with this reference."),
                    },
                }
            },
        },
        "components": {
            "securitySchemes": {
                "partnerKey": {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "hvn_<16 hex key id>_<43-character secret>",
                    "description": "An organisation's key, issued by the council.",
                }
            },
            "headers": {
                "Location": {
                    "description": "Where to read the contact.",
                    "required": True,
                    "schema": {"type": "string"},
                },
                "Idempotent-Replayed": {
                    "description": "Present on a replayed answer to a retry.",
                    "schema": {"type": "string", "enum": ["true"]},
                },
                "WWW-Authenticate": {
                    "description": "The Bearer scheme (RFC 6750).",
                    "required": True,
                    "schema": {"type": "string"},
                },
            },
            "schemas": {
                "Contact": inputs.contact_schema(),
                "ContactReceipt": {
                    "type": "object",
                    "properties": {
                        "reference": {"type": "string", "pattern": REFERENCE_PATTERN},
                        "received_at": {"type": "string", "format": "date-time"},
                        "status": {"type": "string", "enum": list(Contact.Status.values)},
                        "decision_due_at": {"type": "string", "format": "date-time"},
                        "children_count": {
                            "type": "integer",
                            "minimum": 1,
                            "maximum": inputs.MAX_CHILDREN,
                        },
                    },
                    "required": [
                        "reference",
                        "received_at",
                        "status",
                        "decision_due_at",
                        "children_count",
                    ],
                    "additionalProperties": False,
                },
                "PartnerContact": _partner_contact_schema(),
                "Problem": {
                    "type": "object",
                    "description": "RFC 9457 problem details.",
                    "properties": {
                        "type": {
                            "type": "string",
                            "description": "about:blank, or one of Haven's problem types.",
                            "enum": ["about:blank", *problems.PROBLEM_TYPES],
                        },
                        "title": {"type": "string"},
                        "status": {"type": "integer", "minimum": 400, "maximum": 599},
                        "detail": {"type": "string"},
                        "errors": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "pointer": {
                                        "type": "string",
                                        "description": "RFC 6901 JSON pointer into the body.",
                                    },
                                    "detail": {"type": "string"},
                                },
                                "required": ["pointer", "detail"],
                                "additionalProperties": False,
                            },
                        },
                    },
                    "required": ["type", "title", "status", "detail"],
                    "additionalProperties": False,
                },
            },
        },
    }
