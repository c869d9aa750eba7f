"""The partner API's endpoints: thin views that check the key, parse the request and make one
call to the front door.

Only a bearer key authenticates here: the views never look at ``request.user``, so a signed-in
member of staff's session cookie opens nothing, and because of that the views are exempt from
CSRF (a cross-site page cannot attach a partner's key; security reference 4.8 finding 3).
Every answer is JSON, every error problem+json (RFC 9457), and no input however malformed may
produce a 5xx (R20): an unexpected exception still answers 500 problem+json, and the
schemathesis run in haven/api/tests proves that no input reaches one.
"""

from __future__ import annotations

import json
import logging
from typing import Any, ClassVar

from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from haven.access import policy
from haven.api import fields, idempotency, inputs, openapi, services
from haven.api.models import ApiClient
from haven.api.problems import (
    IDEMPOTENCY_KEY_REQUIRED,
    IDEMPOTENCY_KEY_REUSED,
    INVALID_JSON,
    VALIDATION_ERROR,
    Problem,
)
from haven.core.errors import RuleBroken
from haven.frontdoor import partner

log = logging.getLogger(__name__)

# The largest body accepted: a contact at every limit, with every character escaped, is less.
MAX_BODY_BYTES = 256 * 1024
JSON_TYPES = ("application/json",)


class Unreadable(Exception):
    """JSON that Python can parse but the API does not accept (NaN, repeated names)."""


def _no_constants(name: str) -> Any:
    raise Unreadable(f"{name} is not JSON")


