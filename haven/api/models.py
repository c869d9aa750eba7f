"""Partner systems' credentials and the results of their idempotent requests (issue 4).

A partner organisation's system (a police force's case system, a hospital's safeguarding
module) sends contacts to the hub through the API with a key of its own. The key is shown once
when it is made; Haven keeps only its id and a SHA-256 hash of its secret (security reference
R25 for idempotency; ASVS 5 11.4.2 for keeping no secret in the clear).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from haven.workforce.models import Worker


class ApiClient(models.Model):
    """One partner system: the organisation, its agency in the hub, what its key may do."""

    class Scope(models.TextChoices):
        CONTACTS_CREATE = "contacts:create", "Send contacts to the hub"
        CONTACTS_READ = "contacts:read", "Read what happened to the contacts it sent"

    organisation = models.CharField(max_length=150)
    # The agency decides which fields of a contact the client may read back (haven/api/fields.py).
    agency = models.CharField(max_length=10, choices=Worker.PartnerAgency.choices)
    scopes = ArrayField(models.CharField(max_length=30, choices=Scope.choices))
    # The public part of the key (in the clear, to find the row) and SHA-256 of the secret part.
    key_id = models.CharField(max_length=16, unique=True)
    key_hash = models.CharField(max_length=64)
    is_active = models.BooleanField(default=True)
    # The audit trail records a user for every event: each client acts as its own service
    # account, which cannot sign in (inactive, no password) and has no role.
    service_user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_client"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "partner API client"
        constraints = [
            models.CheckConstraint(
                condition=Q(scopes__contained_by=["contacts:create", "contacts:read"]),
                name="api_client_known_scopes",
                violation_error_message="Choose scopes from contacts:create and contacts:read.",
            ),
            models.CheckConstraint(
                condition=Q(is_active=True, revoked_at__isnull=True)
                | Q(is_active=False, revoked_at__isnull=False),
                name="api_client_revoked_when_inactive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.key_id})"

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


class IdempotencyRecord(models.Model):
    """The result of a create request sent with an ``Idempotency-Key`` (IETF draft
    draft-ietf-httpapi-idempotency-key-header-07; security reference R25): a retry with the same
    key and body gets this response again; the same key with another body is refused.

    The unique constraint is what makes concurrent duplicates safe: the second insert waits for
    the first transaction and then finds its row. Keys expire after ``KEY_LIFETIME`` (24 hours);
    an expired key may be used again for a new request.
    """

    client = models.ForeignKey(ApiClient, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=255)
    # SHA-256 of the request body as canonical JSON (sorted keys, no spaces).
    fingerprint = models.CharField(max_length=64)
    # Empty only while the first request with the key is being handled, inside its transaction.
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "key"], name="idempotency_key_once_per_client"
            )
        ]

    def __str__(self) -> str:
        return f"Idempotency key {self.pk} of client {self.client_id}"
