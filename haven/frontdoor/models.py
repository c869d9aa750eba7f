"""The front door: contacts about children, from the public, professionals and partner systems,
and the hub's work on them (Ofsted Annex A List 1 counts each child named in a contact)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from haven.statutory import codes
from haven.workforce.models import Worker

# The agencies of the multi-agency safeguarding hub (Working Together 2023, chapter 2).
PartnerAgency = Worker.PartnerAgency


class Contact(models.Model):
    class Channel(models.TextChoices):
        PUBLIC_FORM = "PUBLIC_FORM", "Online form (public)"
        PROFESSIONAL_FORM = "PROFESSIONAL_FORM", "Online form (professional)"
        PHONE = "PHONE", "Phone call"
        EMAIL = "EMAIL", "Email"
        PARTNER_API = "PARTNER_API", "Partner system"

    class Status(models.TextChoices):
        NEW = "NEW", "New"
        IN_PROGRESS = "IN_PROGRESS", "In progress"
        DECIDED = "DECIDED", "Decided"

    class FamilyAware(models.TextChoices):
        YES = "YES", "Yes"
        NO = "NO", "No"
        NOT_KNOWN = "NOT_KNOWN", "Not known"

    # A reference the referrer can quote: HV- and the contact's number (no personal data).
    reference = models.CharField(max_length=20, unique=True)
    received_at = models.DateTimeField()
    channel = models.CharField(max_length=20, choices=Channel.choices)
    # Census referral-source code (CBDS N00152), also the Annex A List 1 "Contact Source".
    source = models.CharField(max_length=2, choices=codes.choices(codes.ReferralSource))
    referrer_name = models.CharField(max_length=150, blank=True)
    referrer_role = models.CharField(max_length=150, blank=True)
    referrer_organisation = models.CharField(max_length=150, blank=True)
    referrer_email = models.EmailField(blank=True)
    referrer_phone = models.CharField(max_length=30, blank=True)
    referrer_relationship = models.CharField(max_length=150, blank=True)
    # What the referrer said, as they said it.
    concern = models.TextField()
    family_aware = models.CharField(
        max_length=10, choices=FamilyAware.choices, default=FamilyAware.NOT_KNOWN
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)

    # A professional's referral (the multi-agency referral form, and partner systems).
    class Consent(models.TextChoices):
        YES = "YES", "Yes, the family agrees to the referral"
        NO = "NO", "No, the family does not agree"
        NOT_ASKED = "NOT_ASKED", "The family has not been asked"

    class LawfulBasis(models.TextChoices):
        # UK GDPR Article 6(1)(e) with DPA 2018 Schedule 1 paragraph 18 (safeguarding of
        # children), as the DfE's "Information sharing" advice (2024) describes.
        PUBLIC_TASK = "PUBLIC_TASK", "Public task: safeguarding a child (Article 6(1)(e))"
        LEGAL_OBLIGATION = "LEGAL_OBLIGATION", "Legal obligation (Article 6(1)(c))"
        VITAL_INTERESTS = "VITAL_INTERESTS", "Vital interests: a risk to life (Article 6(1)(d))"
        CONSENT = "CONSENT", "Consent (Article 6(1)(a))"

    partner_agency = models.CharField(
        max_length=10, blank=True, default="", choices=PartnerAgency.choices
    )
    tried_so_far = models.TextField("what has been tried", blank=True)
    consent = models.CharField(max_length=10, blank=True, choices=Consent.choices)
    consent_reason = models.TextField(
        blank=True, help_text="Why the family was not asked, or why the referral goes ahead."
    )
    lawful_basis = models.CharField(max_length=20, blank=True, choices=LawfulBasis.choices)

    class Decision(models.TextChoices):
        # The hub's threshold decision (Working Together 2023, 1.4 and 3.1: a decision on the
        # type of response within one working day of a referral being received).
        NFA = "NFA", "No further action"
        ADVICE = "ADVICE", "Information and advice"
        EARLY_HELP = "EARLY_HELP", "Early help"
        REFERRAL = "REFERRAL", "Referral to children's social care"
        STRATEGY = "STRATEGY", "Immediate strategy discussion"

    decision = models.CharField(max_length=10, blank=True, choices=Decision.choices)
    decision_reason = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What the referrer is told, in words fit for them (never the hub's own reasons).
    referrer_outcome = models.TextField(blank=True)

    class Rating(models.TextChoices):
        RED = "RED", "Red"
        AMBER = "AMBER", "Amber"
        GREEN = "GREEN", "Green"

    rag = models.CharField("RAG rating", max_length=5, choices=Rating.choices, blank=True)
    rag_reason = models.TextField(blank=True)
    triaged_at = models.DateTimeField(null=True, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # When the hub's decision is due: the statutory working day until rated, then the
    # authority's clock for the rating (haven/statutory/triage.py).
    due_at = models.DateTimeField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty for contacts made by the public online.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(rag="") | Q(triaged_at__isnull=False, triaged_by__isnull=False),
                name="contact_rated_when_triaged",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="DECIDED", decision__gt="", decided_at__isnull=False)
                    & ~Q(decision_reason="")
                )
                | Q(decision="", decided_at__isnull=True) & ~Q(status="DECIDED"),
                name="contact_decided_with_reason",
            ),
        ]
        indexes = [
            models.Index(
                fields=["received_at"], condition=~Q(status="DECIDED"), name="contact_open_queue"
            ),
            models.Index(
                fields=["due_at"], condition=~Q(status="DECIDED"), name="contact_open_by_due"
            ),
            # Carries what the timeliness figures read (the hub dashboard, the inspection
            # lens), so a year of contacts is read from the index alone: about 50 ms less on
            # 100,000 contacts (docs/benchmarks.md).
            models.Index(
                fields=["received_at"],
                include=["status", "decided_at", "due_at"],
                name="contact_received",
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class ContactPerson(models.Model):
    """A child or adult named in a contact, as the referrer described them, and the person
    record the hub linked them to (nothing is linked automatically)."""

    class Kind(models.TextChoices):
        CHILD = "CHILD", "Child"
        ADULT = "ADULT", "Adult"

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="people")
    kind = models.CharField(max_length=5, choices=Kind.choices)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    age_description = models.CharField(
        max_length=60, blank=True, help_text="When the date of birth is not known."
    )
    address = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    school = models.CharField(max_length=150, blank=True)
    # As a partner gave them (checked on the way in); matching compares them with the records.
    nhs_number = models.CharField("NHS number", max_length=10, blank=True, db_default="")
    upn = models.CharField("unique pupil number", max_length=13, blank=True, db_default="")
    relationship_to_child = models.CharField(max_length=100, blank=True)
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The episode of need a referral opened for this child (the census referral).
    episode = models.ForeignKey(
        "referrals.EpisodeOfNeed",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contact_people",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(first_name="") | ~Q(last_name="") | ~Q(age_description=""),
                name="contact_person_described",
                violation_error_message="Give a name or a description of each person.",
            )
        ]
        indexes = [models.Index(fields=["person"], name="contact_person_linked")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} in contact {self.contact_id}"


class PublicSubmission(models.Model):
    """One online concern from an address, for throttling (the address is stored as a keyed
    hash, never as given)."""

    address_hash = models.CharField(max_length=64)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["address_hash", "at"], name="public_submission_recent")]

    def __str__(self) -> str:
        return f"Submission at {self.at:%Y-%m-%d %H:%M}"


class TriageClock(models.Model):
    """The authority's clock for a RAG rating: how long the hub has to decide. A rating with no
    row uses Haven's default (haven/statutory/triage.py)."""

    rating = models.CharField(max_length=5, choices=Contact.Rating.choices, unique=True)
    hours = models.PositiveSmallIntegerField(null=True, blank=True)
    working_days = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__isnull=False, working_days__isnull=True)
                | Q(hours__isnull=True, working_days__isnull=False),
                name="triage_clock_hours_or_working_days",
                violation_error_message="Give the clock in hours or in working days, not both.",
            )
        ]

    def __str__(self) -> str:
        unit = f"{self.hours} hours" if self.hours is not None else f"{self.working_days} WD"
        return f"{self.get_rating_display()}: {unit}"