def _no_repeated_names(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    names = [name for name, _ in pairs]
    if len(set(names)) != len(names):
        raise Unreadable("a name is repeated in an object")
    return dict(pairs)


def read_json(request: HttpRequest) -> Any:
    """The request's JSON body, or a problem: 415 for another media type, 413 for too large,
    400 for what is not JSON (RFC 8259: no NaN or Infinity; names unique, as RFC 7493 asks)."""
    media_type = request.content_type or ""
    if media_type.lower() not in JSON_TYPES:
        raise Problem(415, "Send the body as JSON, with Content-Type: application/json.")
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BODY_BYTES:
        raise Problem(413, f"The body must be {MAX_BODY_BYTES // 1024} KiB or smaller.")
    raw = request.read(MAX_BODY_BYTES + 1)
    if len(raw) > MAX_BODY_BYTES:
        raise Problem(413, f"The body must be {MAX_BODY_BYTES // 1024} KiB or smaller.")
    try:
        return json.loads(
            raw.decode("utf-8"),
            parse_constant=_no_constants,
            object_pairs_hook=_no_repeated_names,
        )
    except (UnicodeDecodeError, ValueError, RecursionError, Unreadable):
        raise Problem(
            400,
            "The body is not valid JSON (UTF-8, RFC 8259, each name once per object).",
            type=INVALID_JSON,
            title="The body is not valid JSON",
        ) from None


@method_decorator(csrf_exempt, name="dispatch")
class ApiView(View):
    """Checks the key and its scope, and turns every outcome into JSON."""

    # The scope each method needs; an empty dict means no key is needed.
    scopes: ClassVar[dict[str, str]] = {}
    client: ApiClient

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            response = self._dispatch(request, *args, **kwargs)
        except Problem as problem:
            response = problem.response()
        except Exception:
            # No input may get here (R20); if something does, it is still problem+json and the
            # log has the traceback without the request's content (R13).
            log.exception("event=api_unexpected_error", extra={"event": "api_unexpected_error"})
            response = Problem(500, "Something went wrong in Haven. Try again later.").response()
        response["Cache-Control"] = "no-store"
        return response

    def _dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        method = (request.method or "").lower()
        if method not in self.http_method_names:
            allowed = ", ".join(m.upper() for m in self.http_method_names)
            raise Problem(405, f"This address allows {allowed}.", headers={"Allow": allowed})
        scope = self.scopes.get(method)
        if scope:
            client = services.api_client_authenticate(request.headers.get("Authorization"))
            if client is None:
                raise Problem(
                    401,
                    "Send a valid, current API key as Authorization: Bearer <key>.",
                    headers={"WWW-Authenticate": 'Bearer realm="haven"'},
                )
            if not client.has_scope(scope):
                raise Problem(403, f"This API key does not have the {scope} scope.")
            self.client = client
        return super().dispatch(request, *args, **kwargs)


class ContactsView(ApiView):
    """``POST /api/v1/contacts``: a partner system sends a contact to the hub."""

    http_method_names = ["post"]
    scopes: ClassVar[dict[str, str]] = {"post": partner.CREATE_SCOPE}

    def post(self, request: HttpRequest) -> HttpResponse:
        key = idempotency.key_from_header(request.headers.get("Idempotency-Key"))
        if key is None:
            raise Problem(
                400,
                "Send an Idempotency-Key header (1 to 255 printable ASCII characters, such as a "
                "UUID), new for each contact and the same when you retry it.",
                type=IDEMPOTENCY_KEY_REQUIRED,
                title="An Idempotency-Key header is required",
            )
        payload = read_json(request)
        data, errors = inputs.parse_contact(payload)
        if errors:
            raise Problem(
                422,
                "Some fields are missing or invalid; see errors.",
                type=VALIDATION_ERROR,
                title="The contact is not valid",
                errors=errors,
            )
        client = self.client
        try:
            outcome = idempotency.idempotent_create(
                client=client,
                key=key,
                request_fingerprint=idempotency.fingerprint(payload),
                create=lambda: (201, self._create(data)),
            )
        except idempotency.KeyReused:
            raise Problem(
                422,
                "This Idempotency-Key was used in the last 24 hours for a different contact. "
                "Use a new key for a new contact.",
                type=IDEMPOTENCY_KEY_REUSED,
                title="The Idempotency-Key was used for another request",
            ) from None
        except RuleBroken as broken:
            pointer = "/" + broken.field if broken.field else ""
            raise Problem(
                422,
                broken.message,
                type=VALIDATION_ERROR,
                title="The contact is not valid",
                errors=[inputs.FieldError(pointer, broken.message)],
            ) from None
        except policy.AccessDenied:
            raise Problem(403, "This API key may not send contacts.") from None
        response = JsonResponse(outcome.body, status=outcome.status)
        response["Location"] = reverse(
            "api:contact_detail", kwargs={"reference": outcome.body["reference"]}
        )
        if outcome.replayed:
            response["Idempotent-Replayed"] = "true"
        return response

    def _create(self, data: dict[str, Any]) -> dict[str, Any]:
        contact = partner.contact_receive_from_partner(client=self.client, **data)
        return {
            "reference": contact.reference,
            "received_at": contact.received_at.isoformat(),
            "status": contact.status,
            "decision_due_at": contact.due_at.isoformat(),
            "children_count": len(data["children"]),
        }


class ContactDetailView(ApiView):
    """``GET /api/v1/contacts/{reference}``: where a contact this client sent has got to, in the
    fields its agency may see (R9)."""

    http_method_names = ["get"]
    scopes: ClassVar[dict[str, str]] = {"get": partner.READ_SCOPE}

    def get(self, request: HttpRequest, reference: str) -> HttpResponse:
        try:
            contact = partner.contact_read_by_partner(client=self.client, reference=reference)
        except policy.AccessDenied:
            raise Problem(403, "This API key may not read contacts.") from None
        if contact is None:
            # The same answer whether the contact is another client's or does not exist (R6).
            raise Problem(404, "Your organisation has sent no contact with this reference.")
        return JsonResponse(fields.contact_for_partner(contact, agency=self.client.agency))


class OpenApiView(ApiView):
    """``GET /api/v1/openapi.json``: the description of the API, public like any API's docs."""

    http_method_names = ["get"]

    def get(self, request: HttpRequest) -> HttpResponse:
        return JsonResponse(openapi.document())


class NotFoundView(ApiView):
    """Any other address under /api/v1/: a problem+json 404, not the staff pages' HTML."""

    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options", "trace"]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = Problem(404, "There is nothing at this address.").response()
        response["Cache-Control"] = "no-store"
        return response
