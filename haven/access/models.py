"""Access as data: roles an administrator can inspect, grants to named people, restrictions, and
the notifications that emergency access sends."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from haven.access.roles import Capability, Scope


class Role(models.Model):
    """What a role may do and how far it reaches. `code` matches `Worker.role`."""

    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=200, blank=True)
    scope = models.CharField(max_length=12, choices=Scope.choices)
    capabilities = ArrayField(
        models.CharField(max_length=20, choices=Capability.choices), default=list, blank=True
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AccessGrantQuerySet(models.QuerySet["AccessGrant"]):
    def active(self) -> AccessGrantQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True, starts_at__lte=now).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )


class AccessGrant(models.Model):
    """Named access to one child: an explicit grant (the only way into a restricted record)
    or an emergency ("break-glass") grant that expires within the hour (security R7, R8)."""

    class Kind(models.TextChoices):
        EXPLICIT = "EXPLICIT", "Granted by a manager"
        EMERGENCY = "EMERGENCY", "Emergency access"

    class ReasonCategory(models.TextChoices):
        EMERGENCY = "EMERGENCY", "A child may be at risk now"
        LEGAL_DUTY = "LEGAL_DUTY", "A legal duty or court order"
        CONSENT = "CONSENT", "The person has consented"
        PUBLIC_INTEREST = "PUBLIC_INTEREST", "Overriding public interest"
        WORK = "WORK", "Working with the child"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_grants"
    )
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reason_category = models.CharField(max_length=16, choices=ReasonCategory.choices)
    reason = models.TextField()
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = AccessGrantQuerySet.as_manager()

    class Meta:
        constraints = [
            # Emergency access lasts at most 60 minutes (security reference R8).
            models.CheckConstraint(
                condition=~Q(kind="EMERGENCY")
                | Q(
                    expires_at__isnull=False,
                    expires_at__lte=F("starts_at") + datetime.timedelta(minutes=60),
                ),
                name="emergency_grant_at_most_60_minutes",
                violation_error_message="Emergency access lasts at most 60 minutes.",
            ),
            models.CheckConstraint(
                condition=~Q(kind="EMERGENCY") | Q(user=F("granted_by")),
                name="emergency_grant_is_self_granted",
            ),
        ]
        indexes = [models.Index(fields=["user", "child"], name="access_grant_user_child")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}: user {self.user_id}, child {self.child_id}"


class Restriction(models.Model):
    """Why a record is restricted, who restricted it, and when it was lifted. The person's
    `is_restricted` flag is the current state; these rows are its history."""

    class Reason(models.TextChoices):
        ADOPTION = "ADOPTION", "Adoption: details that could put a placement at risk"
        STAFF_RELATED = "STAFF_RELATED", "A member of staff or their family"
        HIGH_PROFILE = "HIGH_PROFILE", "High profile or media interest"
        REVIEW = "REVIEW", "A safeguarding practice review is in progress"
        OTHER = "OTHER", "Another reason"

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=14, choices=Reason.choices)
    explanation = models.TextField()
    restricted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    restricted_at = models.DateTimeField(default=timezone.now)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(lifted_at__isnull=True),
                name="one_current_restriction_per_child",
            )
        ]

    def __str__(self) -> str:
        return f"Restriction {self.pk} on child {self.child_id}"


class AccessNotification(models.Model):
    """Tells a manager or the data protection officer that someone used emergency access.
    It names the user and links to the record; it carries no case content."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_notifications"
    )
    grant = models.ForeignKey(AccessGrant, on_delete=models.PROTECT, related_name="notifications")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "grant"], name="one_notification_per_recipient_and_grant"
            )
        ]

    def __str__(self) -> str:
        return f"Notification {self.pk} to user {self.recipient_id}"
