"""The outbox in the admin: staff with the right permissions see failed messages and send one
again; nobody changes, adds or deletes messages there, and nobody else gets in."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from haven.core.models import AuditEvent
from haven.core.tests import factories as f
from haven.notifications.models import Message

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:notifications_message_changelist"
BODY = "The concern about Ada was passed to a social worker."


@pytest.fixture
def failed_message():
    return Message.objects.create(
        to_address="referrer@school.example",
        subject="Your concern about a child",
        body=BODY,
        dedupe_key="frontdoor.contact:5:outcome",
        about_type="frontdoor.contact",
        about_id="5",
        message_id="<abc@haven.test>",
        status=Message.Status.FAILED,
        attempts=8,
        last_error="SMTPDataError: 451 4.3.0 Try again later",
        created_at=timezone.now() - datetime.timedelta(hours=3),
    )


def administrator(*codenames: str):
    user = f.UserFactory(is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="notifications", codename__in=codenames)
    )
    return user


def send_again(client, message):
    return client.post(
        reverse(CHANGELIST),
        {"action": "send_again", "_selected_action": [message.pk], "index": 0},
        follow=True,
    )


def test_a_signed_out_user_is_sent_to_sign_in(client, failed_message):
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_a_social_worker_without_staff_status_cannot_see_the_outbox(client, failed_message):
    response = f.signed_in(client, f.staff_user()).get(reverse(CHANGELIST))
    assert response.status_code == 302
    assert "Try again later" not in response.content.decode()


def test_staff_without_the_view_permission_are_refused(client, failed_message):
    response = f.signed_in(client, administrator()).get(reverse(CHANGELIST))
    assert response.status_code == 403


def test_an_administrator_sees_failed_messages_but_not_their_text(client, failed_message):
    signed = f.signed_in(client, administrator("view_message"))

    listing = signed.get(reverse(CHANGELIST), {"status__exact": "FAILED"})
    detail = signed.get(reverse("admin:notifications_message_change", args=[failed_message.pk]))

    assert listing.status_code == 200
    assert "SMTPDataError: 451 4.3.0 Try again later" in listing.content.decode()
    assert detail.status_code == 200
    assert "referrer@school.example" in detail.content.decode()
    assert BODY not in listing.content.decode() + detail.content.decode()


def test_nobody_adds_changes_or_deletes_messages_in_the_admin(client, failed_message):
    signed = f.signed_in(client, f.UserFactory(is_staff=True, is_superuser=True))

    assert signed.get(reverse("admin:notifications_message_add")).status_code == 403
    change = signed.post(
        reverse("admin:notifications_message_change", args=[failed_message.pk]),
        {"status": "SENT", "to_address": "someone@else.example"},
    )
    delete = signed.post(
        reverse("admin:notifications_message_delete", args=[failed_message.pk]), {"post": "yes"}
    )

    assert change.status_code == 403
    assert delete.status_code == 403
    failed_message.refresh_from_db()
    assert failed_message.status == Message.Status.FAILED
    assert failed_message.to_address == "referrer@school.example"


def test_without_the_retry_permission_a_failed_message_cannot_be_sent_again(client, failed_message):
    user = administrator("view_message")

    response = send_again(f.signed_in(client, user), failed_message)

    assert response.status_code == 200
    assert 'value="send_again"' not in response.content.decode()  # not offered
    failed_message.refresh_from_db()
    assert (failed_message.status, failed_message.attempts) == (Message.Status.FAILED, 8)
    assert not AuditEvent.objects.filter(object_type="notifications.message").exists()


def test_with_the_retry_permission_a_failed_message_is_queued_again_and_audited(
    client, failed_message, settings
):
    settings.HAVEN_NOTIFICATIONS_SEND_ON_COMMIT = False
    user = administrator("view_message", "retry_message")
    sent = Message.objects.create(
        to_address="other@school.example",
        subject="Sent already",
        body="Sent.",
        dedupe_key="sent",
        message_id="<sent@haven.test>",
        status=Message.Status.SENT,
        attempts=1,
        sent_at=timezone.now(),
        created_at=timezone.now(),
    )
    signed = f.signed_in(client, user)
    assert 'value="send_again"' in signed.get(reverse(CHANGELIST)).content.decode()

    response = send_again(signed, failed_message)
    both = signed.post(
        reverse(CHANGELIST),
        {"action": "send_again", "_selected_action": [sent.pk], "index": 0},
        follow=True,
    )

    assert "1 notification(s) will be sent again." in response.content.decode()
    failed_message.refresh_from_db()
    assert failed_message.status == Message.Status.PENDING
    assert failed_message.attempts == 0
    assert failed_message.next_attempt_at <= timezone.now()
    assert (
        AuditEvent.objects.filter(
            actor=user,
            action="UPDATE",
            object_type="notifications.message",
            object_id=str(failed_message.pk),
        ).count()
        == 1
    )
    # A message that had not failed is left alone.
    assert "1 notification(s) had not failed" in both.content.decode()
    sent.refresh_from_db()
    assert sent.status == Message.Status.SENT
