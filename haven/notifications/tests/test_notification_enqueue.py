"""What notification_enqueue refuses, and what it writes, inside the caller's transaction
(the sending itself is in test_outbox_delivery.py)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from haven.core.errors import RuleBroken
from haven.notifications.models import Message
from haven.notifications.selectors import notifications_about
from haven.notifications.services import notification_enqueue

pytestmark = pytest.mark.django_db

GOOD = {
    "to": "referrer@school.example",
    "subject": "Your concern about a child",
    "body": "A social worker will contact the family.",
    "dedupe_key": "frontdoor.contact:3:outcome",
}


def test_enqueue_writes_a_pending_row_due_now_with_a_message_id():
    before = timezone.now()
    message = notification_enqueue(**GOOD, about_type="frontdoor.contact", about_id="3")

    assert message.status == Message.Status.PENDING
    assert message.attempts == 0
    assert before <= message.next_attempt_at <= timezone.now()
    assert message.message_id.startswith("<")
    assert message.message_id.endswith(">")
    assert list(notifications_about(about_type="frontdoor.contact", about_id="3")) == [message]


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        ({"to": "not an address"}, "to", "Enter an email address in the correct format"),
        ({"to": "a@b.example\nBcc: x@y.example"}, "to", "Enter an email address"),
        ({"subject": "Line one\r\nBcc: x@y.example"}, "subject", "one line"),
        ({"subject": "   "}, "subject", "one line"),
        ({"subject": "x" * 201}, "subject", "1 to 200 characters"),
        ({"body": " \n "}, "body", "no text"),
        ({"dedupe_key": ""}, "dedupe_key", "key"),
        ({"about_type": "frontdoor.contact"}, "about_type", "or neither"),
        ({"about_type": "frontdoor.contact", "about_id": "9" * 65}, "about_type", "at most 64"),
    ],
)
def test_bad_input_is_refused_with_a_sentence_and_writes_nothing(change, field, text):
    with pytest.raises(RuleBroken) as refused:
        notification_enqueue(**{**GOOD, **change})

    assert refused.value.field == field
    assert text in refused.value.message
    assert not Message.objects.exists()


def test_the_database_refuses_a_sent_message_without_a_sent_time():
    message = notification_enqueue(**GOOD)
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.filter(pk=message.pk).update(
            status=Message.Status.SENT, next_attempt_at=None
        )


def test_the_database_refuses_a_waiting_message_with_no_next_attempt():
    message = notification_enqueue(**GOOD)
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.filter(pk=message.pk).update(next_attempt_at=None)


def test_the_database_refuses_a_failed_message_that_does_not_say_why():
    message = notification_enqueue(**GOOD)
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.filter(pk=message.pk).update(
            status=Message.Status.FAILED, attempts=8, next_attempt_at=None
        )
