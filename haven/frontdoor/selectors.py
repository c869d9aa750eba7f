from __future__ import annotations

from django.db.models import Count, Q

from haven.frontdoor.models import Contact


def hub_queue(limit: int = 200) -> list[Contact]:
    """Contacts not yet decided, the soonest due first (overdue ones at the top)."""
    return list(
        Contact.objects.exclude(status=Contact.Status.DECIDED)
        .annotate(children_named=Count("people", filter=Q(people__kind="CHILD")))
        .prefetch_related("people")
        .order_by("due_at", "received_at")[:limit]
    )


def contact_get(contact_id: int) -> Contact | None:
    return Contact.objects.filter(pk=contact_id).prefetch_related("people").first()
