"""Child protection plans and child in need plans (census ChildProtectionPlans, CINPlanDates)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.db import models
from django.db.models import F, Q

from haven.statutory import codes
from haven.workforce.models import date_range


class ChildProtectionPlan(models.Model):
    episode = models.ForeignKey(
        "referrals.EpisodeOfNeed", on_delete=models.PROTECT, related_name="cp_plans"
    )
    # Kept on the plan so PostgreSQL can refuse overlapping plans for one child.
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cp_plans")
    initial_conference = models.OneToOneField(
        "meetings.InitialChildProtectionConference",
        on_delete=models.PROTECT,
        related_name="plan",
    )
    start_date = models.DateField()
    initial_category = models.CharField(max_length=3, choices=codes.choices(codes.CategoryOfAbuse))
    latest_category = models.CharField(max_length=3, choices=codes.choices(codes.CategoryOfAbuse))
    end_date = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "child protection plan"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="cp_plan_end_after_start",
                violation_error_message="A plan cannot end before it started.",
            ),
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(end_date__isnull=True),
                name="cp_plan_one_open_per_child",
                violation_error_message="This child already has an open child protection plan "
                "(census rule 8935).",
            ),
            ExclusionConstraint(
                name="cp_plan_no_overlap_per_child",
                expressions=[
                    ("child", RangeOperators.EQUAL),
                    (date_range("start_date", "end_date"), RangeOperators.OVERLAPS),
                ],
                violation_error_message=(
                    "Child protection plans for one child cannot overlap (census rule 8940)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"CP plan {self.pk} from {self.start_date}"


class ChildInNeedPlan(models.Model):
    episode = models.ForeignKey(
        "referrals.EpisodeOfNeed", on_delete=models.PROTECT, related_name="cin_plans"
    )
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cin_plans")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "child in need plan"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="cin_plan_end_after_start",
                violation_error_message="A plan cannot end before it started.",
            ),
            ExclusionConstraint(
                name="cin_plan_no_overlap_per_child",
                expressions=[
                    ("child", RangeOperators.EQUAL),
                    (date_range("start_date", "end_date"), RangeOperators.OVERLAPS),
                ],
                violation_error_message="Child in need plans for one child cannot overlap.",
            ),
        ]

    def __str__(self) -> str:
        return f"CIN plan {self.pk} from {self.start_date}"


class PreProceedings(models.Model):
    """The pre-proceedings stage of the Public Law Outline (PLO): the authority has decided,
    at a legal planning meeting, that care proceedings may be needed and works with the family
    under a letter before proceedings, offering a family group decision making (FGDM) meeting.
    Census block PreProceedingsandFGDM, collected from 2026-27 (reference 2.2); field comments
    name the census items (DfE CBDS N00826 onwards)."""

    class Outcome(models.TextChoices):
        # DfE code set CS131 (census item PPOutcome). The wording of each code was not in the
        # sources read; check it against the DfE CIN census 2026 to 2027 guide.
        A = "A", "Outcome A (DfE code set CS131)"
        B = "B", "Outcome B (DfE code set CS131)"
        C = "C", "Outcome C (DfE code set CS131)"

    episode = models.ForeignKey(
        "referrals.EpisodeOfNeed", on_delete=models.PROTECT, related_name="pre_proceedings"
    )
    child = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="pre_proceedings"
    )
    # PPStartDate: the legal planning meeting (or other forum) that decided to start.
    start_date = models.DateField()
    # LBPSentDate: the letter before proceedings was sent to the parents.
    letter_before_proceedings_date = models.DateField(null=True, blank=True)
    # FGDMMeetingOffer / FGDMMeetingFac: an FGDM meeting offered in the letter, and held.
    fgdm_offered = models.BooleanField("FGDM meeting offered", null=True, blank=True)
    fgdm_facilitated = models.BooleanField("FGDM meeting facilitated", null=True, blank=True)
    # InitialPPMeetingDate: the first effective pre-proceedings meeting.
    initial_meeting_date = models.DateField(null=True, blank=True)
    # ReviewMeetingsCount: review meetings held after the initial meeting.
    review_meetings_count = models.PositiveSmallIntegerField(null=True, blank=True)
    # StepDecisionDate: the decision to step up to proceedings or down from pre-proceedings.
    step_decision_date = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=1, blank=True, choices=Outcome.choices)  # PPOutcome
    # CourtAppDate: the application to court to start care proceedings.
    court_application_date = models.DateField(null=True, blank=True)
    # LetterInitCPDate: the letter telling the parents care proceedings are starting.
    letter_initiating_cp_date = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "pre-proceedings"
        verbose_name_plural = "pre-proceedings"
        constraints = [
            models.CheckConstraint(
                condition=(
                    (
                        Q(letter_before_proceedings_date__isnull=True)
                        | Q(letter_before_proceedings_date__gte=F("start_date"))
                    )
                    & (
                        Q(initial_meeting_date__isnull=True)
                        | Q(initial_meeting_date__gte=F("start_date"))
                    )
                    & (
                        Q(step_decision_date__isnull=True)
                        | Q(step_decision_date__gte=F("start_date"))
                    )
                    & (
                        Q(court_application_date__isnull=True)
                        | Q(court_application_date__gte=F("start_date"))
                    )
                    & (
                        Q(letter_initiating_cp_date__isnull=True)
                        | Q(letter_initiating_cp_date__gte=F("start_date"))
                    )
                ),
                name="pre_proceedings_dates_after_start",
                violation_error_message=(
                    "Pre-proceedings dates cannot be before the decision to start them "
                    "(census rules 9006, 9009)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(court_application_date__isnull=True)
                | Q(step_decision_date__isnull=True)
                | Q(court_application_date__gte=F("step_decision_date")),
                name="pre_proceedings_court_after_decision",
                violation_error_message=(
                    "The court application cannot be before the decision to start care "
                    "proceedings (census rule 9012)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Pre-proceedings {self.pk} from {self.start_date}"
