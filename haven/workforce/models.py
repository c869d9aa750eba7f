"""Teams, workers and who is allocated to each child (SSD ssd_professionals, ssd_involvements)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.db import models
from django.db.models import F, Func, Q, Value

from haven.statutory import codes


def date_range(start: str, end: str, bounds: str = "[)") -> Func:
    """daterange(start, end, bounds) for exclusion constraints; a NULL end is open-ended."""
    return Func(
        F(start), F(end), Value(bounds), function="daterange", output_field=DateRangeField()
    )


class Team(models.Model):
    class Kind(models.TextChoices):
        MASH = "MASH", "Multi-agency safeguarding hub"
        ASSESSMENT = "ASSESSMENT", "Referral and assessment"
        CHILD_PROTECTION = "CHILD_PROTECTION", "Child protection"
        CHILD_IN_NEED = "CHILD_IN_NEED", "Child in need"

    name = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    manager = models.ForeignKey(
        "Worker", null=True, blank=True, on_delete=models.PROTECT, related_name="managed_teams"
    )

    def __str__(self) -> str:
        return self.name


class Worker(models.Model):
    """A member of staff. Social workers carry a Social Work England registration number."""

    class Role(models.TextChoices):
        SOCIAL_WORKER = "SOCIAL_WORKER", "Social worker"
        TEAM_MANAGER = "TEAM_MANAGER", "Team manager"
        SERVICE_MANAGER = "SERVICE_MANAGER", "Service manager"
        MASH_OFFICER = "MASH_OFFICER", "MASH officer"
        MASH_MANAGER = "MASH_MANAGER", "MASH team manager"
        CONFERENCE_CHAIR = "CONFERENCE_CHAIR", "Conference chair"
        BUSINESS_SUPPORT = "BUSINESS_SUPPORT", "Business support"
        SENIOR_LEADER = "SENIOR_LEADER", "Senior leader"
        EMERGENCY_DUTY = "EMERGENCY_DUTY", "Emergency duty social worker"
        PARTNER = "PARTNER", "Partner agency practitioner"
        PERFORMANCE_ANALYST = "PERFORMANCE_ANALYST", "Performance analyst"
        SYSTEM_ADMIN = "SYSTEM_ADMIN", "System administrator"
        AUDITOR = "AUDITOR", "Auditor or data protection officer"

    class PartnerAgency(models.TextChoices):
        POLICE = "POLICE", "Police"
        HEALTH = "HEALTH", "Health"
        EDUCATION = "EDUCATION", "Education"
        PROBATION = "PROBATION", "Probation"
        HOUSING = "HOUSING", "Housing"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="worker",
    )
    full_name = models.CharField(max_length=150)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.SOCIAL_WORKER)
    # For partner agency practitioners only: which agency they work for.
    partner_agency = models.CharField(
        max_length=10, blank=True, default="", db_default="", choices=PartnerAgency.choices
    )
    registration_number = models.CharField(max_length=20, blank=True)
    is_agency = models.BooleanField(default=False)
    fte = models.DecimalField(max_digits=3, decimal_places=2, default=1)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="workers"
    )
    line_manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(fte__gt=0, fte__lte=1), name="worker_fte_between_0_and_1"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="worker_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"


class Allocation(models.Model):
    """A worker and team allocated to a child for a period (SSDA903 SWEpisodes)."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="allocations")
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="allocations")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="allocations")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    # Why the previous worker was replaced by this one (SSDA903 SW_REASON); empty for the first.
    change_reason = models.CharField(
        max_length=6, blank=True, choices=codes.choices(codes.SocialWorkerChangeReason)
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="allocation_end_after_start",
            ),
            ExclusionConstraint(
                name="allocation_no_overlap_per_child",
                expressions=[
                    ("child", RangeOperators.EQUAL),
                    (date_range("start_date", "end_date"), RangeOperators.OVERLAPS),
                ],
                violation_error_message="This child already has a worker for part of that period.",
            ),
        ]
        indexes = [
            models.Index(
                fields=["worker"], condition=Q(end_date__isnull=True), name="allocation_current"
            ),
        ]

    def __str__(self) -> str:
        return f"Allocation {self.pk}: child {self.child_id} to worker {self.worker_id}"
