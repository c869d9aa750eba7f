"""The notification outbox: enqueue an email in the transaction that makes a change, send it
after that transaction commits, and retry until the mail server accepts it.

How it is used: a service that makes a change calls `notification_enqueue(...)` inside its own
`transaction.atomic` block (engineering style 4: notifications go through on_commit). The row is
part of that transaction, so a change that rolls back leaves no row and sends nothing.

When it is sent. Straight after the commit, `notification_enqueue` tries once to send that one
message, synchronously, in the same request: simple, and the referrer hears promptly. The try
is bounded by EMAIL_TIMEOUT (10 seconds by default) for each step of the SMTP conversation, and
every error is caught and logged, so a mail server that is down never fails the user's request;
it only delays the response by at most the timeout. Whatever that try could not send, the
`send_notifications` command (run as a long-lived worker, `--loop`) sends with
`notification_deliver_due`. HAVEN_NOTIFICATIONS_SEND_ON_COMMIT = False leaves all sending to the
worker.

Retries. Each attempt adds one to `attempts`. After a failure the row waits 1, 2, 4, ... minutes
(at most an hour) and is tried again; after MAX_ATTEMPTS (8, about two hours) it is FAILED,
logged as a warning, and shown in the admin, where an administrator can send it again.

What is guaranteed, honestly. SMTP cannot take part in Haven's database transaction, so no
design can promise "exactly once" across a crash; this one promises:

- never sent for a change that did not commit (the row is written in that transaction);
- never lost: a row stays PENDING or SENDING until the server accepts it (SENT) or it has
  failed MAX_ATTEMPTS times (FAILED, visible and retryable in the admin);
- never sent by two workers at once: a worker claims one row at a time with SELECT ... FOR
  UPDATE SKIP LOCKED and marks it SENDING with a lease (SENDING_LEASE, 10 minutes, far longer
  than one send can take with EMAIL_TIMEOUT), so no other worker picks it up meanwhile;
- never enqueued twice: one row per `dedupe_key`.

The one way a message can go twice: a worker stops (killed, crashed, or loses the database)
after the mail server has accepted the message but before SENT is committed. The row is still
SENDING; when its lease ends it is due again and is sent again. That second copy carries the
same Message-ID, so mail systems that de-duplicate and mail clients that thread by Message-ID
can recognise it as the same message. Delivery is therefore at least once, and in practice
once: a duplicate needs a crash in the moment between the server's "250" and the commit.
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from haven.core.errors import RuleBroken
from haven.core.models import AuditEvent
from haven.core.services import audit
from haven.notifications import mail
from haven.notifications.models import Message

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
FIRST_RETRY_DELAY = datetime.timedelta(minutes=1)
LONGEST_RETRY_DELAY = datetime.timedelta(hours=1)
SENDING_LEASE = datetime.timedelta(minutes=10)
ABANDONED_ERROR = (
    "The sender stopped during the last attempt, so whether the message was sent is not known."
)
MAX_ADDRESS_LENGTH = 254  # RFC 5321's limit on a forward path, as Django's EmailField
OPEN = (Message.Status.PENDING, Message.Status.SENDING)
LOG_EXTRA = {"object_type": "notifications.message"}


@dataclass(frozen=True)
class DeliveryReport:
    """What one delivery pass did. `server_unreachable` is set when the pass stopped early
    because no connection to the mail server could be opened."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    server_unreachable: bool = False

    @property
    def attempted(self) -> int:
        return self.sent + self.retrying + self.failed


@transaction.atomic
def notification_enqueue(
    *,
    to: str,
    subject: str,
    body: str,
    dedupe_key: str,
    about_type: str = "",
    about_id: str = "",
) -> Message:
    """Put an email in the outbox, in the caller's transaction, to be sent once that commits.

    Enqueueing the same `dedupe_key` again changes nothing and returns the first row, so
    a step that is repeated still sends one email (security reference R25)."""
    _check_message(
        to=to,
        subject=subject,
        body=body,
        dedupe_key=dedupe_key,
        about_type=about_type,
        about_id=about_id,
    )
    now = timezone.now()
    candidate = Message(
        to_address=to,
        subject=subject,
        body=body,
        dedupe_key=dedupe_key,
        about_type=about_type,
        about_id=about_id,
        message_id=mail.new_message_id(),
        status=Message.Status.PENDING,
        next_attempt_at=now,
        created_at=now,
    )
    # INSERT ... ON CONFLICT DO NOTHING: a concurrent enqueue of the same key waits for ours to
    # commit or roll back, then inserts nothing, so there is never a second row.
    Message.objects.bulk_create([candidate], ignore_conflicts=True)
    message = Message.objects.get(dedupe_key=dedupe_key)
    if message.message_id == candidate.message_id:
        _send_after_commit([message.pk])
    elif (message.to_address, message.subject, message.body) != (to, subject, body):
        logger.warning(
            "Notification %s was enqueued again with different content; the first is kept.",
            message.pk,
            extra={**LOG_EXTRA, "event": "notification_duplicate_differs"},
        )
    return message