class InformationRequest(models.Model):
    """The hub asks a partner agency what it knows about the people in a contact. Each agency
    answers in its own section, seen by the hub and by those the access policy allows
    (security.md 2.5: contributed information is tagged with its source agency)."""

    class Status(models.TextChoices):
        OPEN = "OPEN", "Waiting for an answer"
        ANSWERED = "ANSWERED", "Answered"
        WITHDRAWN = "WITHDRAWN", "Withdrawn"

    contact = models.ForeignKey(
        Contact, on_delete=models.PROTECT, related_name="information_requests"
    )
    agency = models.CharField(max_length=10, choices=PartnerAgency.choices)
    question = models.TextField()
    requested_at = models.DateTimeField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    due_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(blank=True)
    # Police intelligence and the like that must not reach the family (security.md 2.5, R32).
    not_for_family = models.BooleanField("not to be shared with the family", default=False)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contact", "agency"],
                condition=~Q(status="WITHDRAWN"),
                name="one_live_request_per_agency",
                violation_error_message="This agency has already been asked about this contact.",
            ),
            models.CheckConstraint(
                condition=Q(status="ANSWERED", answered_at__isnull=False, answered_by__isnull=False)
                & ~Q(answer="")
                | ~Q(status="ANSWERED") & Q(answered_at__isnull=True),
                name="information_request_answered",
            ),
            models.CheckConstraint(
                condition=Q(due_at__gt=models.F("requested_at")),
                name="information_request_due_after_asked",
            ),
        ]
        indexes = [
            models.Index(
                fields=["agency", "due_at"], condition=Q(status="OPEN"), name="inforequest_open"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_agency_display()} on contact {self.contact_id}"
