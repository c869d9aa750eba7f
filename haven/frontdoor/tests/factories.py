"""Test data for the front door: contacts and the people named in them, built directly (for
figures over many contacts; haven.frontdoor.services builds them as the hub would)."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from haven.core.tests.factories import UserFactory
from haven.frontdoor.models import Contact, ContactPerson, InformationRequest


def local(*args: int) -> datetime.datetime:
    """An aware datetime in the authority's time zone: local(2026, 4, 2, 16, 0)."""
    return datetime.datetime(*args, tzinfo=timezone.get_default_timezone())  # type: ignore[misc]


class ContactFactory(factory.django.DjangoModelFactory):
    """A contact taken by phone. `rag=` rates it (by someone in the hub); the `decided` trait
    records an NFA decision two hours after it came in unless `decided_at=` says when."""

    class Meta:
        model = Contact

    class Params:
        decided = factory.Trait(
            status=Contact.Status.DECIDED,
            decision=Contact.Decision.NFA,
            decision_reason="No concerns about the child's safety.",
            decided_at=factory.LazyAttribute(lambda o: o.received_at + datetime.timedelta(hours=2)),
        )

    reference = factory.Sequence(lambda n: f"HV-T{n:07d}")
    received_at = factory.LazyFunction(lambda: local(2026, 3, 2, 10, 0))
    channel = Contact.Channel.PHONE
    source = "2A"
    concern = "A worry about a child."
    rag = ""
    triaged_at = factory.Maybe("rag", factory.SelfAttribute("received_at"), None)
    triaged_by = factory.Maybe("rag", factory.SubFactory(UserFactory), None)
    due_at = factory.LazyAttribute(lambda o: o.received_at + datetime.timedelta(days=1))


class ContactPersonFactory(factory.django.DjangoModelFactory):
    """A child named in a contact; `person=` links them to a record."""

    class Meta:
        model = ContactPerson

    contact = factory.SubFactory(ContactFactory)
    kind = ContactPerson.Kind.CHILD
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")


class InformationRequestFactory(factory.django.DjangoModelFactory):
    """An open request to a partner agency, due a day after it was asked."""

    class Meta:
        model = InformationRequest

    contact = factory.SubFactory(ContactFactory)
    agency = "POLICE"
    question = "What do you know about the family?"
    requested_at = factory.LazyFunction(timezone.now)
    requested_by = factory.SubFactory(UserFactory)
    due_at = factory.LazyAttribute(lambda o: o.requested_at + datetime.timedelta(days=1))
