"""The outbox's side of SMTP: turning an outbox row into an email, opening a connection with
Django's email backend (EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
EMAIL_USE_TLS, EMAIL_USE_SSL, EMAIL_TIMEOUT, DEFAULT_FROM_EMAIL), describing failures without
the message's content, and checking the settings before a worker starts."""

from __future__ import annotations

import contextlib
import re
import smtplib
import uuid
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.validators import validate_email

from haven.notifications.models import Message

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
LAST_ERROR_LENGTH = Message._meta.get_field("last_error").max_length or 500
WHITESPACE = re.compile(r"\s+")


class NotAccepted(Exception):
    """The backend returned without sending the message and without saying why."""


def new_message_id() -> str:
    """A fresh RFC 5322 Message-ID ("<id-left@id-right>"): a random hex id at the sending
    domain, with nothing in it about the message or the person."""
    return f"<{uuid.uuid4().hex}@{message_id_domain()}>"


def message_id_domain() -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2].strip().lower()
    return domain if re.fullmatch(r"[a-z0-9.-]+", domain) else "haven.invalid"


def email_for(message: Message, connection: BaseEmailBackend | None = None) -> EmailMessage:
    """The email for an outbox row, with the row's own Message-ID. `Auto-Submitted` (RFC 3834)
    tells mail systems not to send an out-of-office reply back to Haven."""
    return EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to_address],
        headers={"Message-ID": message.message_id, "Auto-Submitted": "auto-generated"},
        connection=connection,
    )


def open_connection() -> BaseEmailBackend:
    """A connection to the mail server, opened now so that an unreachable server is found once
    per pass rather than once per message. Raises what smtplib or the socket raised."""
    connection: BaseEmailBackend = get_connection(fail_silently=False)
    connection.open()
    return connection


def close_quietly(connection: BaseEmailBackend) -> None:
    """Close a connection that may already be broken; the message's outcome is already known."""
    with contextlib.suppress(Exception):
        connection.close()


def send(connection: BaseEmailBackend, message: Message) -> None:
    """Hand one outbox row to the mail server. Returns only once the server has accepted it."""
    if connection.send_messages([email_for(message, connection)]) != 1:
        raise NotAccepted


def describe_error(error: BaseException) -> str:
    """What went wrong, for `Message.last_error`: the mail server's reply code and text, or the
    kind of connection failure. smtplib's own text for a refused recipient quotes the address,
    so it is rebuilt from the replies alone; anything else shows only its type, because its
    text could quote the message (security reference R13)."""
    name = type(error).__name__
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        replies = "; ".join(f"{code} {_text(reply)}" for code, reply in error.recipients.values())
        text = f"{name}: {replies}"
    elif isinstance(error, smtplib.SMTPResponseException):
        text = f"{name}: {error.smtp_code} {_text(error.smtp_error)}"
    elif isinstance(error, smtplib.SMTPException | OSError):
        detail = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        text = f"{name}: {detail}" if detail else name
    elif isinstance(error, NotAccepted):
        text = "The mail server did not accept the message."
    else:
        text = name
    return WHITESPACE.sub(" ", text).strip()[:LAST_ERROR_LENGTH]


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def settings_problems() -> list[str]:
    """Sentences naming each email setting that cannot work, for the delivery worker to refuse
    to start with (an unreachable server is not one: that is retried)."""
    problems: list[str] = []
    try:
        validate_email(parseaddr(settings.DEFAULT_FROM_EMAIL)[1])
    except ValidationError:
        problems.append(
            "DEFAULT_FROM_EMAIL is not an email address: set it to the address notifications "
            "come from, like children@example.gov.uk."
        )
    if settings.EMAIL_BACKEND != SMTP_BACKEND:
        return problems
    if not settings.EMAIL_HOST:
        problems.append("EMAIL_HOST is empty: set it to the mail server's host name.")
    if not 0 < settings.EMAIL_PORT < 65536:
        problems.append("EMAIL_PORT must be a port number from 1 to 65535.")
    if settings.EMAIL_USE_TLS and settings.EMAIL_USE_SSL:
        problems.append("EMAIL_USE_TLS and EMAIL_USE_SSL are both on: choose one.")
    if bool(settings.EMAIL_HOST_USER) != bool(settings.EMAIL_HOST_PASSWORD):
        problems.append("Set both EMAIL_HOST_USER and EMAIL_HOST_PASSWORD, or neither.")
    if settings.EMAIL_TIMEOUT is None or settings.EMAIL_TIMEOUT <= 0:
        problems.append(
            "EMAIL_TIMEOUT must be a number of seconds: without one, a mail server that stops "
            "answering stops the outbox."
        )
    return problems
