"""The outbox through a real SMTP server (aiosmtpd on 127.0.0.1): sent once after commit, never
for a rolled-back change, retried after failures with growing waits, failed for good after
MAX_ATTEMPTS, and never sent twice by two workers.

transaction=True throughout: on_commit callbacks and row locks need real commits, as in use."""

from __future__ import annotations

import datetime
import logging
import socket
import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from haven.core.models import AuditEvent
from haven.core.tests.factories import UserFactory
from haven.notifications import services
from haven.notifications.models import Message
from haven.notifications.services import notification_deliver_due, notification_enqueue
from haven.notifications.tests.conftest import ACCEPT, FROM_EMAIL, TRY_AGAIN

pytestmark = pytest.mark.django_db(transaction=True)

MINUTE = datetime.timedelta(minutes=1)
REFERRER = "referrer@school.example"
SUBJECT = "Your concern about a child: what happens next"
BODY = "Thank you for telling us.\n\nA social worker will now visit the family. — Haven £"


def enqueue(key: str = "frontdoor.contact:7:outcome", **fields: str) -> Message:
    """Enqueue in its own committed transaction, as a service called from a view would."""
    values = {"to": REFERRER, "subject": SUBJECT, "body": BODY, "dedupe_key": key}
    values.update(fields)
    with transaction.atomic():
        return notification_enqueue(about_type="frontdoor.contact", about_id="7", **values)


def message_now(message: Message) -> Message:
    return Message.objects.get(pk=message.pk)


def _admin_user():
    return UserFactory(is_staff=True, is_superuser=True)


def test_a_committed_enqueue_sends_one_email_after_commit(smtp_server):
    with transaction.atomic():
        message = notification_enqueue(
            to=REFERRER,
            subject=SUBJECT,
            body=BODY,
            dedupe_key="frontdoor.contact:7:outcome",
            about_type="frontdoor.contact",
            about_id="7",
        )
        # Nothing leaves before the change is committed.
        assert smtp_server.received == []

    assert len(smtp_server.received) == 1
    email = smtp_server.received[0]
    assert email["Subject"] == SUBJECT
    assert email["To"] == REFERRER
    assert email["From"] == FROM_EMAIL
    assert email["Message-ID"] == message.message_id
    assert email["Auto-Submitted"] == "auto-generated"
    assert email.get_content().replace("\r\n", "\n").rstrip("\n") == BODY  # CRLF on the wire
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert message.attempts == 1
    assert message.sent_at is not None
    assert message.next_attempt_at is None
    # The worker finds nothing more to send.
    assert notification_deliver_due(now=timezone.now() + MINUTE * 60).attempted == 0
    assert len(smtp_server.received) == 1


def test_the_message_id_is_a_stable_rfc_5322_id_fixed_at_enqueue(smtp_server):
    smtp_server.stop()
    message = enqueue()
    first_id = message.message_id
    assert first_id.startswith("<")
    assert first_id.endswith("@haven.test>")

    smtp_server.start()
    notification_deliver_due(now=timezone.now() + MINUTE * 2)

    message.refresh_from_db()
    assert message.message_id == first_id
    assert smtp_server.handler.message_ids() == [first_id]


def test_a_rolled_back_change_sends_nothing_and_leaves_no_row(smtp_server):
    def change_that_fails() -> None:
        with transaction.atomic():
            notification_enqueue(to=REFERRER, subject=SUBJECT, body=BODY, dedupe_key="rolled-back")
            raise RuntimeError("the change that enqueued it failed")

    with pytest.raises(RuntimeError):
        change_that_fails()

    assert not Message.objects.exists()
    assert notification_deliver_due(now=timezone.now() + MINUTE * 60).attempted == 0
    assert smtp_server.received == []


def test_the_same_dedupe_key_enqueued_twice_is_one_row_and_one_email(smtp_server):
    first = enqueue(key="frontdoor.contact:7:outcome")
    again = enqueue(key="frontdoor.contact:7:outcome", subject="A different subject")
    with transaction.atomic():
        notification_enqueue(
            to=REFERRER, subject=SUBJECT, body=BODY, dedupe_key="frontdoor.contact:8:outcome"
        )
        notification_enqueue(
            to=REFERRER, subject=SUBJECT, body=BODY, dedupe_key="frontdoor.contact:8:outcome"
        )
    notification_deliver_due(now=timezone.now() + MINUTE * 60)

    assert again.pk == first.pk
    assert again.subject == SUBJECT  # the first stands
    assert Message.objects.count() == 2
    assert sorted(smtp_server.handler.message_ids()) == sorted(
        Message.objects.values_list("message_id", flat=True)
    )