def _check_message(
    *, to: str, subject: str, body: str, dedupe_key: str, about_type: str, about_id: str
) -> None:
    try:
        validate_email(to)
    except ValidationError:
        raise RuleBroken(
            "Enter an email address in the correct format, like name@example.com.", field="to"
        ) from None
    if len(to) > MAX_ADDRESS_LENGTH:
        raise RuleBroken("The email address must be 254 characters or fewer.", field="to")
    if not subject.strip() or len(subject) > 200 or "\r" in subject or "\n" in subject:
        # A line break in a header would start a new header (email header injection).
        raise RuleBroken("The subject must be one line of 1 to 200 characters.", field="subject")
    if not body.strip():
        raise RuleBroken("The message has no text.", field="body")
    if not dedupe_key.strip() or len(dedupe_key) > 200:
        raise RuleBroken(
            "The notification needs a key of 1 to 200 characters that names it.",
            field="dedupe_key",
        )
    if len(about_type) > 100 or len(about_id) > 64:
        raise RuleBroken(
            "The record's kind must be at most 100 characters and its id at most 64.",
            field="about_type",
        )
    if bool(about_type) != bool(about_id):
        raise RuleBroken(
            "Name both the kind of record the notification is about and its id, or neither.",
            field="about_type",
        )


def _send_after_commit(message_ids: Sequence[int]) -> None:
    if getattr(settings, "HAVEN_NOTIFICATIONS_SEND_ON_COMMIT", True):
        transaction.on_commit(partial(_send_now, list(message_ids)))


def _send_now(message_ids: list[int]) -> None:
    """The attempt straight after commit. It must never fail the request that committed, so
    every error is caught; the worker sends whatever this leaves."""
    try:
        _deliver(now=timezone.now(), limit=len(message_ids), only=message_ids)
    except Exception:
        logger.exception(
            "Sending notifications after commit failed; the outbox worker will retry.",
            extra={**LOG_EXTRA, "event": "notification_send_after_commit_error"},
        )


def notification_deliver_due(
    *, now: datetime.datetime | None = None, limit: int = 50
) -> DeliveryReport:
    """Send up to `limit` messages that are due, oldest due first. Safe to run in several
    workers at once: each message is claimed by exactly one of them. Never inside a
    transaction (the claims are durable: Django refuses them inside another atomic block),
    because a claim must be committed before the message is handed to the mail server."""
    now = now or timezone.now()
    abandoned = _fail_abandoned(now=now)
    report = _deliver(now=now, limit=limit, only=None)
    return DeliveryReport(
        sent=report.sent,
        retrying=report.retrying,
        failed=report.failed + abandoned,
        server_unreachable=report.server_unreachable,
    )


def _deliver(*, now: datetime.datetime, limit: int, only: list[int] | None) -> DeliveryReport:
    counts: Counter[str] = Counter()
    connection: BaseEmailBackend | None = None
    unreachable = False
    try:
        for _ in range(limit):
            message = _claim_next(now=now, only=only)
            if message is None:
                break
            if connection is None:
                try:
                    connection = mail.open_connection()
                except Exception as error:
                    counts[_record_failure(message, error, now=now)] += 1
                    # The other due messages would only wait for the same failure.
                    unreachable = True
                    break
            try:
                mail.send(connection, message)
            except Exception as error:
                counts[_record_failure(message, error, now=now)] += 1
                # The conversation may be broken: start a fresh one for the next message.
                mail.close_quietly(connection)
                connection = None
                continue
            counts[_record_sent(message, now=now)] += 1
    finally:
        if connection is not None:
            mail.close_quietly(connection)
    return DeliveryReport(
        sent=counts["sent"],
        retrying=counts["retrying"],
        failed=counts["failed"],
        server_unreachable=unreachable,
    )


