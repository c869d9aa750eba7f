from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q

from haven.access import policy
from haven.frontdoor.models import Contact, ContactPerson, InformationRequest


def _mark_overdue(contact: Contact, now: datetime.datetime) -> Contact:
    """`contact.overdue`: the hub's decision is late (decided contacts are never overdue)."""
    contact.overdue = (  # type: ignore[attr-defined]
        contact.status != Contact.Status.DECIDED and contact.due_at < now
    )
    contact.decided_late = (  # type: ignore[attr-defined]
        contact.decided_at is not None and contact.decided_at > contact.due_at
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


def information_request_get(request_id: int) -> InformationRequest | None:
    return InformationRequest.objects.filter(pk=request_id).select_related("contact").first()


def contact_requests(contact: Contact, *, now: datetime.datetime) -> list[InformationRequest]:
    """The requests to partner agencies about a contact, each agency in its own section."""
    rows = list(contact.information_requests.order_by("agency", "requested_at"))
    for row in rows:
        row.overdue = (  # type: ignore[attr-defined]
            row.status == InformationRequest.Status.OPEN and row.due_at < now
        )
    return rows


def contact_open_to_case_worker(user: Any, contact_id: int) -> bool:
    """Whether someone outside the hub may read the contact: the access policy lets them see
    every child it was linked to (for example the social worker allocated after a referral)."""
    child_ids = list(
        ContactPerson.objects.filter(
            contact_id=contact_id, kind=ContactPerson.Kind.CHILD, person__isnull=False
        ).values_list("person_id", flat=True)
    )
    if not child_ids:
        return False
    visible = policy.children_visible_to(user).filter(pk__any=child_ids).count()
    return visible == len(set(child_ids))


def requests_for_agency(agency: str, *, now: datetime.datetime) -> list[InformationRequest]:
    """What the hub has asked this agency and not had an answer to, the soonest due first, with
    the people each is about (the minimum the agency needs to check its own records)."""
    rows = list(
        InformationRequest.objects.filter(agency=agency, status=InformationRequest.Status.OPEN)
        .select_related("contact")
        .prefetch_related("contact__people")
        .order_by("due_at")[:200]
    )
    for row in rows:
        row.overdue = row.due_at < now  # type: ignore[attr-defined]
    return rows


def agency_answers(agency: str, *, limit: int = 50) -> list[InformationRequest]:
    """The answers this agency gave, newest first (its own section only)."""
    return list(
        InformationRequest.objects.filter(agency=agency, status=InformationRequest.Status.ANSWERED)
        .select_related("contact")
        .order_by("-answered_at")[:limit]
    )
