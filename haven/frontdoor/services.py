"""The hub's work on contacts: recording contacts taken by phone or email."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from haven.access import policy
from haven.access.roles import Capability
from haven.core.errors import RuleBroken
from haven.core.services import audit
from haven.frontdoor.clocks import decision_due
from haven.frontdoor.models import Contact, ContactPerson
from haven.frontdoor.references import next_reference
from haven.statutory import codes

PERSON_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "age_description",
    "address",
    "postcode",
    "school",
    "relationship_to_child",
)


def _require_hub(user: Any) -> None:
    if not policy.has_capability(user, Capability.HUB_WORK):
        raise policy.AccessDenied


def _described(person: dict[str, Any]) -> bool:
    return any(
        str(person.get(k) or "").strip() for k in ("first_name", "last_name", "age_description")
    )


@transaction.atomic
def contact_record(
    *,
    acting_user: Any,
    received_at: datetime.datetime,
    channel: str,
    source: str,
    concern: str,
    children: Sequence[dict[str, Any]],
    adults: Sequence[dict[str, Any]] = (),
    family_aware: str = Contact.FamilyAware.NOT_KNOWN,
    **referrer: str,
) -> Contact:
    """A contact taken by phone or email by hub staff: when it came in, from whom (the census
    referral-source code), each child named (each counted on their own, as Annex A List 1
    does), the adults, and the concern as the referrer put it."""
    _require_hub(acting_user)
    if channel not in (Contact.Channel.PHONE, Contact.Channel.EMAIL):
        raise RuleBroken("Select how the contact came in.", field="channel")
    if received_at > timezone.now():
        raise RuleBroken(
            "The time the contact came in cannot be in the future.", field="received_at"
        )
    if source not in {member.code for member in codes.ReferralSource}:
        raise RuleBroken("Select who made the contact.", field="source")
    if not concern.strip():
        raise RuleBroken("Enter the concern as the referrer described it.", field="concern")
    named = [c for c in children if _described(c)]
    if not named:
        raise RuleBroken(
            "Enter at least one child's name, or describe the child if the name is not known.",
            field="children",
        )
    today = timezone.localdate()
    for child in named:
        born = child.get("date_of_birth")
        if born is not None and born > today:
            raise RuleBroken("A child's date of birth cannot be in the future.", field="children")
    contact = Contact.objects.create(
        reference=next_reference(),
        received_at=received_at,
        due_at=decision_due(received_at),
        channel=channel,
        source=source,
        concern=concern.strip(),
        family_aware=family_aware,
        recorded_by=acting_user,
        status=Contact.Status.NEW,
        **{k: v.strip() for k, v in referrer.items() if k.startswith("referrer_")},
    )
    rows = [
        ContactPerson(
            contact=contact,
            kind=kind,
            **{k: person.get(k) or (None if k == "date_of_birth" else "") for k in PERSON_FIELDS},
        )
        for kind, people in ((ContactPerson.Kind.CHILD, named), (ContactPerson.Kind.ADULT, adults))
        for person in people
        if _described(person)
    ]
    ContactPerson.objects.bulk_create(rows)
    audit(actor=acting_user, action="CREATE", obj=contact, detail=f"contact by {channel.lower()}")
    return contact


@transaction.atomic
def contact_triage(*, acting_user: Any, contact: Contact, rag: str, reason: str) -> Contact:
    """Rate the contact red, amber or green with a reason; its decision is then due on the
    authority's clock for that rating, counted from when the contact came in."""
    _require_hub(acting_user)
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.status == Contact.Status.DECIDED:
        raise RuleBroken("This contact has been decided; it cannot be rated again.")
    if rag not in Contact.Rating.values:
        raise RuleBroken("Select red, amber or green.", field="rag")
    if not reason.strip():
        raise RuleBroken("Say why you chose this rating.", field="reason")
    contact.rag = rag
    contact.rag_reason = reason.strip()
    contact.triaged_at = timezone.now()
    contact.triaged_by = acting_user
    contact.due_at = decision_due(contact.received_at, rag)
    contact.status = Contact.Status.IN_PROGRESS
    contact.save(
        update_fields=["rag", "rag_reason", "triaged_at", "triaged_by", "due_at", "status"]
    )
    audit(actor=acting_user, action="UPDATE", obj=contact, detail=f"rated {rag.lower()}")
    return contact
