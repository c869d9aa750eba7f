"""Finding the right record for each person named in a contact (Haven issue 4).

As a contact is triaged, the hub sees the existing records that may be each person named:
fuzzy name, date of birth (day and month swapped too), identifiers, postcode and address, each
with its score and its reasons, from the person search engine (`search.selectors.person_match`).
The officer links one, or adds a new record from the contact's details; nothing is linked
automatically, and a wrong link can be undone until the contact is decided. Linking a child
opens the record to the hub through the access policy (a MASH enquiry in progress).

Matching searches the whole authority, because the hub must find any existing record, but
shows only what identifies someone: name, date of birth, postcode, kind, score and reasons. A
restricted record is a stub with no details, and cannot be linked (security reference 2.2, R7).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from haven.access import policy
from haven.access.roles import Capability
from haven.core.errors import RuleBroken
from haven.core.models import AuditEvent
from haven.core.services import audit
from haven.frontdoor.models import Contact, ContactPerson
from haven.people import services as people_services
from haven.people.models import Person
from haven.search import selectors as search_selectors
from haven.search.selectors import PersonDetails, PersonMatch

CANDIDATE_LIMIT = 10


def _require_hub(user: Any) -> None:
    if not policy.has_capability(user, Capability.HUB_WORK):
        raise policy.AccessDenied


def _authority_scope() -> tuple[QuerySet[Person], QuerySet[Person]]:
    """(who matching may find, who only as a stub): everyone in the authority, and every
    restricted record, whatever grants the officer holds (a restricted record is linked by
    its own team, never from the hub)."""
    return Person.objects.all(), Person.objects.filter(is_restricted=True)


def contact_person_details(named: ContactPerson) -> PersonDetails:
    """What the referrer said about the person, as the matcher compares it."""
    return PersonDetails(
        first_name=named.first_name,
        last_name=named.last_name,
        date_of_birth=named.date_of_birth,
        postcode=named.postcode,
        address=named.address,
        nhs_number=named.nhs_number,
        upn=named.upn,
    )


def _match(named: ContactPerson, limit: int) -> list[PersonMatch]:
    visible, stubs = _authority_scope()
    return search_selectors.person_match(
        details=contact_person_details(named), visible=visible, stubs=stubs, limit=limit
    )


# --- Selectors ---------------------------------------------------------------------------------


def contact_person_candidates(
    *, user: Any, named: ContactPerson, limit: int = CANDIDATE_LIMIT
) -> list[PersonMatch]:
    """Existing records that may be this person, best first, each with a score and reasons.
    One SEARCH audit row says which kinds of detail were compared, never what they said."""
    _require_hub(user)
    details = contact_person_details(named)
    with transaction.atomic():
        found = _match(named, limit)
        audit(
            actor=user,
            action=AuditEvent.Action.SEARCH,
            object_type="person_match",
            object_id=str(named.pk),
            detail=f"hub matching by {', '.join(details.given) or 'nothing given'}"[:200],
        )
    return found


@dataclass(frozen=True)
class NamedPerson:
    """One person named in a contact: the record linked to them, or the possible matches."""

    named: ContactPerson
    linked: Person | None
    candidates: tuple[PersonMatch, ...]
    can_change: bool  # the contact is not decided yet

    @property
    def restricted_matches(self) -> int:
        return sum(1 for match in self.candidates if match.restricted)

    @property
    def linkable(self) -> tuple[PersonMatch, ...]:
        return tuple(match for match in self.candidates if not match.restricted)


def contact_people_matching(*, user: Any, contact: Contact) -> list[NamedPerson]:
    """Each person named in the contact, children first: the linked record, or while the
    contact is undecided the records that may be them (matching is audited per person)."""
    _require_hub(user)
    open_contact = contact.status != Contact.Status.DECIDED
    people = list(
        ContactPerson.objects.filter(contact=contact).select_related("person").order_by("pk")
    )
    people.sort(key=lambda named: named.kind != ContactPerson.Kind.CHILD)
    return [
        NamedPerson(
            named=named,
            linked=named.person,
            candidates=tuple(
                contact_person_candidates(user=user, named=named)
                if open_contact and named.person_id is None
                else ()
            ),
            can_change=open_contact,
        )
        for named in people
    ]


# --- Services ----------------------------------------------------------------------------------


def _locked_for_change(named: ContactPerson) -> ContactPerson:
    """The person named, locked with their contact, while the contact is undecided: once the
    hub has decided, who the contact is about is part of the decision and stays as it was."""
    contact = Contact.objects.select_for_update().get(pk=named.contact_id)
    named = ContactPerson.objects.select_for_update().get(pk=named.pk)
    if contact.status == Contact.Status.DECIDED:
        raise RuleBroken(
            "This contact has been decided, so the records of the people it names can no "
            "longer be linked or unlinked."
        )
    return named


def _refuse_if_linked(named: ContactPerson, field: str) -> None:
    if named.person_id is not None:
        raise RuleBroken(
            "This person is already linked to a record. Unlink it first if it is the wrong one.",
            field=field,
        )


@transaction.atomic
def contact_person_link(*, acting_user: Any, named: ContactPerson, person: Person) -> ContactPerson:
    """Link a person named in the contact to the existing record the officer chose from the
    matches. Only a record the matcher proposes may be linked: linking opens the record to the
    hub, so it must not be a way into any record in the authority (security R5)."""
    _require_hub(acting_user)
    named = _locked_for_change(named)
    _refuse_if_linked(named, "record")
    # Locked so that it cannot be merged away while it is being linked.
    chosen = Person.objects.select_for_update().filter(pk=person.pk).first()
    if chosen is None:
        raise RuleBroken("Select one of the records shown.", field="record")
    if chosen.is_restricted:
        raise RuleBroken(
            "That is a restricted record, so it cannot be linked from the hub. Ask the "
            "record's team manager to link it or to give you access.",
            field="record",
        )
    if chosen.merged_into_id is not None:
        raise RuleBroken(
            "That record has been merged into another. Choose the record it was merged into.",
            field="record",
        )
    if chosen.pk not in {match.person_id for match in _match(named, CANDIDATE_LIMIT)}:
        raise RuleBroken(
            "That record is not one of the matches for this person. Choose one of the records "
            "shown, or add a new record.",
            field="record",
        )
    named.person = chosen
    named.save(update_fields=["person"])
    audit(
        actor=acting_user,
        action=AuditEvent.Action.UPDATE,
        obj=named,
        child_id=chosen.pk,
        detail=f"linked to contact {named.contact_id} in the hub",
    )
    return named


def _address_parts(address: str) -> tuple[str, str]:
    """("12 Oak Road", "Haven") from "12 Oak Road, Haven": the first line and the rest."""
    parts = [part.strip() for part in re.split(r"[,\n]", address) if part.strip()]
    if not parts:
        return "", ""
    return parts[0][:100], ", ".join(parts[1:])[:60]


@transaction.atomic
def contact_person_create_record(
    *,
    acting_user: Any,
    named: ContactPerson,
    first_name: str,
    last_name: str,
    date_of_birth: datetime.date | None,
) -> Person:
    """Add a new record for a person named in the contact, from the contact's details (the
    officer may correct the name and date of birth first), and link it. A child or an adult
    as the contact named them; their address too when the contact gives it with a postcode."""
    _require_hub(acting_user)
    named = _locked_for_change(named)
    _refuse_if_linked(named, "first_name")
    if not first_name.strip():
        raise RuleBroken("Enter the first name.", field="first_name")
    if not last_name.strip():
        raise RuleBroken("Enter the surname.", field="last_name")
    if named.kind == ContactPerson.Kind.CHILD and date_of_birth is None:
        raise RuleBroken(
            "Enter the child's date of birth: a child's record needs one. If the referrer did "
            "not know it, ask the child's school or GP.",
            field="date_of_birth",
        )
    if date_of_birth is not None and date_of_birth > timezone.localdate():
        raise RuleBroken("The date of birth must be today or in the past.", field="date_of_birth")
    person = people_services.person_create(
        acting_user=acting_user,
        kind=Person.Kind.CHILD if named.kind == ContactPerson.Kind.CHILD else Person.Kind.ADULT,
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
    )
    line_1, town = _address_parts(named.address)
    if line_1 and named.postcode.strip():
        people_services.address_move(
            acting_user=acting_user,
            person=person,
            line_1=line_1,
            town=town,
            postcode=named.postcode.strip()[:8],
            start_date=timezone.localdate(named.contact.received_at),
        )
    named.person = person
    named.save(update_fields=["person"])
    audit(
        actor=acting_user,
        action=AuditEvent.Action.UPDATE,
        obj=named,
        child_id=person.pk,
        detail=f"new record linked to contact {named.contact_id} in the hub",
    )
    return person


@transaction.atomic
def contact_person_unlink(*, acting_user: Any, named: ContactPerson) -> ContactPerson:
    """Undo a wrong link before the contact is decided; the record itself is unchanged."""
    _require_hub(acting_user)
    named = _locked_for_change(named)
    if named.person_id is None:
        raise RuleBroken("This person is not linked to a record.")
    if named.episode_id is not None:
        raise RuleBroken("A referral has been opened for this child, so the link must stay.")
    previous = named.person_id
    named.person = None
    named.save(update_fields=["person"])
    audit(
        actor=acting_user,
        action=AuditEvent.Action.UPDATE,
        obj=named,
        child_id=previous,
        detail=f"unlinked from contact {named.contact_id} in the hub",
    )
    return named