def _claim_next(*, now: datetime.datetime, only: list[int] | None) -> Message | None:
    """Claim the next due message for this worker: lock it, skipping rows another worker has
    locked, and mark it SENDING until its lease ends. Committed before the send starts, so the
    lock is held for milliseconds, not for the SMTP conversation."""
    with transaction.atomic(durable=True):
        due = Message.objects.select_for_update(skip_locked=True).filter(
            status__in=OPEN, next_attempt_at__lte=now, attempts__lt=MAX_ATTEMPTS
        )
        if only is not None:
            due = due.filter(pk__in=only)
        message = due.order_by("next_attempt_at", "pk").first()
        if message is None:
            return None
        message.status = Message.Status.SENDING
        message.attempts += 1
        message.next_attempt_at = now + SENDING_LEASE
        message.save(update_fields=["status", "attempts", "next_attempt_at"])
        return message


def _record_sent(message: Message, *, now: datetime.datetime) -> str:
    updated = _finish(message, status=Message.Status.SENT, sent_at=now, next_attempt_at=None)
    if not updated:
        _log_lease_lost(message)
    return "sent"


def _record_failure(message: Message, error: BaseException, *, now: datetime.datetime) -> str:
    description = mail.describe_error(error)
    if message.attempts >= MAX_ATTEMPTS:
        _finish(message, status=Message.Status.FAILED, next_attempt_at=None, last_error=description)
        logger.warning(
            "Notification %s failed %s times and will not be tried again.",
            message.pk,
            message.attempts,
            extra={**LOG_EXTRA, "event": "notification_failed", "count": message.attempts},
        )
        return "failed"
    _finish(
        message,
        status=Message.Status.PENDING,
        next_attempt_at=now + retry_delay(message.attempts),
        last_error=description,
    )
    logger.info(
        "Notification %s could not be sent (attempt %s); it will be retried.",
        message.pk,
        message.attempts,
        extra={**LOG_EXTRA, "event": "notification_retrying", "count": message.attempts},
    )
    return "retrying"


def _finish(message: Message, **fields: Any) -> bool:
    """Record the outcome of this worker's attempt, unless the row is no longer this worker's
    (its lease ended and another worker claimed it: that worker's outcome stands)."""
    updated = Message.objects.filter(
        pk=message.pk, status=Message.Status.SENDING, attempts=message.attempts
    ).update(**fields)
    return updated == 1


def _log_lease_lost(message: Message) -> None:
    logger.warning(
        "Notification %s was sent after its lease ended; it may have been sent twice.",
        message.pk,
        extra={**LOG_EXTRA, "event": "notification_lease_lost"},
    )


def _fail_abandoned(*, now: datetime.datetime) -> int:
    """A SENDING row whose last allowed attempt's lease has ended: the sender stopped mid-send.
    It is not tried again automatically, as the message may have gone; it is FAILED, for an
    administrator to check and send again from the admin."""
    with transaction.atomic(durable=True):
        abandoned = list(
            Message.objects.select_for_update(skip_locked=True)
            .filter(
                status=Message.Status.SENDING,
                next_attempt_at__lte=now,
                attempts__gte=MAX_ATTEMPTS,
            )
            .values_list("pk", flat=True)
        )
        Message.objects.filter(pk__in=abandoned).update(
            status=Message.Status.FAILED, next_attempt_at=None, last_error=ABANDONED_ERROR
        )
    for pk in abandoned:
        logger.warning(
            "Notification %s failed: its sender stopped during the last attempt.",
            pk,
            extra={**LOG_EXTRA, "event": "notification_failed"},
        )
    return len(abandoned)


def retry_delay(attempts: int) -> datetime.timedelta:
    """The wait after the `attempts`-th failed attempt: 1, 2, 4, ... minutes, at most an hour."""
    doublings: int = 2 ** max(attempts - 1, 0)
    return min(FIRST_RETRY_DELAY * doublings, LONGEST_RETRY_DELAY)


@transaction.atomic
def notification_retry(*, acting_user: Any, message: Message) -> Message:
    """Send a FAILED message again (an administrator's decision, audited): it starts again
    with no attempts, and is tried straight after commit and then by the worker."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.status != Message.Status.FAILED:
        raise RuleBroken("Only a notification that failed can be sent again.", field="status")
    message.status = Message.Status.PENDING
    message.attempts = 0
    message.next_attempt_at = timezone.now()
    message.save(update_fields=["status", "attempts", "next_attempt_at"])
    audit(
        actor=acting_user,
        action=AuditEvent.Action.UPDATE,
        obj=message,
        detail="Notification queued to be sent again",
    )
    _send_after_commit([message.pk])
    return message
