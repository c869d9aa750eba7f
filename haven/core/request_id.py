"""A request id on every request, response and log line (security reference R14).

`RequestIdMiddleware` takes the caller's `X-Request-ID` when it is safe to repeat (letters,
digits and hyphens, at most 64 of them), or makes a new one. It puts the id on the request
(`request.request_id`), in a context variable that the log formatter reads
(`current_request_id()`), and on the response. A proxy in front of Haven should set or
overwrite the header so that its own access log and Haven's logs share one id.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.core.signals import request_finished, request_started
from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9-]{1,64}")

_request_id: ContextVar[str | None] = ContextVar("haven_request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request being handled in this context, or None outside a request."""
    return _request_id.get()


def safe_request_id(value: str | None) -> str | None:
    """`value` if it is safe to copy into logs and headers, otherwise None."""
    if value is not None and SAFE_REQUEST_ID.fullmatch(value):
        return value
    return None


def new_request_id() -> str:
    return uuid.uuid4().hex


def _forget_request_id(**kwargs: object) -> None:
    _request_id.set(None)


# The id stays set until the response is closed, not just until the middleware returns: Django
# logs "Not Found" and other 4xx responses after the whole middleware chain has run.
request_started.connect(_forget_request_id, dispatch_uid="haven_request_id_started")
request_finished.connect(_forget_request_id, dispatch_uid="haven_request_id_finished")


class RequestIdMiddleware:
    """Gives each request an id (see the module docstring). Put it first in MIDDLEWARE so that
    everything logged while the request is handled, by any other middleware too, carries it.
    The id is cleared when the response is closed (Django's request_finished signal)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = safe_request_id(request.headers.get(HEADER)) or new_request_id()
        request.request_id = request_id  # type: ignore[attr-defined]
        _request_id.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response
