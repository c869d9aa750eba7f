"""Stored checks of the census return: each run of the census rules over the authority, and the
failures it found, so the data-quality page shows the latest run without re-checking every
child on each visit (a large authority takes seconds)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class ValidationRun(models.Model):
    """One check of every child in scope of a census year against that year's rules."""

    year = models.CharField("census year", max_length=7)  # "2025-26"
    # The date the timescale queries were measured to: the reference date, or the day of the
    # check while the year was still running (haven.census.rules.RuleContext).
    as_of_date = models.DateField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    children_checked = models.PositiveIntegerField()
    children_failing = models.PositiveIntegerField()
    error_count = models.PositiveIntegerField()
    query_count = models.PositiveIntegerField()
    # Who asked for it on the data-quality page; empty for the management command.
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(finished_at__gte=F("started_at")),
                name="census_run_finishes_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(children_failing__lte=F("children_checked")),
                name="census_run_failing_among_checked",
            ),
        ]
        indexes = [models.Index(fields=["year", "-finished_at"], name="census_run_latest")]

    def __str__(self) -> str:
        return f"CIN census {self.year} check {self.pk} at {self.finished_at:%Y-%m-%d %H:%M}"


class ValidationFailure(models.Model):
    """One failed rule in a run: for one child (person set), or for the whole return."""

    class Kind(models.TextChoices):
        ERROR = "error", "Error"
        QUERY = "query", "Query"

    run = models.ForeignKey(ValidationRun, on_delete=models.PROTECT, related_name="failures")
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # As it was in the return when checked (the record may change or be merged later).
    la_child_id = models.CharField("LA child ID", max_length=20, blank=True)
    # A plain id: the failure is about the episode as it was; it must not block the episode.
    episode_id = models.BigIntegerField(null=True, blank=True)
    code = models.CharField(max_length=8)
    kind = models.CharField(max_length=5, choices=Kind.choices)
    message = models.TextField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="query", code__endswith="Q") | Q(kind="error", code__regex=r"\d$"),
                name="census_failure_kind_matches_code",
            ),
        ]
        indexes = [
            models.Index(fields=["run", "code"], name="census_failure_by_code"),
            models.Index(fields=["run", "person"], name="census_failure_by_child"),
        ]

    def __str__(self) -> str:
        return f"Census check {self.run_id} failure {self.pk}: {self.code}"
