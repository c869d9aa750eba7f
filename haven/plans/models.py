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