def test_while_the_server_is_down_the_message_waits_then_goes_once_when_it_is_back(
    smtp_server,
):
    smtp_server.stop()
    before = timezone.now()

    message = enqueue()  # the change commits although the mail server is down

    message.refresh_from_db()
    assert message.status == Message.Status.PENDING
    assert message.attempts == 1
    assert message.next_attempt_at >= before + MINUTE
    assert message.last_error.startswith("ConnectionRefusedError")

    smtp_server.start()
    # Not due yet: the retry waits its minute.
    assert notification_deliver_due(now=before + MINUTE / 2).attempted == 0
    assert smtp_server.received == []

    report = notification_deliver_due(now=message.next_attempt_at)
    assert report.sent == 1
    assert smtp_server.handler.message_ids() == [message.message_id]
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.SENT, 2)

    assert notification_deliver_due(now=before + MINUTE * 600).attempted == 0
    assert len(smtp_server.received) == 1


def test_a_temporary_refusal_is_retried_after_1_2_4_then_8_minutes(smtp_server):
    smtp_server.handler.reply = TRY_AGAIN
    before = timezone.now()
    message = enqueue()
    after = timezone.now()
    assert before + MINUTE <= message_now(message).next_attempt_at <= after + MINUTE
    waits = []
    for _ in range(3):
        message.refresh_from_db()
        assert message.status == Message.Status.PENDING
        assert message.last_error == "SMTPDataError: 451 4.3.0 Try again later"
        attempted_at = message.next_attempt_at
        report = notification_deliver_due(now=attempted_at)
        assert report.retrying == 1
        message.refresh_from_db()
        waits.append(message.next_attempt_at - attempted_at)

    assert waits == [MINUTE * 2, MINUTE * 4, MINUTE * 8]
    assert message.attempts == 4
    smtp_server.handler.reply = ACCEPT
    assert notification_deliver_due(now=message.next_attempt_at).sent == 1
    assert smtp_server.handler.data_commands == 5
    assert smtp_server.handler.message_ids() == [message.message_id]


def test_after_max_attempts_the_message_fails_for_good_and_says_so_without_personal_data(
    smtp_server, caplog
):
    caplog.set_level(logging.INFO, logger="haven.notifications")
    smtp_server.handler.reply = TRY_AGAIN
    message = enqueue()
    now = timezone.now()
    for _ in range(services.MAX_ATTEMPTS + 2):
        now += datetime.timedelta(days=1)
        notification_deliver_due(now=now)

    message.refresh_from_db()
    assert message.status == Message.Status.FAILED
    assert message.attempts == services.MAX_ATTEMPTS
    assert message.next_attempt_at is None
    assert message.last_error == "SMTPDataError: 451 4.3.0 Try again later"
    assert smtp_server.handler.data_commands == services.MAX_ATTEMPTS
    assert smtp_server.received == []
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert [r.getMessage() for r in warnings] == [
        f"Notification {message.pk} failed {services.MAX_ATTEMPTS} times and will not be tried "
        "again."
    ]
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert REFERRER not in logged
    assert SUBJECT not in logged
    assert "social worker" not in logged


def test_an_administrator_can_send_a_failed_message_again(smtp_server):
    smtp_server.handler.reply = TRY_AGAIN
    message = enqueue()
    now = timezone.now()
    while Message.objects.get(pk=message.pk).status != Message.Status.FAILED:
        now += datetime.timedelta(days=1)
        notification_deliver_due(now=now)
    admin_user = _admin_user()
    smtp_server.handler.reply = ACCEPT

    services.notification_retry(acting_user=admin_user, message=message)

    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.SENT, 1)
    assert smtp_server.handler.message_ids() == [message.message_id]
    assert AuditEvent.objects.filter(
        actor=admin_user, action="UPDATE", object_type="notifications.message"
    ).exists()


def test_a_refused_recipient_is_recorded_without_the_address(smtp_server):
    smtp_server.handler.rcpt_reply = "550 5.1.1 Mailbox unavailable"
    message = enqueue()

    message.refresh_from_db()
    assert message.last_error == "SMTPRecipientsRefused: 550 5.1.1 Mailbox unavailable"
    assert REFERRER not in message.last_error
    assert message.status == Message.Status.PENDING


