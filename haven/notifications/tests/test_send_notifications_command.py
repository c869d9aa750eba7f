"""`manage.py send_notifications`: one pass, the loop, and a refusal to start with email
settings that cannot work. Through the real local SMTP server."""

from __future__ import annotations

import signal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from haven.notifications.management.commands.send_notifications import Command
from haven.notifications.models import Message
from haven.notifications.services import notification_enqueue

pytestmark = pytest.mark.django_db(transaction=True)


def queue(count: int) -> list[Message]:
    with transaction.atomic():
        return [
            notification_enqueue(
                to=f"referrer{n}@school.example",
                subject="Your concern about a child",
                body="A social worker will contact the family.",
                dedupe_key=f"command:{n}",
            )
            for n in range(count)
        ]


def test_one_pass_sends_what_is_due_and_says_how_many(smtp_server, settings):
    settings.HAVEN_NOTIFICATIONS_SEND_ON_COMMIT = False
    messages = queue(3)
    out = StringIO()

    call_command("send_notifications", stdout=out)

    assert out.getvalue().strip() == "Sent 3, will retry 0, failed for good 0."
    assert sorted(smtp_server.handler.message_ids()) == sorted(m.message_id for m in messages)


def test_one_pass_with_the_server_down_says_so_and_keeps_the_messages(smtp_server, settings):
    settings.HAVEN_NOTIFICATIONS_SEND_ON_COMMIT = False
    queue(2)
    smtp_server.stop()
    out = StringIO()

    call_command("send_notifications", stdout=out)

    assert out.getvalue().strip() == (
        "Sent 0, will retry 1, failed for good 0. The mail server could not be reached; the "
        "rest wait for the next pass."
    )
    assert list(Message.objects.order_by("pk").values_list("status", "attempts")) == [
        ("PENDING", 1),
        ("PENDING", 0),
    ]


def test_settings_that_cannot_work_stop_the_command_with_a_sentence(smtp_server, settings):
    settings.HAVEN_NOTIFICATIONS_SEND_ON_COMMIT = False
    queue(1)
    settings.DEFAULT_FROM_EMAIL = "Haven"
    settings.EMAIL_PORT = 0

    with pytest.raises(CommandError) as refused:
        call_command("send_notifications", stdout=StringIO())

    assert str(refused.value) == (
        "Notifications cannot be sent. DEFAULT_FROM_EMAIL is not an email address: set it to "
        "the address notifications come from, like children@example.gov.uk. EMAIL_PORT must "
        "be a port number from 1 to 65535."
    )
    assert smtp_server.received == []
    assert Message.objects.get().attempts == 0


def test_a_bad_interval_is_refused(smtp_server):
    with pytest.raises(CommandError, match="interval"):
        call_command("send_notifications", "--loop", "--interval", "0", stdout=StringIO())


def test_the_loop_keeps_sending_until_sigterm(smtp_server, settings, monkeypatch):
    settings.HAVEN_NOTIFICATIONS_SEND_ON_COMMIT = False
    queue(1)
    waits: list[float] = []

    def wait(self: Command, seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 1:
            queue_more()  # something new arrives between passes
        else:
            signal.raise_signal(signal.SIGTERM)  # the service manager stops the worker

    def queue_more() -> None:
        with transaction.atomic():
            notification_enqueue(
                to="late@school.example",
                subject="Your concern about a child",
                body="A social worker will contact the family.",
                dedupe_key="command:late",
            )

    monkeypatch.setattr(Command, "wait", wait)
    before = signal.getsignal(signal.SIGTERM)
    out = StringIO()

    call_command("send_notifications", "--loop", "--interval", "5", stdout=out)

    assert waits == [5.0, 5.0]
    assert out.getvalue().splitlines() == [
        "Sent 1, will retry 0, failed for good 0.",
        "Sent 1, will retry 0, failed for good 0.",
        "Stopped sending notifications.",
    ]
    assert len(smtp_server.received) == 2
    assert signal.getsignal(signal.SIGTERM) == before
