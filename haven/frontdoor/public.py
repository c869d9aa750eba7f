"""Reports of a concern about a child from the public, made online with no account.

``public_concern_submit`` turns the answers of the public question pages (haven.frontdoor.
public_views) into one ``Contact`` with a ``ContactPerson`` for each child and adult named, in
one transaction, behind a throttle of ``HAVEN_PUBLIC_CONCERNS_PER_HOUR`` reports per client
address per rolling hour.

The address is never stored as given: ``PublicSubmission`` keeps a keyed hash of it (keyed with
the SECRET_KEY, so a list of addresses cannot be hashed to find one). Nothing the person typed
reaches a log: log lines carry the contact's numeric id and counts only (security R13).

The answers are a plain dict, as the question pages keep them in the session (JSON)::

    {
        "children": [{"first_name", "last_name", "date_of_birth" (ISO date or ""),
                      "age_description", "address", "postcode", "school",
                      "add_another" (bool)}, ...],       # 1 to MAX_CHILDREN
        "concern": "...",                               # 1 to CONCERN_MAX_LENGTH characters
        "adult": {"first_name", "last_name", "age_description", "relationship_to_child",
                  "address"},                           # optional; all blank for none
        "about_you": {"relationship" (a Relationship), "name", "phone", "email"},
        "family_aware": "YES" | "NO" | "NOT_KNOWN",
    }
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from haven.core.errors import RuleBroken, constraint_messages
from haven.frontdoor.clocks import decision_due
from haven.frontdoor.models import Contact, ContactPerson, PublicSubmission
from haven.frontdoor.references import next_reference
from haven.statutory.codes import ReferralSource

log = logging.getLogger(__name__)

ADDRESS_HASH_SALT = "haven.frontdoor.public"
DEFAULT_CONCERNS_PER_HOUR = 5
THROTTLE_WINDOW = datetime.timedelta(hours=1)
MAX_CHILDREN = 5
CONCERN_MAX_LENGTH = 5000

CHILD_FIELDS = (
    "first_name",
    "last_name",
    "age_description",
    "address",
    "postcode",
    "school",
)
ADULT_FIELDS = ("first_name", "last_name", "age_description", "relationship_to_child", "address")

# Default contact details for the council's children's services. A council sets its own in
# settings; these are Ofcom's numbers for drama, which never reach a real person.
DEFAULT_PHONE = "01632 960 000"
DEFAULT_PHONE_HOURS = "Monday to Friday, 9am to 5pm"
DEFAULT_OUT_OF_HOURS_PHONE = "01632 960 999"


class Relationship(models.TextChoices):
    """How the person reporting knows the child, as the "About you" page asks it."""

    FAMILY = "family", "A member of their family, a relative or their carer"
    ACQUAINTANCE = "acquaintance", "A neighbour, friend, acquaintance or childminder"
    CHILD = "child", "I am the child or young person"
    OTHER = "other", "Someone else"
    ANONYMOUS = "anonymous", "I do not want to say who I am"


# Census referral source (CBDS N00152) for each answer.
SOURCE_FOR_RELATIONSHIP: dict[str, ReferralSource] = {
    Relationship.FAMILY: ReferralSource.FAMILY,
    Relationship.ACQUAINTANCE: ReferralSource.ACQUAINTANCE,
    Relationship.CHILD: ReferralSource.SELF,
    Relationship.OTHER: ReferralSource.OTHER_INDIVIDUAL,
    Relationship.ANONYMOUS: ReferralSource.ANONYMOUS,
}


def contact_details() -> dict[str, str]:
    """The council's children's services phone numbers, from settings or the defaults."""
    phone = str(getattr(settings, "HAVEN_CHILDRENS_SERVICES_PHONE", DEFAULT_PHONE))
    out_of_hours = str(
        getattr(settings, "HAVEN_CHILDRENS_SERVICES_OUT_OF_HOURS_PHONE", DEFAULT_OUT_OF_HOURS_PHONE)
    )
    return {
        "phone": phone,
        "phone_link": tel_link(phone),
        "phone_hours": str(
            getattr(settings, "HAVEN_CHILDRENS_SERVICES_HOURS", DEFAULT_PHONE_HOURS)
        ),
        "out_of_hours_phone": out_of_hours,
        "out_of_hours_phone_link": tel_link(out_of_hours),
    }


def tel_link(phone: str) -> str:
    """A tel: URL for a number written for people ("01632 960 000" -> "tel:01632960000")."""
    return "tel:" + "".join(c for c in phone if c.isdigit() or c == "+")


def concerns_per_hour() -> int:
    return int(getattr(settings, "HAVEN_PUBLIC_CONCERNS_PER_HOUR", DEFAULT_CONCERNS_PER_HOUR))


def address_hash(address: str) -> str:
    """The keyed hash stored for an address (never the address itself)."""
    return salted_hmac(ADDRESS_HASH_SALT, address).hexdigest()


def throttled_message() -> str:
    details = contact_details()
    return (
        "You have sent too many reports from this device in the last hour. Call children's "
        f"services on {details['phone']} to tell us about your concern, or call 999 if a child "
        "is in immediate danger."
    )


def public_concern_submit(*, address: str, answers: Mapping[str, Any]) -> Contact:
    """Record a report from the public as a new contact, with the people it names.

    Refuses (RuleBroken, nothing written) when the answers are incomplete or too long, or when
    this address has already sent ``HAVEN_PUBLIC_CONCERNS_PER_HOUR`` reports in the last hour.
    """
    contact, people = _build(answers)
    hashed = address_hash(address)
    with transaction.atomic():
        # One report at a time per address, so reports sent together cannot all slip under the
        # limit (the lock ends with the transaction).
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [hashed])
        now = timezone.now()
        recent = PublicSubmission.objects.filter(
            address_hash=hashed, at__gt=now - THROTTLE_WINDOW
        ).count()
        if recent >= concerns_per_hour():
            fields = {"event": "public_concern_throttled", "count": recent}
            log.warning("event=public_concern_throttled count=%s", recent, extra=fields)
            raise RuleBroken(throttled_message(), code="throttled")
        contact.reference = next_reference()
        contact.received_at = now
        with constraint_messages():
            contact.save()
            for person in people:
                person.contact = contact
                person.save()
            PublicSubmission.objects.create(address_hash=hashed)
    fields = {"event": "public_concern_received", "count": len(people)}
    log.info(
        "event=public_concern_received contact_id=%s people=%s",
        contact.pk,
        len(people),
        extra=fields,
    )
    return contact


def _build(answers: Mapping[str, Any]) -> tuple[Contact, list[ContactPerson]]:
    """Unsaved model instances for the answers, validated as the models validate them."""
    children = answers.get("children") or []
    if not isinstance(children, list) or not children:
        raise RuleBroken("Tell us about at least one child.", field="children")
    if len(children) > MAX_CHILDREN:
        raise RuleBroken(f"You can tell us about up to {MAX_CHILDREN} children.")
    concern = str(answers.get("concern") or "").strip()
    if not concern:
        raise RuleBroken("Tell us what is worrying you.", field="concern")
    if len(concern) > CONCERN_MAX_LENGTH:
        raise RuleBroken(
            f"What is worrying you must be {CONCERN_MAX_LENGTH:,} characters or fewer.",
            field="concern",
        )
    about_you = _mapping(answers.get("about_you"))
    relationship = str(about_you.get("relationship") or "")
    if relationship not in SOURCE_FOR_RELATIONSHIP:
        raise RuleBroken("Tell us your relationship to the child.", field="relationship")
    family_aware = str(answers.get("family_aware") or "")
    if family_aware not in Contact.FamilyAware.values:
        raise RuleBroken("Tell us whether the family knows.", field="family_aware")

    received_at = timezone.now()
    contact = Contact(
        reference="HV-0000000",  # Replaced by the sequence's number when saved.
        received_at=received_at,
        due_at=decision_due(received_at),
        channel=Contact.Channel.PUBLIC_FORM,
        source=SOURCE_FOR_RELATIONSHIP[relationship].value,
        referrer_name=_text(about_you, "name"),
        referrer_phone=_text(about_you, "phone"),
        referrer_email=_text(about_you, "email"),
        referrer_relationship=str(Relationship(relationship).label),
        concern=concern,
        family_aware=family_aware,
        status=Contact.Status.NEW,
        recorded_by=None,
    )
    _validate(contact, exclude=["recorded_by"])

    people = []
    for child in children:
        values = _mapping(child)
        person = ContactPerson(
            kind=ContactPerson.Kind.CHILD,
            date_of_birth=_date(values.get("date_of_birth")),
            **{name: _text(values, name) for name in CHILD_FIELDS},
        )
        _validate(person, exclude=["contact", "person"])
        people.append(person)
    adult = _mapping(answers.get("adult"))
    adult_values = {name: _text(adult, name) for name in ADULT_FIELDS}
    if any(adult_values.values()):
        person = ContactPerson(kind=ContactPerson.Kind.ADULT, **adult_values)
        _validate(person, exclude=["contact", "person"])
        people.append(person)
    return contact, people


def _validate(instance: models.Model, *, exclude: list[str]) -> None:
    """Model validation (lengths, choices, the constraints) as a RuleBroken."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as error:
        messages = [str(m) for m in error.messages] or ["Check your answers."]
        raise RuleBroken(messages[0]) from None


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _text(values: Mapping[str, Any], name: str) -> str:
    value = values.get(name)
    return str(value).strip() if value is not None else ""


def _date(value: Any) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise RuleBroken("Enter the child's date of birth as a real date.") from None
