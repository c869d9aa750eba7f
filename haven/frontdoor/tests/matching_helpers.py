"""Contacts naming one person, and records to find, for the matching tests."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from haven.core.tests import factories as f
from haven.frontdoor import services
from haven.frontdoor.models import Contact, ContactPerson
from haven.people.models import Address, Person
from haven.workforce.models import Team

D = datetime.date


def hub_officer() -> Any:
    """A MASH officer in the hub's team (made once per test)."""
    team = Team.objects.filter(name="MASH").first() or f.TeamFactory(name="MASH", kind="MASH")
    return f.staff_user(role="MASH_OFFICER", team=team)


def contact_naming(officer: Any, *, adult: bool = False, **described: Any) -> ContactPerson:
    """A contact taken by phone that names one child (or one adult beside a child) as
    `described` (first_name, last_name, date_of_birth, address, postcode, ...)."""
    children: list[dict[str, Any]] = [described]
    adults: list[dict[str, Any]] = []
    if adult:
        children, adults = [{"first_name": "Unnamed", "last_name": "Child"}], [described]
    contact = services.contact_record(
        acting_user=officer,
        received_at=timezone.now() - datetime.timedelta(hours=1),
        channel="PHONE",
        source="2A",
        concern="A worry about a child.",
        children=children,
        adults=adults,
    )
    kind = ContactPerson.Kind.ADULT if adult else ContactPerson.Kind.CHILD
    return ContactPerson.objects.get(contact=contact, kind=kind)


def decide(contact: Contact) -> None:
    """The hub's decision, as the database requires it to be recorded."""
    Contact.objects.filter(pk=contact.pk).update(
        status=Contact.Status.DECIDED,
        decision=Contact.Decision.NFA,
        decision_reason="No concerns about the child's safety.",
        decided_at=timezone.now(),
    )


def person(first_name: str, last_name: str, born: datetime.date, **fields: Any) -> Person:
    """A record already in Haven, with an address when `postcode` is given."""
    postcode = fields.pop("postcode", "")
    line_1 = fields.pop("line_1", "1 High Street")
    record = f.ChildFactory(
        first_name=first_name, last_name=last_name, date_of_birth=born, **fields
    )
    if postcode:
        Address.objects.create(
            person=record, line_1=line_1, town="Haven", postcode=postcode, start_date=D(2020, 1, 1)
        )
    return record
