"""The hub's work on contacts: recording contacts taken by phone or email and professionals'
referrals, asking partner agencies what they know, and the threshold decision."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from haven.access import policy
from haven.access.roles import Capability
from haven.core.errors import RuleBroken
from haven.core.services import audit
from haven.frontdoor.clocks import decision_due
from haven.frontdoor.models import Contact, ContactPerson, InformationRequest, PartnerAgency
from haven.frontdoor.references import next_reference
from haven.notifications.services import notification_enqueue
from haven.referrals import services as referral_services
from haven.statutory import codes
from haven.workforce.models import Team

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
    """A contact taken by phone or email by hub staff."""
    _require_hub(acting_user)
    if channel not in (Contact.Channel.PHONE, Contact.Channel.EMAIL):
        raise RuleBroken("Select how the contact came in.", field="channel")
    contact = _contact_create(
        acting_user=acting_user,
        received_at=received_at,
        channel=channel,
        source=source,
        concern=concern,
        children=children,
        adults=adults,
        family_aware=family_aware,
        referrer=referrer,
    )
    audit(actor=acting_user, action="CREATE", obj=contact, detail=f"contact by {channel.lower()}")
    return contact


def _contact_create(
    *,
    acting_user: Any,
    received_at: datetime.datetime,
    channel: str,
    source: str,
    concern: str,
    children: Sequence[dict[str, Any]],
    adults: Sequence[dict[str, Any]],
    family_aware: str,
    referrer: dict[str, str],
    extra: dict[str, Any] | None = None,
) -> Contact:
    """Every contact records when it came in, from whom (the census referral-source code),
    each child named (each counted on their own, as Annex A List 1 does), the adults, and the
    concern as the referrer put it. Its decision is due within the statutory working day."""
    if received_at > timezone.now():
        raise RuleBroken(
            "The time the contact came in cannot be in the future.", field="received_at"
        )
    if source not in {member.code for member in codes.ReferralSource}:
        raise RuleBroken("Select who made the contact.", field="source")
    if not concern.strip():
        raise RuleBroken("Enter the concern as the referrer described it.", field="concern")
    if family_aware not in Contact.FamilyAware.values:
        raise RuleBroken("Say whether the family knows about this contact.", field="family_aware")
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
        **{k: str(v).strip() for k, v in referrer.items() if k.startswith("referrer_")},
        **(extra or {}),
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


# --- A professional's referral (the multi-agency referral form) ---------------------------------

# The census referral-source codes each agency may refer under (CBDS N00152).
AGENCY_SOURCES: dict[str, tuple[str, ...]] = {
    PartnerAgency.POLICE: ("6",),
    PartnerAgency.HEALTH: ("3A", "3B", "3C", "3D", "3E", "3F"),
    PartnerAgency.EDUCATION: ("2A", "2B"),
    PartnerAgency.PROBATION: ("7",),
    PartnerAgency.HOUSING: ("4",),
}


def partner_agency_of(user: Any) -> str:
    """The agency a signed-in partner practitioner works for ("" if none)."""
    worker = getattr(user, "worker", None)
    return getattr(worker, "partner_agency", "") or ""


def _require_partner(user: Any) -> str:
    agency = partner_agency_of(user)
    if not policy.has_capability(user, Capability.PARTNER_VIEW) or not agency:
        raise policy.AccessDenied
    return agency


@transaction.atomic
def contact_refer_professional(
    *,
    acting_user: Any,
    source: str,
    concern: str,
    tried_so_far: str,
    family_aware: str,
    consent: str,
    consent_reason: str,
    lawful_basis: str,
    children: Sequence[dict[str, Any]],
    adults: Sequence[dict[str, Any]] = (),
    **referrer: str,
) -> Contact:
    """A signed-in partner practitioner's referral. Sharing without the family's agreement
    needs its reason, and every share its lawful basis (DfE "Information sharing" advice,
    2024; security R38)."""
    agency = _require_partner(acting_user)
    if source not in AGENCY_SOURCES.get(agency, ()):
        raise RuleBroken("Select where you work.", field="source")
    if consent not in Contact.Consent.values:
        raise RuleBroken("Say whether the family agrees to this referral.", field="consent")
    if consent != Contact.Consent.YES and not consent_reason.strip():
        raise RuleBroken(
            "Say why you are referring without the family's agreement.", field="consent_reason"
        )
    if lawful_basis not in Contact.LawfulBasis.values:
        raise RuleBroken(
            "Select the lawful basis for sharing this information.", field="lawful_basis"
        )
    if lawful_basis == Contact.LawfulBasis.CONSENT and consent != Contact.Consent.YES:
        raise RuleBroken(
            "Consent cannot be the lawful basis when the family has not agreed.",
            field="lawful_basis",
        )
    if not (
        referrer.get("referrer_phone", "").strip() or referrer.get("referrer_email", "").strip()
    ):
        raise RuleBroken(
            "Enter a phone number or email address so the hub can reach you.",
            field="referrer_phone",
        )
    contact = _contact_create(
        acting_user=acting_user,
        received_at=timezone.now(),
        channel=Contact.Channel.PROFESSIONAL_FORM,
        source=source,
        concern=concern,
        children=children,
        adults=adults,
        family_aware=family_aware,
        extra={
            "partner_agency": agency,
            "tried_so_far": tried_so_far.strip(),
            "consent": consent,
            "consent_reason": consent_reason.strip(),
            "lawful_basis": lawful_basis,
        },
        referrer=referrer,
    )
    audit(actor=acting_user, action="CREATE", obj=contact, detail="professional referral")
    return contact


def partner_referrals(user: Any, *, limit: int = 50) -> list[Contact]:
    """The referrals this practitioner made, newest first: what they may follow up."""
    if not policy.has_capability(user, Capability.PARTNER_VIEW):
        return []
    return list(
        Contact.objects.filter(recorded_by=user, channel=Contact.Channel.PROFESSIONAL_FORM)
        .annotate(children_named=Count("people", filter=Q(people__kind="CHILD")))
        .order_by("-received_at")[:limit]
    )


# --- Information requests to partner agencies -------------------------------------------------


@transaction.atomic
def information_request_send(
    *,
    acting_user: Any,
    contact: Contact,
    agency: str,
    question: str,
    due_at: datetime.datetime,
) -> InformationRequest:
    """Ask a partner agency what it knows about the people in the contact, by when."""
    _require_hub(acting_user)
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.status == Contact.Status.DECIDED:
        raise RuleBroken("This contact has been decided; ask no more agencies about it.")
    if agency not in PartnerAgency.values:
        raise RuleBroken("Select the agency to ask.", field="agency")
    if not question.strip():
        raise RuleBroken("Enter what you want the agency to check.", field="question")
    now = timezone.now()
    if due_at <= now:
        raise RuleBroken("The answer must be due in the future.", field="due_at")
    if (
        contact.information_requests.filter(agency=agency)
        .exclude(status=InformationRequest.Status.WITHDRAWN)
        .exists()
    ):
        raise RuleBroken(
            f"{PartnerAgency(agency).label} has already been asked about this contact.",
            field="agency",
        )
    request = InformationRequest.objects.create(
        contact=contact,
        agency=agency,
        question=question.strip(),
        requested_at=now,
        requested_by=acting_user,
        due_at=due_at,
    )
    if contact.status == Contact.Status.NEW:
        contact.status = Contact.Status.IN_PROGRESS
        contact.save(update_fields=["status"])
    audit(actor=acting_user, action="CREATE", obj=request, detail=f"asked {agency.lower()}")
    return request


@transaction.atomic
def information_request_answer(
    *, acting_user: Any, request: InformationRequest, answer: str, not_for_family: bool
) -> InformationRequest:
    """A practitioner of the agency asked answers in their agency's own section."""
    agency = _require_partner(acting_user)
    request = InformationRequest.objects.select_for_update().get(pk=request.pk)
    if request.agency != agency:
        raise policy.AccessDenied
    if request.status != InformationRequest.Status.OPEN:
        raise RuleBroken("This request has already been answered or withdrawn.")
    if not answer.strip():
        raise RuleBroken(
            "Enter what your agency knows, or that it holds nothing about these people.",
            field="answer",
        )
    request.answer = answer.strip()
    request.not_for_family = not_for_family
    request.status = InformationRequest.Status.ANSWERED
    request.answered_at = timezone.now()
    request.answered_by = acting_user
    request.save(update_fields=["answer", "not_for_family", "status", "answered_at", "answered_by"])
    audit(actor=acting_user, action="UPDATE", obj=request, detail=f"answered by {agency.lower()}")
    return request


