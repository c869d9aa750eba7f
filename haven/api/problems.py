"""Every error the partner API gives is a problem detail (RFC 9457, application/problem+json):
``type``, ``title``, ``status``, ``detail`` and, for invalid input, ``errors`` with a JSON
pointer to each invalid field.

Standard HTTP errors use the type ``about:blank`` with the status's own title (RFC 9457 4.2.1).
Haven's own problem types are tag URIs (RFC 4151), which name a type without promising a page
at that address (RFC 9457 section 3.1.1).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus

from django.http import JsonResponse

from haven.api.inputs import FieldError

CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "tag:haven,2026:problems/"
VALIDATION_ERROR = TYPE_BASE + "validation-error"
IDEMPOTENCY_KEY_REQUIRED = TYPE_BASE + "idempotency-key-required"
IDEMPOTENCY_KEY_REUSED = TYPE_BASE + "idempotency-key-reused"
INVALID_JSON = TYPE_BASE + "invalid-json"
PROBLEM_TYPES = (VALIDATION_ERROR, IDEMPOTENCY_KEY_REQUIRED, IDEMPOTENCY_KEY_REUSED, INVALID_JSON)


@dataclass
class Problem(Exception):
    """Raised anywhere in a view to answer with this problem."""

    status: int
    detail: str
    type: str = "about:blank"
    title: str = ""
    errors: Iterable[FieldError] = ()
    headers: Mapping[str, str] = field(default_factory=dict)

    def response(self) -> JsonResponse:
        body: dict[str, object] = {
            "type": self.type,
            "title": self.title or HTTPStatus(self.status).phrase,
            "status": self.status,
            "detail": self.detail,
        }
        errors = list(self.errors)
        if errors:
            body["errors"] = [{"pointer": e.pointer, "detail": e.detail} for e in errors]
        response = JsonResponse(body, status=self.status, content_type=CONTENT_TYPE)
        for name, value in self.headers.items():
            response[name] = value
        return response
