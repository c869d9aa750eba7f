"""Shared plumbing: the audit trail and the authority's own settings (closure days, local
timescales) that an administrator changes without code."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Func
from django.utils import timezone

from haven.statutory import timescales


class AuditEvent(models.Model):
    """One row per view or change of child-linked data: who, which child, what, when."""

    class Action(models.TextChoices):
        VIEW = "VIEW", "Viewed"
        CREATE = "CREATE", "Created"
        UPDATE = "UPDATE", "Changed"
        SEARCH = "SEARCH", "Searched"
        DENY = "DENY", "Refused"
        EXPORT = "EXPORT", "Exported"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="audit_events"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    # A plain id, not a foreign key: the audit trail must outlive and never block the record.
    child_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40, blank=True)
    detail = models.CharField(max_length=200, blank=True)
    # Why the access was allowed (the relationship or grant the policy found) or refused.
    reason = models.CharField(max_length=60, blank=True)
    # The request that caused the row (security reference R1), empty for commands.
    request_id = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # The hash chain (security reference R11): `manage.py audit_seal` gives each row its place
    # and sha256(previous row_hash + this row); `manage.py audit_verify` checks the chain.
    sealed_position = models.BigIntegerField(null=True, blank=True, unique=True)
    # The PostgreSQL transaction that wrote the row: joins a HistoryRow to the person who made
    # the change (a service writes its audit row in the same transaction as its changes).
    txid = models.BigIntegerField(db_default=Func(function="txid_current"), db_index=True)
    row_hash = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} {self.action} {self.object_type}"


class ClosureDay(models.Model):
    """A day the authority treats as non-working on top of bank holidays (reference 1.5)."""

    date = models.DateField(unique=True)
    reason = models.CharField(max_length=100)

    def __str__(self) -> str:
        return f"{self.date:%d %B %Y} ({self.reason})"


LOCAL_TIMESCALE_CHOICES = [(t.code, t.label) for t in timescales.DEFAULT_LOCAL_TIMESCALES]


class LocalTimescale(models.Model):
    """The authority's own value for a local timescale (visit frequency and the like).

    Only local timescales can be changed here; the Working Together ones are national law.
    """

    code = models.CharField(max_length=40, unique=True, choices=LOCAL_TIMESCALE_CHOICES)
    working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    months = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    working_days__isnull=False, weeks__isnull=True, months__isnull=True
                )
                | models.Q(working_days__isnull=True, weeks__isnull=False, months__isnull=True)
                | models.Q(working_days__isnull=True, weeks__isnull=True, months__isnull=False),
                name="local_timescale_exactly_one_unit",
                violation_error_message="Give the timescale in exactly one unit.",
            ),
        ]

    def __str__(self) -> str:
        return self.get_code_display()


class SignInAttempt(models.Model):
    """One try at signing in with a username and a password (security reference R35).

    Failures are counted from these rows to lock a username or throttle an address that is
    guessing passwords (haven.core.signin). The username is kept as typed, lower-cased, even
    when no account has it: locking must not depend on whether the account exists, or the
    lock itself would tell an attacker which usernames are real.
    """

    class Step(models.TextChoices):
        PASSWORD = "PASSWORD", "Password"
        CODE = "CODE", "Authenticator code"

    username = models.CharField(max_length=150)
    ip = models.GenericIPAddressField("IP address", null=True, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    succeeded = models.BooleanField()
    # Refused without checking the password because the username was locked or the address
    # throttled. Such tries do not count as failures, so a lock ends on time even if the
    # account's owner keeps trying.
    refused = models.BooleanField(default=False)
    # Which step of signing in this was: the password, or the code from an authenticator app
    # (security reference R15). Wrong codes count towards the same lock as wrong passwords.
    step = models.CharField(max_length=10, choices=Step.choices, default=Step.PASSWORD)

    class Meta:
        indexes = [
            # The two lookups on every sign-in: recent failures for a username, and from an
            # address. Partial, so successful sign-ins do not make them bigger.
            models.Index(
                fields=["username", "at"],
                name="signin_failures_by_username",
                condition=models.Q(succeeded=False, refused=False),
            ),
            models.Index(
                fields=["ip", "at"],
                name="signin_failures_by_ip",
                condition=models.Q(succeeded=False, refused=False),
            ),
        ]

    def __str__(self) -> str:
        outcome = "succeeded" if self.succeeded else "refused" if self.refused else "failed"
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {outcome}"


class HistoryRow(models.Model):
    """One change to a child-linked table, written by a PostgreSQL trigger whatever made the
    change (a service, a bulk update, raw SQL): the row before and after, the database role, the
    transaction and the time (security reference R28). Append-only, like the audit trail."""

    class Operation(models.TextChoices):
        INSERT = "INSERT", "Created"
        UPDATE = "UPDATE", "Changed"
        DELETE = "DELETE", "Deleted"

    table_name = models.CharField(max_length=63)
    row_id = models.CharField(max_length=40)
    operation = models.CharField(max_length=6, choices=Operation.choices)
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)
    db_user = models.CharField(max_length=63)
    txid = models.BigIntegerField(db_index=True)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["table_name", "row_id"], name="history_row_lookup")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.operation} {self.table_name} {self.row_id}"


class TOTPDevice(models.Model):
    """A person's authenticator app: the shared secret for time-based one-time codes (RFC 6238)
    that is the second factor of signing in (security reference R15, haven.core.mfa).

    A device is unconfirmed until its owner has typed one code from it, so a secret that was
    shown but never scanned cannot be used to sign in. The time step of the last code accepted
    is kept so the same code cannot be used twice.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device"
    )
    # Base32, as authenticator apps expect it.
    secret = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The 30-second time step of the last code accepted; a code for this step or an earlier
    # one is refused.
    last_used_counter = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = "authenticator app"

    def __str__(self) -> str:
        state = "confirmed" if self.confirmed_at else "not confirmed"
        return f"Authenticator app for {self.user_id} ({state})"