@transaction.atomic
def information_request_withdraw(
    *, acting_user: Any, request: InformationRequest
) -> InformationRequest:
    _require_hub(acting_user)
    request = InformationRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != InformationRequest.Status.OPEN:
        raise RuleBroken("Only a request still waiting for an answer can be withdrawn.")
    request.status = InformationRequest.Status.WITHDRAWN
    request.save(update_fields=["status"])
    audit(actor=acting_user, action="UPDATE", obj=request, detail="withdrawn")
    return request


# --- The threshold decision --------------------------------------------------------------------

# What the referrer is told, in words fit for them: what happens next, never the hub's reasons
# or anything about the family that the referrer did not already know.
REFERRER_OUTCOMES: dict[str, str] = {
    Contact.Decision.NFA: (
        "Thank you for telling us about your worry. We have looked at what you told us and "
        "what we know, and children's social care will not be taking any further action at "
        "the moment. If you are worried again, please contact us again."
    ),
    Contact.Decision.ADVICE: (
        "Thank you for telling us about your worry. We have given information and advice "
        "about the child's needs. If you are worried again, please contact us again."
    ),
    Contact.Decision.EARLY_HELP: (
        "Thank you for telling us about your worry. We have asked the early help service to "
        "offer the family support."
    ),
    Contact.Decision.REFERRAL: (
        "Thank you for telling us about your worry. A social worker will now work with the "
        "family to understand what the child needs."
    ),
    Contact.Decision.STRATEGY: (
        "Thank you for telling us about your worry. Children's social care and the police "
        "are acting on it today."
    ),
}
OPENS_EPISODE = (Contact.Decision.REFERRAL, Contact.Decision.STRATEGY)


