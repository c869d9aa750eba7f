from __future__ import annotations

from typing import Any

from haven.access.models import AccessGrant, AccessNotification, Restriction
from haven.people.models import Person


def current_restriction(child: Person) -> Restriction | None:
    return (
        Restriction.objects.filter(child=child, lifted_at__isnull=True)
        .select_related("restricted_by__worker")
        .first()
    )


def active_grants(child: Person) -> list[AccessGrant]:
    return list(
        AccessGrant.objects.active()
        .filter(child=child)
        .select_related("user__worker", "granted_by__worker")
        .order_by("starts_at")
    )


def unread_notifications(user: Any) -> list[AccessNotification]:
    """Emergency access uses this user should review, newest first."""
    return list(
        AccessNotification.objects.filter(recipient=user, read_at__isnull=True)
        .select_related("grant__user__worker")
        .order_by("-created_at")[:50]
    )
