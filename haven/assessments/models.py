"""Child and family assessments (census Assessments block; SSD ssd_cin_assessments)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from haven.statutory import codes


class Assessment(models.Model):
    class Outcome(models.TextChoices):
        CLOSE = "CLOSE", "No further social care involvement"
        EARLY_HELP = "EARLY_HELP", "Step down to early help"
        CHILD_IN_NEED_PLAN = "CHILD_IN_NEED_PLAN", "Child in need plan"
        STRATEGY_DISCUSSION = "STRATEGY_DISCUSSION", "Strategy discussion"
        CONTINUE = "CONTINUE", "Continue current plan"

    episode = models.ForeignKey(
        "referrals.EpisodeOfNeed", on_delete=models.PROTECT, related_name="assessments"
    )
    start_date = models.DateField()
    child_seen_date = models.DateField(null=True, blank=True)
    childs_views = models.TextField("the child's views", blank=True)
    analysis = models.TextField(blank=True)
    # 45 WD from the referral date, stored as the worker was told (Working Together 2023).
    due_date = models.DateField()
    authorised_date = models.DateField(null=True, blank=True)
    authorised_by = models.ForeignKey(
        "workforce.Worker", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(max_length=20, blank=True, choices=Outcome.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(authorised_date__isnull=True) | Q(authorised_date__gte=F("start_date")),
                name="assessment_authorised_after_start",
                violation_error_message="An assessment cannot be authorised before it started.",
            ),
            models.CheckConstraint(
                condition=Q(authorised_date__isnull=True) | ~Q(outcome=""),
                name="assessment_authorised_has_outcome",
                violation_error_message="An authorised assessment needs an outcome.",
            ),
            models.UniqueConstraint(
                fields=["episode"],
                condition=Q(authorised_date__isnull=True),
                name="assessment_one_open_per_episode",
                violation_error_message=(
                    "This episode already has an assessment in progress (census 8896)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Assessment {self.pk} from {self.start_date}"

    @property
    def child_seen(self) -> bool:
        return self.child_seen_date is not None


class AssessmentFactor(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="factors")
    code = models.CharField(max_length=3, choices=codes.choices(codes.AssessmentFactor))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "code"],
                name="assessment_factor_unique",
                violation_error_message="A factor is recorded once per assessment (census 8898).",
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id}: {self.code}"
