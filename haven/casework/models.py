"""Statutory visits and case notes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Visit(models.Model):
    """A statutory visit (SSD ssd_cp_visits / ssd_cin_visits; Annex A list 7)."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="visits")
    episode = models.ForeignKey(
        "referrals.EpisodeOfNeed", on_delete=models.PROTECT, related_name="visits"
    )
    visit_date = models.DateField()
    child_seen = models.BooleanField()
    seen_alone = models.BooleanField()
    bedroom_seen = models.BooleanField()
    childs_words = models.TextField("the child's own words", blank=True)
    observations = models.TextField(blank=True)
    visited_by = models.ForeignKey(
        "workforce.Worker", null=True, on_delete=models.PROTECT, related_name="visits"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(seen_alone=False) | Q(child_seen=True),
                name="visit_seen_alone_needs_seen",
                violation_error_message="A child cannot be seen alone without being seen.",
            ),
        ]
        indexes = [models.Index(fields=["child", "-visit_date"], name="visit_child_latest")]

    def __str__(self) -> str:
        return f"Visit {self.pk} on {self.visit_date}"


class CaseNote(models.Model):
    """An append-only case note. A correction is a new row that `amends` the one it replaces;
    PostgreSQL refuses UPDATE and DELETE on this table (see the migration's trigger)."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="notes")
    episode = models.ForeignKey(
        "referrals.EpisodeOfNeed", null=True, on_delete=models.PROTECT, related_name="notes"
    )
    title = models.CharField(max_length=150)
    body = models.TextField()
    amends = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="amended_by"
    )
    amendment_reason = models.CharField(max_length=200, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(amends__isnull=True) | ~Q(amendment_reason=""),
                name="case_note_amendment_has_reason",
                violation_error_message="Say why the note is being corrected.",
            ),
        ]
        indexes = [models.Index(fields=["child", "-created_at"], name="case_note_child_latest")]

    def __str__(self) -> str:
        return f"Note {self.pk} ({self.created_at:%Y-%m-%d})"
