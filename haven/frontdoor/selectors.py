from __future__ import annotations

import datetime

from django.db.models import Count, Q

from haven.frontdoor.models import Contact


def _mark_overdue(contact: Contact, now: datetime.datetime) -> Contact:
    """`contact.overdue`: the hub's decision is late (decided contacts are never overdue)."""
    contact.overdue = (  # type: ignore[attr-defined]
        contact.status != Contact.Status.DECIDED and contact.due_at < now
    )
    return contact


def hub_queue(*, now: datetime.datetime, limit: int = 200) -> list[Contact]:
    """Contacts not yet decided, the soonest due first (overdue ones at the top)."""
    contacts = (
        Contact.objects.exclude(status=Contact.Status.DECIDED)
        .annotate(children_named=Count("people", filter=Q(people__kind="CHILD")))
        .prefetch_related("people")
        .order_by("due_at", "received_at")[:limit]
    )
    return [_mark_overdue(c, now) for c in contacts]


def contact_get(contact_id: int, *, now: datetime.datetime | None = None) -> Contact | None:
    contact = Contact.objects.filter(pk=contact_id).prefetch_related("people").first()
    if contact is not None and now is not None:
        _mark_overdue(contact, now)
    return contact
