"""POST /drafts/save/ (autosave.js keeps a form's answers as a draft) and POST /drafts/discard/.

The save endpoint answers JSON. A refusal is an RFC 9457 problem (application/problem+json)
and saves nothing: not signed in (401), a bad or missing CSRF token (403), a key that is not an
autosave page (400), a child the user may not see or that does not exist (404, the same answer
for both), a child the user may not change (403) and a draft over the size limit (413).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    JsonResponse,
)
from django.http.response import HttpResponseBase
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from haven.access import policy
from haven.core.steps import get_child_or_404
from haven.drafts import services
from haven.drafts.mixins import autosave_page

# The name autosave.js posts the draft's key under: not a name a form field can have.
KEY_FIELD = "haven-draft-key"

_csrf = CsrfViewMiddleware(lambda request: HttpResponse())


def _csrf_protected_view(request: HttpRequest) -> HttpResponse:
    """Stands for `save` in the CSRF check (`save` itself is marked exempt); never called."""
    raise NotImplementedError


def _csrf_refusal(request: HttpRequest) -> HttpResponseBase | None:
    """Django's CSRF check of this request (origin, token): None if it passes."""
    return _csrf.process_view(request, _csrf_protected_view, (), {})


def problem(status: int, title: str, detail: str, **headers: str) -> JsonResponse:
    """An RFC 9457 problem answer. `detail` is shown to the user by autosave.js."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    response = JsonResponse(body, status=status, content_type="application/problem+json")
    for name, value in headers.items():
        response[name] = value
    return response


NOT_FOUND = (404, "Not Found", "Your draft could not be saved: this page was not found.")


@csrf_exempt  # The CSRF check is made below, so that a refusal is a JSON problem too.
def save(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return problem(405, "Method Not Allowed", "Send drafts with POST.", Allow="POST")
    try:
        return _save(request)
    except (RequestDataTooBig, TooManyFieldsSent):
        return _too_large()


def _save(request: HttpRequest) -> HttpResponse:
    if _csrf_refusal(request) is not None:
        return problem(
            403,
            "Forbidden",
            "Your draft could not be saved. Save the form to keep your work.",
        )
    if not request.user.is_authenticated:
        return problem(
            401,
            "Unauthorized",
            "You have been signed out, so your draft is no longer being saved.",
        )
    key = request.POST.get(KEY_FIELD, "")
    match = autosave_page(key)
    if match is None:
        return problem(400, "Bad Request", "This page does not keep drafts.")

    # An AutosaveMixin step view (autosave_page checked), set up as if it were handling this
    # request, to check the child and record as the page would and to get its form.
    view: Any = match.func.view_class(**match.func.view_initkwargs)  # type: ignore[attr-defined]
    view.setup(request, *match.args, **match.kwargs)
    try:
        view.child = get_child_or_404(request, match.kwargs["pk"])
        policy.require_change(request.user, view.child)
        view.load(**match.kwargs)  # the record the page is for belongs to the child
    except Http404:
        return problem(*NOT_FOUND)
    except (policy.AccessDenied, PermissionDenied):
        return problem(
            403, "Forbidden", "Your draft could not be saved: you cannot change this record."
        )
    form = view.get_form()
    data = services.draft_data(form, request.POST, view.autosave_exclude)
    try:
        draft = services.draft_save(user=request.user, key=key, child_id=view.child.pk, data=data)
    except services.DraftTooLarge:
        return _too_large()
    saved_at = timezone.localtime(draft.saved_at)
    return JsonResponse(
        {
            "saved_at": saved_at.isoformat(),
            "time": f"{saved_at:%H:%M}",
            "message": f"Draft saved at {saved_at:%H:%M}",
        }
    )


def _too_large() -> JsonResponse:
    kilobytes = services.MAX_DRAFT_BYTES // 1024
    return problem(
        413,
        "Content Too Large",
        f"Your draft is too long to save automatically (over {kilobytes} KB). "
        "Save the form to keep your work.",
    )


@require_POST
def discard(request: HttpRequest) -> HttpResponse | HttpResponseNotAllowed:
    """Remove the user's draft of a page and go back to the page, now empty."""
    key = request.POST.get("key", "")
    page = reverse("core:home")
    if autosave_page(key):
        page = get_script_prefix() + key.removeprefix("/")
    if not request.user.is_authenticated:
        return redirect_to_login(page)
    services.draft_discard(user=request.user, key=key)
    messages.success(request, "The draft was discarded")
    return HttpResponseRedirect(page)