def test_a_mail_server_that_never_answers_delays_the_change_by_the_timeout_only(
    smtp_server, settings
):
    settings.EMAIL_TIMEOUT = 0.5
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        settings.EMAIL_PORT = silent.getsockname()[1]
        started = time.monotonic()
        message = enqueue()
        elapsed = time.monotonic() - started

    assert elapsed < 3
    message.refresh_from_db()
    assert message.status == Message.Status.PENDING
    assert message.attempts == 1
    assert "timed out" in message.last_error


def test_a_sender_that_stopped_mid_send_is_retried_after_its_lease_with_the_same_id(
    smtp_server, settings
):
    settings.HAVEN_NOTIFICATIONS_SEND_ON_COMMIT = False
    message = enqueue()
    now = timezone.now()
    # A worker claims the message and dies before recording anything.
    claimed = services._claim_next(now=now, only=None)
    assert claimed is not None
    assert claimed.status == Message.Status.SENDING

    assert notification_deliver_due(now=now + MINUTE * 5).attempted == 0
    report = notification_deliver_due(now=now + services.SENDING_LEASE + MINUTE)

    assert report.sent == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.SENT, 2)
    assert smtp_server.handler.message_ids() == [message.message_id]


def test_a_sender_that_stopped_during_the_last_attempt_leaves_the_message_failed(
    smtp_server, settings
):
    settings.HAVEN_NOTIFICATIONS_SEND_ON_COMMIT = False
    message = enqueue()
    Message.objects.filter(pk=message.pk).update(attempts=services.MAX_ATTEMPTS - 1)
    now = timezone.now()
    services._claim_next(now=now, only=None)

    report = notification_deliver_due(now=now + services.SENDING_LEASE + MINUTE)

    assert report.failed == 1
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED
    assert message.last_error == services.ABANDONED_ERROR
    assert smtp_server.received == []


def test_two_workers_at_once_send_each_message_exactly_once(smtp_server, settings, monkeypatch):
    settings.HAVEN_NOTIFICATIONS_SEND_ON_COMMIT = False
    messages = [enqueue(key=f"concurrent:{n}") for n in range(12)]
    smtp_server.handler.delay = 0.02  # each send takes a while, so the workers overlap
    # A slow database: a worker that read a row and has not yet marked it SENDING leaves the
    # other plenty of time to pick the same row, unless the row is locked.
    save = Message.save

    def slow_save(self: Message, *args: object, **kwargs: object) -> None:
        time.sleep(0.03)
        save(self, *args, **kwargs)

    monkeypatch.setattr(Message, "save", slow_save)
    start = threading.Barrier(2)
    reports: list[services.DeliveryReport] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            start.wait(timeout=5)
            reports.append(notification_deliver_due(limit=50))
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    sent_ids = smtp_server.handler.message_ids()
    assert sorted(sent_ids) == sorted(m.message_id for m in messages)
    assert len(set(sent_ids)) == len(sent_ids) == 12
    assert sorted(r.sent for r in reports) != [0, 12]  # both workers really took part
    assert sum(r.sent for r in reports) == 12
    assert set(Message.objects.values_list("status", "attempts")) == {(Message.Status.SENT, 1)}


def test_a_message_locked_by_another_worker_is_skipped_not_waited_for(smtp_server, settings):
    settings.HAVEN_NOTIFICATIONS_SEND_ON_COMMIT = False
    locked = enqueue(key="locked")
    free = enqueue(key="free")
    holding = threading.Event()
    release = threading.Event()

    def other_worker() -> None:
        try:
            with transaction.atomic():
                Message.objects.select_for_update().get(pk=locked.pk)
                holding.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert holding.wait(timeout=10)
        started = time.monotonic()
        report = notification_deliver_due()
        assert time.monotonic() - started < 2
    finally:
        release.set()
        thread.join(timeout=10)

    assert report.sent == 1
    assert smtp_server.handler.message_ids() == [free.message_id]
    assert Message.objects.get(pk=locked.pk).status == Message.Status.PENDING


def test_delivery_refuses_to_run_inside_a_transaction(smtp_server, settings):
    """A claim committed only with the caller's transaction could be rolled back after the
    mail server had the message."""
    settings.HAVEN_NOTIFICATIONS_SEND_ON_COMMIT = False
    message = enqueue()

    with pytest.raises(RuntimeError), transaction.atomic():
        notification_deliver_due()

    assert smtp_server.received == []
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.PENDING, 0)
