"""The notification outbox: one row for each email Haven must send (haven/notifications/services.py
explains how rows are written, sent and retried)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class Message(models.Model):
    """One email to send, written in the same transaction as the change it tells someone about,
    so it exists exactly when that change was committed.

    `about_type` and `about_id` name the record it is about ("frontdoor.contact", "42") without
    a foreign key, so the outbox never blocks or is blocked by that record. `dedupe_key` names
    the logical notification ("frontdoor.contact:42:outcome"): the same key enqueued twice is
    one row, sent once. `message_id` is the RFC 5322 Message-ID, fixed when the row is written,
    so a second attempt carries the same one.

    `next_attempt_at` is when the next attempt may start: for a PENDING row, after the retry
    wait; for a SENDING row, when the sender's lease ends (if the sender stopped mid-send, the
    row is due again then). SENT and FAILED rows have none.
    """

    class Status(models.TextChoices):
        PENDING = "PENDING", "Waiting to be sent"
        SENDING = "SENDING", "Being sent"
        SENT = "SENT", "Sent"
        FAILED = "FAILED", "Failed (will not be tried again)"

    to_address = models.EmailField("to")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    about_type = models.CharField(max_length=100, blank=True)
    about_id = models.CharField(max_length=64, blank=True)
    dedupe_key = models.CharField(max_length=200, unique=True)
    message_id = models.CharField("Message-ID", max_length=255, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # The mail server's reply or the connection error of the latest failed attempt, never the
    # message's content (haven.notifications.mail.describe_error).
    last_error = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        permissions = [("retry_message", "Can send a failed notification again")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["PENDING", "SENDING", "SENT", "FAILED"]),
                name="notification_status_known",
                violation_error_message="A notification is waiting, being sent, sent or failed.",
            ),
            models.CheckConstraint(
                condition=Q(status="SENT", sent_at__isnull=False)
                | (~Q(status="SENT") & Q(sent_at__isnull=True)),
                name="notification_sent_when_sent",
                violation_error_message="A notification has a sent time exactly when it is sent.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["PENDING", "SENDING"], next_attempt_at__isnull=False)
                | Q(status__in=["SENT", "FAILED"], next_attempt_at__isnull=True),
                name="notification_next_attempt_while_open",
                violation_error_message=(
                    "A notification that is waiting or being sent has a next attempt time, "
                    "and one that is sent or failed has none."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["SENDING", "FAILED"]) | Q(attempts__gte=1),
                name="notification_attempted_when_sending_or_failed",
                violation_error_message=(
                    "A notification being sent, or failed, has been attempted at least once."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="FAILED") | ~Q(last_error=""),
                name="notification_failure_has_reason",
                violation_error_message="A failed notification says why it failed.",
            ),
            models.CheckConstraint(
                condition=Q(about_type="", about_id="") | (~Q(about_type="") & ~Q(about_id="")),
                name="notification_about_type_and_id_together",
                violation_error_message="Name both the kind of record and its id, or neither.",
            ),
            models.CheckConstraint(
                condition=~Q(dedupe_key=""),
                name="notification_dedupe_key_given",
                violation_error_message="A notification needs a key that names it.",
            ),
        ]
        indexes = [
            # The delivery queue: rows due for an attempt, soonest first. Partial, so sent
            # messages do not make it bigger.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=["PENDING", "SENDING"]),
                name="notification_due_queue",
            ),
            models.Index(fields=["about_type", "about_id"], name="notification_about"),
        ]

    def __str__(self) -> str:
        # No address or subject: this appears in the admin's messages and history.
        return f"Notification {self.pk} ({self.get_status_display()})"
