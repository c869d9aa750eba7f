"""The episode of need: one per referral, as the DfE CIN census defines it (CINdetails)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.db import models
from django.db.models import F, Q

from haven.statutory import codes
from haven.workforce.models import date_range


class EpisodeOfNeed(models.Model):
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="episodes")
    referral_date = models.DateField()
    referral_source = models.CharField(max_length=2, choices=codes.choices(codes.ReferralSource))
    primary_need = models.CharField(
        max_length=2, blank=True, choices=codes.choices(codes.PrimaryNeed)
    )
    referral_nfa = models.BooleanField("no further action on the referral", default=False)
    referral_summary = models.TextField(blank=True)
    closure_date = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(
        max_length=3, blank=True, choices=codes.choices(codes.ReasonForClosure)
    )
    # What the worker was told when the referral was recorded (45 WD, Working Together 2023).
    assessment_due_date = models.DateField()
    # The team whose queue a referral from the hub waits in until a worker is allocated.
    referred_to_team = models.ForeignKey(
        "workforce.Team",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals_waiting",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "episodes of need"
        constraints = [
            models.CheckConstraint(
                condition=Q(closure_date__isnull=True, closure_reason="")
                | (Q(closure_date__isnull=False) & ~Q(closure_reason="")),
                name="episode_closure_date_and_reason_together",
                violation_error_message=(
                    "A closure date and a reason for closure go together (census rules 8805/8810)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(closure_date__isnull=True) | Q(closure_date__gte=F("referral_date")),
                name="episode_closed_after_referral",
                violation_error_message="The episode cannot close before its referral date.",
            ),
            models.CheckConstraint(
                condition=Q(referral_nfa=True) | ~Q(primary_need=""),
                name="episode_primary_need_unless_nfa",
                violation_error_message=(
                    "A referral that leads to further action needs a primary need (census 8610)."
                ),
            ),
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(closure_date__isnull=True),
                name="episode_one_open_per_child",
                violation_error_message="This child already has an open episode (census 8815).",
            ),
            ExclusionConstraint(
                name="episode_no_overlap_per_child",
                expressions=[
                    ("child", RangeOperators.EQUAL),
                    (date_range("referral_date", "closure_date", "[]"), RangeOperators.OVERLAPS),
                ],
                violation_error_message=(
                    "This referral overlaps another episode for the child (census 8816/8820)."
                ),
            ),
        ]
        indexes = [models.Index(fields=["referral_date"], name="episode_referral_date")]

    def __str__(self) -> str:
        return f"Episode {self.pk} for child {self.child_id} from {self.referral_date}"

    @property
    def is_open(self) -> bool:
        return self.closure_date is None
