"""Contacts sent by partner agencies' systems through the partner API (issue 4; haven/api).

A partner system is known by its API client (haven.api.models.ApiClient): an organisation, its
agency in the hub, and a service account that stands for it in the audit trail and as the
contact's `recorded_by`. That account is how Haven knows which client sent a contact, so a
client reads back only its own contacts (security reference 2.5, R9).

The contact goes into the hub's queue like one taken by phone: a reference from the same
sequence, the statutory clock of one working day from when it was received (Working Together
2023, 1.4 and 3.1), each child and adult as the partner described them, nothing linked to a
person record automatically.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone

from haven.access import policy
from haven.core.errors import RuleBroken, constraint_messages
from haven.core.models import AuditEvent
from haven.core.services import audit
from haven.frontdoor.clocks import decision_due
from haven.frontdoor.models import Contact, ContactPerson, PartnerAgency
from haven.frontdoor.references import next_reference
from haven.statutory.codes import ReferralSource

MAX_CHILDREN = 20
MAX_ADULTS = 20
CONCERN_MAX_LENGTH = 10_000
# A partner's clock may run a little ahead of Haven's; a time within this is taken as now.
CLOCK_SKEW = datetime.timedelta(minutes=5)
# A contact queued in a partner's system during an outage may arrive late, but not this late:
# an older time is more likely a mistake, and would start the hub's clock already overdue.
MAX_RECEIVED_AGE = datetime.timedelta(days=30)
CREATE_SCOPE = "contacts:create"
READ_SCOPE = "contacts:read"

# The census referral sources (CBDS N00152) each agency's system may give, the usual one first:
# a police system's contacts come from the police, whoever first told the police.
SOURCES_BY_AGENCY: dict[str, tuple[ReferralSource, ...]] = {
    PartnerAgency.POLICE: (ReferralSource.POLICE,),
    PartnerAgency.HEALTH: (
        ReferralSource.OTHER_HEALTH,
        ReferralSource.GP,
        ReferralSource.HEALTH_VISITOR,
        ReferralSource.SCHOOL_NURSE,
        ReferralSource.OTHER_PRIMARY_HEALTH,
        ReferralSource.A_AND_E,
    ),
    # Education services by default: a school's own referral may say 2A.
    PartnerAgency.EDUCATION: (ReferralSource.EDUCATION_SERVICES, ReferralSource.SCHOOL),
    # Probation is an "other legal agency" in the census list.
    PartnerAgency.PROBATION: (ReferralSource.OTHER_LEGAL_AGENCY,),
    PartnerAgency.HOUSING: (ReferralSource.HOUSING,),
}
# What a partner system may say about each person (ContactPerson's fields).
DESCRIBED_BY = ("first_name", "last_name", "age_description")
CHILD_FIELDS = (
    *DESCRIBED_BY,
    "date_of_birth",
    "address",
    "postcode",
    "school",
    "nhs_number",
    "upn",
)
ADULT_FIELDS = (*DESCRIBED_BY, "date_of_birth", "address", "postcode", "relationship_to_child")
REFERRER_FIELDS = ("name", "role", "organisation", "email", "phone")
# Contact references (haven.frontdoor.references): checked before any query, so that text
# PostgreSQL cannot hold (NUL) never reaches it.
REFERENCE = re.compile(r"HV-[0-9]{7,17}")


class PartnerClient(Protocol):
    """What the front door needs to know of an API client (haven.api.models.ApiClient)."""

    organisation: str
    agency: str
    is_active: bool
    service_user: Any

    def has_scope(self, scope: str) -> bool: ...


def _require(client: PartnerClient, scope: str) -> None:
    if not client.is_active or not client.has_scope(scope):
        raise policy.AccessDenied


@transaction.atomic
def contact_receive_from_partner(
    *,
    client: PartnerClient,
    concern: str,
    children: Sequence[Mapping[str, Any]],
    adults: Sequence[Mapping[str, Any]] = (),
    received_at: datetime.datetime | None = None,
    source: str = "",
    referrer: Mapping[str, str] | None = None,
    family_aware: str = Contact.FamilyAware.NOT_KNOWN,
    tried_so_far: str = "",
    consent: str = "",
    consent_reason: str = "",
    lawful_basis: str = "",
) -> Contact:
    """A contact from a partner agency's system, into the hub's queue with the statutory clock
    running from when the partner received it."""
    _require(client, CREATE_SCOPE)
    now = timezone.now()
    received_at = received_at or now
    if received_at > now + CLOCK_SKEW:
        raise RuleBroken(
            "The time the concern was received cannot be in the future.", field="received_at"
        )
    received_at = min(received_at, now)
    if received_at < now - MAX_RECEIVED_AGE:
        raise RuleBroken(
            f"The time the concern was received must be within the last "
            f"{MAX_RECEIVED_AGE.days} days; call the hub about an older concern.",
            field="received_at",
        )
    allowed = SOURCES_BY_AGENCY[client.agency]
    source = source or allowed[0].code
    if source not in {s.code for s in allowed}:
        codes = ", ".join(s.code for s in allowed)
        raise RuleBroken(
            f"A {PartnerAgency(client.agency).label.lower()} system's contacts have the "
            f"referral source {codes}.",
            field="source",
        )
    concern = concern.strip()
    if not concern:
        raise RuleBroken("Enter the concern as the referrer described it.", field="concern")
    if len(concern) > CONCERN_MAX_LENGTH:
        raise RuleBroken(
            f"The concern must be {CONCERN_MAX_LENGTH:,} characters or fewer.", field="concern"
        )
    if not children or len(children) > MAX_CHILDREN:
        raise RuleBroken(f"Name between 1 and {MAX_CHILDREN} children.", field="children")
    if len(adults) > MAX_ADULTS:
        raise RuleBroken(f"Name at most {MAX_ADULTS} adults.", field="adults")
    today = timezone.localdate()
    for kind, people in (("children", children), ("adults", adults)):
        for index, person in enumerate(people):
            if not any(str(person.get(k) or "").strip() for k in DESCRIBED_BY):
                raise RuleBroken(
                    "Give a first name, a last name or an age description for each person.",
                    field=f"{kind}/{index}",
                )
            born = person.get("date_of_birth")
            if born is not None and born > today:
                raise RuleBroken(
                    "A date of birth cannot be in the future.",
                    field=f"{kind}/{index}/date_of_birth",
                )
    if consent in (Contact.Consent.NO, Contact.Consent.NOT_ASKED) and not consent_reason.strip():
        raise RuleBroken(
            "Say why the referral goes ahead without the family's agreement.",
            field="consent_reason",
        )
    given = {k: str(v or "").strip() for k, v in (referrer or {}).items() if k in REFERRER_FIELDS}
    with constraint_messages():
        contact = Contact.objects.create(
            reference=next_reference(),
            received_at=received_at,
            due_at=decision_due(received_at),
            channel=Contact.Channel.PARTNER_API,
            source=source,
            partner_agency=client.agency,
            referrer_name=given.get("name", ""),
            referrer_role=given.get("role", ""),
            referrer_organisation=given.get("organisation") or client.organisation,
            referrer_email=given.get("email", ""),
            referrer_phone=given.get("phone", ""),
            concern=concern,
            family_aware=family_aware,
            tried_so_far=tried_so_far.strip(),
            consent=consent,
            consent_reason=consent_reason.strip(),
            lawful_basis=lawful_basis,
            status=Contact.Status.NEW,
            recorded_by=client.service_user,
        )
        ContactPerson.objects.bulk_create(
            [
                ContactPerson(
                    contact=contact,
                    kind=kind,
                    **{
                        name: person.get(name) or (None if name == "date_of_birth" else "")
                        for name in names
                    },
                )
                for kind, people, names in (
                    (ContactPerson.Kind.CHILD, children, CHILD_FIELDS),
                    (ContactPerson.Kind.ADULT, adults, ADULT_FIELDS),
                )
                for person in people
            ]
        )
    audit(
        actor=client.service_user,
        action=AuditEvent.Action.CREATE,
        obj=contact,
        detail="contact from a partner system",
    )
    return contact


@transaction.atomic
def contact_read_by_partner(*, client: PartnerClient, reference: str) -> Contact | None:
    """The contact with this reference if this client sent it, else None: another client's
    contact and no contact look the same (security reference R6). Both are audited, the read
    as a view and the refusal as a denial (R1, R3)."""
    _require(client, READ_SCOPE)
    if not REFERENCE.fullmatch(reference):
        reference = ""
    contact = Contact.objects.filter(
        reference=reference,
        channel=Contact.Channel.PARTNER_API,
        recorded_by=client.service_user,
    ).first()
    if contact is None:
        audit(
            actor=client.service_user,
            action=AuditEvent.Action.DENY,
            object_type=Contact._meta.label_lower,
            object_id=reference,
            detail="partner asked for a contact it did not send",
            reason="not sent by this client",
        )
        return None
    audit(
        actor=client.service_user,
        action=AuditEvent.Action.VIEW,
        obj=contact,
        detail="partner read its contact's outcome",
        reason="sent by this client",
    )
    return contact
