"""A real SMTP server on 127.0.0.1 (aiosmtpd) for the outbox tests, and settings that point
Django's SMTP email backend at it. Nothing is mocked: messages go over a socket through
smtplib, and the server can be stopped (connection refused) or told to refuse with a code."""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

ACCEPT = "250 Message accepted for delivery"
TRY_AGAIN = "451 4.3.0 Try again later"
FROM_EMAIL = "Haven <children@haven.test>"


class Collector:
    """The server's handler: records every message it accepts, and answers DATA with `reply`
    (a "451 ..." makes smtplib raise SMTPDataError, as a real server's temporary refusal) and
    RCPT with `rcpt_reply` when one is set (a "550 ..." refuses the recipient)."""

    def __init__(self) -> None:
        self.reply = ACCEPT
        self.rcpt_reply = ""
        self.delay = 0.0
        self.received: list[EmailMessage] = []
        self.data_commands = 0
        self._lock = threading.Lock()

    async def handle_RCPT(  # noqa: N802
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if self.rcpt_reply:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.delay:
            await asyncio.sleep(self.delay)
        with self._lock:
            self.data_commands += 1
            if self.reply.startswith("250"):
                self.received.append(
                    email.message_from_bytes(envelope.content, policy=email.policy.default)
                )
        return self.reply

    def message_ids(self) -> list[str]:
        with self._lock:
            return [str(message["Message-ID"]) for message in self.received]


class LocalSmtpServer:
    """aiosmtpd's Controller on a fixed free port; `stop()` and `start()` again to simulate
    the mail server being down and coming back (a stopped Controller cannot be restarted, so
    each start makes a new one on the same port)."""

    def __init__(self) -> None:
        self.host = "127.0.0.1"
        self.port = _free_port(self.host)
        self.handler = Collector()
        self._controller: Controller | None = None

    def start(self) -> None:
        self._controller = Controller(
            self.handler,
            hostname=self.host,
            port=self.port,
            server_hostname="smtp.haven.test",
            ready_timeout=5.0,
        )
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def received(self) -> list[EmailMessage]:
        return self.handler.received


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[LocalSmtpServer]:
    """A running local SMTP server, with Haven's email settings pointing at it."""
    server = LocalSmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = server.host
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 2
    settings.DEFAULT_FROM_EMAIL = FROM_EMAIL
    settings.HAVEN_NOTIFICATIONS_SEND_ON_COMMIT = True
    try:
        yield server
    finally:
        server.stop()