@transaction.atomic
def contact_decide(
    *,
    acting_user: Any,
    contact: Contact,
    decision: str,
    reason: str,
    referrer_outcome: str,
    primary_need: str = "",
    team: Team | None = None,
) -> Contact:
    """The manager's threshold decision with its reasons. A referral (or an immediate strategy
    discussion) opens an episode of need for every child named, dated the day of the decision
    (the census referral is the decision to accept, DfE CIN census guidance), and puts it in
    the chosen assessment team's queue. The referrer is told the outcome by email after the
    transaction commits (haven.notifications outbox)."""
    if not policy.has_capability(acting_user, Capability.HUB_DECIDE):
        raise policy.AccessDenied
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.status == Contact.Status.DECIDED:
        raise RuleBroken("This contact has already been decided.")
    if decision not in Contact.Decision.values:
        raise RuleBroken("Select the decision.", field="decision")
    if not reason.strip():
        raise RuleBroken("Give the reasons for the decision.", field="reason")
    # Left blank, the referrer is told the standard words for the decision.
    referrer_outcome = referrer_outcome.strip() or REFERRER_OUTCOMES[decision]
    now = timezone.now()
    children = list(contact.people.filter(kind=ContactPerson.Kind.CHILD).select_related("person"))
    if decision in OPENS_EPISODE:
        if team is None or team.kind != Team.Kind.ASSESSMENT:
            raise RuleBroken("Select the assessment team to refer to.", field="team")
        unlinked = [c for c in children if c.person is None]
        if unlinked:
            raise RuleBroken(
                "Link or create a record for every child named before referring: "
                f"{len(unlinked)} not linked yet.",
                field="decision",
            )
        if any(c.person is not None and c.person.kind != "CHILD" for c in children):
            raise RuleBroken("Only a child can be referred: check the records linked.")
        referral_date = timezone.localdate(now)
        summary = f"Contact {contact.reference}: {Contact.Decision(decision).label.lower()}."
        for named in children:
            child = named.person
            if child is None:  # checked above; keeps the type checker sure
                continue
            try:
                episode = referral_services.referral_record(
                    acting_user=acting_user,
                    child=child,
                    referral_date=referral_date,
                    referral_source=contact.source,
                    primary_need=primary_need,
                    referral_summary=summary,
                )
            except RuleBroken as broken:
                raise RuleBroken(
                    f"{child.full_name}: {broken.message}",
                    field="primary_need" if broken.field == "primary_need" else "decision",
                    code=broken.code,
                ) from broken
            episode.referred_to_team = team
            episode.save(update_fields=["referred_to_team"])
            named.episode = episode
            named.save(update_fields=["episode"])
    contact.decision = decision
    contact.decision_reason = reason.strip()
    contact.referrer_outcome = referrer_outcome.strip()
    contact.decided_at = now
    contact.decided_by = acting_user
    contact.status = Contact.Status.DECIDED
    contact.save(
        update_fields=[
            "decision",
            "decision_reason",
            "referrer_outcome",
            "decided_at",
            "decided_by",
            "status",
        ]
    )
    audit(actor=acting_user, action="UPDATE", obj=contact, detail=f"decided: {decision.lower()}")
    if contact.referrer_email:
        notification_enqueue(
            to=contact.referrer_email,
            subject=f"Your contact {contact.reference} about a child",
            body=_outcome_email(contact),
            dedupe_key=f"contact-outcome-{contact.pk}",
            about_type="frontdoor.contact",
            about_id=str(contact.pk),
        )
    return contact


def _outcome_email(contact: Contact) -> str:
    greeting = f"Dear {contact.referrer_name}," if contact.referrer_name else "Hello,"
    return (
        f"{greeting}\n\n"
        f"You contacted children's services on {timezone.localtime(contact.received_at):%d %B %Y}"
        f" (reference {contact.reference}).\n\n"
        f"{contact.referrer_outcome}\n\n"
        "If a child is in immediate danger, call 999.\n\n"
        "Children's services\n"
    )
