"""Every route, for every role and relationship: no unauthorised success (security R5, R6).

The routes come from the URL configuration itself, so a new page is in the matrix the day it is
added. For each route the view class says what it needs (`load_capability` to load the child,
`capability` to act); the access policy says whether this user has it for this child. Where the
policy says no, the answer must be a 404 (child pages: the same as for no child), a 403 (pages
about the service) or the sign-in page, and never a page or a redirect to one. Where it says
yes, the page must open: the matrix would prove nothing if every request failed.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from haven.access import policy
from haven.access.models import AccessGrant, AccessNotification
from haven.access.roles import Capability
from haven.core.steps import ChildStepView

pytestmark = pytest.mark.django_db

FUTURE = datetime.datetime(2099, 1, 1, tzinfo=datetime.UTC)

# Pages outside the matrix, and why.
NOT_CHILD_DATA = {
    "core:home",  # redirects to My work or sign-in
    "core:sign_in",
    "core:sign_in_code",
    "core:sign_in_set_up",
    "core:sign_in_qr_code",
    "core:sign_out",
    "drafts:save",  # POST only; haven/drafts/tests check it against the policy
    "drafts:discard",
    "api:openapi",  # the partner API's description, public like any API's documentation
}
# The public "report a concern" pages need no account and show no record (haven/frontdoor).
PUBLIC_NAMESPACES = {"public"}
# The partner API takes bearer keys only (haven/api): a session, whatever its role, opens
# nothing there, so every user is refused (401) whatever the policy would allow them.
KEY_ONLY_NAMESPACES = {"api"}


def _routes() -> list[tuple[str, list[str]]]:
    """(namespace:name, URL keyword names) of every route except the Django admin."""
    found: list[tuple[str, list[str]]] = []

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.append((f"{namespace}:{pattern.name}", list(pattern.pattern.converters)))

    walk(get_resolver().url_patterns, "")
    return found


def _kwargs(names: list[str], child: Any, world: Any) -> dict[str, Any]:
    o = world.objects
    values = {
        "pk": child.pk if child is not None else 0,
        "episode_id": o["episode"].pk,
        "assessment_id": o["assessment"].pk,
        "enquiry_id": o["enquiry"].pk,
        "plan_id": o["plan"].pk,
        "note_id": o["note"].pk,
        "grant_pk": o["grant"].pk,
        "notification_pk": o["notification"].pk,
        "contact_id": o["contact"].pk,
        "reference": o["contact"].reference,
        "request_id": o["information_request"].pk,
        "measure": "re-referrals-within-12-months",  # the inspection lens (issue 5)
    }
    return {name: values[name] for name in names}


def _needs(view_class: Any) -> tuple[str, str]:
    """(capability to load the child, capability for the page) from the view class."""
    capability = getattr(view_class, "capability", Capability.VIEW_CASE)
    load = getattr(view_class, "load_capability", capability)
    if issubclass(view_class, ChildStepView):
        return load, capability
    return capability, capability


def _allowed(user: Any, view_class: Any, child: Any, is_child_route: bool) -> bool:
    if view_class.__name__ == "EmergencyAccessView":
        return policy.has_capability(user, Capability.BREAK_GLASS)
    if view_class.__name__ in {"NotificationsView", "NotificationReviewedView"}:
        return bool(getattr(user, "is_authenticated", False))
    any_of = getattr(view_class, "capabilities", None)
    if any_of is not None and not is_child_route:
        # A page about the service that any one of several capabilities opens (the hub
        # dashboard: the hub's staff and those who read performance, issue 4).
        return any(policy.has_capability(user, capability) for capability in any_of)
    load, act = _needs(view_class)
    if not is_child_route:
        return policy.has_capability(user, act)
    return policy.can(user, load, child) and policy.can(user, act, child)


def _refused(response: Any) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    return response.status_code == 302 and response["Location"].startswith("/sign-in/")


def test_no_role_or_relationship_gets_an_unauthorised_success(world):
    restricted = world.children["restricted"]
    world.objects["grant"] = AccessGrant.objects.filter(child=restricted).first()
    world.objects["notification"] = AccessNotification.objects.create(
        recipient=world.users["dpo"],
        grant=AccessGrant.objects.create(
            user=world.users["edt"],
            child=world.children["south"],
            kind="EMERGENCY",
            reason_category="EMERGENCY",
            reason="A matrix fixture that needs a notification to point at.",
            granted_by=world.users["edt"],
            # In the future, so it opens nothing during the test.
            starts_at=FUTURE,
            expires_at=FUTURE + datetime.timedelta(minutes=30),
        ),
    )
    from haven.frontdoor.services import contact_record

    world.objects["contact"] = contact_record(
        acting_user=world.users["mash"],
        received_at=FUTURE.replace(year=2026, month=1),
        channel="PHONE",
        source="2A",
        concern="A matrix fixture contact.",
        children=[{"first_name": "Nora", "last_name": "North"}],
    )
    from haven.frontdoor.services import information_request_send

    world.objects["information_request"] = information_request_send(
        acting_user=world.users["mash"],
        contact=world.objects["contact"],
        agency="POLICE",
        question="A matrix fixture request.",
        due_at=FUTURE,
    )
    users = {"signed_out": None, **world.users}
    routes = [
        (name, kwargs)
        for name, kwargs in _routes()
        if name not in NOT_CHILD_DATA and name.split(":")[0] not in PUBLIC_NAMESPACES
    ]
    unauthorised_successes: list[str] = []
    refusals_checked = 0
    allowed_opened = 0
    for name, names in routes:
        targets = list(world.children.values()) if "pk" in names else [None]
        for label, user in users.items():
            client = Client()
            if user is not None:
                client.force_login(user)
            for child in targets:
                url = reverse(name, kwargs=_kwargs(names, child, world) if names else {})
                view_class = resolve(url).func.view_class  # type: ignore[attr-defined]
                allowed = (
                    user is not None
                    and name.split(":")[0] not in KEY_ONLY_NAMESPACES
                    and _allowed(user, view_class, child, child is not None)
                )
                get = client.get(url)
                if allowed:
                    # Nested records belong to one child, so another child's URL may 404.
                    assert get.status_code in (200, 404, 405), (name, label, get.status_code)
                    allowed_opened += get.status_code == 200
                    continue
                refusals_checked += 1
                if not _refused(get) and get.status_code != 405:
                    unauthorised_successes.append(f"GET {url} as {label}: {get.status_code}")
                if not hasattr(view_class, "post"):
                    continue
                post = client.post(url, {})
                refusals_checked += 1
                if not _refused(post) and post.status_code != 405:
                    unauthorised_successes.append(f"POST {url} as {label}: {post.status_code}")

    assert unauthorised_successes == []
    # The matrix covers every route for every role and relationship, and it is not vacuous.
    assert len(routes) >= 39
    assert len(users) >= 18
    assert refusals_checked > 2000
    assert allowed_opened > 300
