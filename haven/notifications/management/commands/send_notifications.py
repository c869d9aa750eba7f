"""Send the notifications that are due (haven/notifications/services.py).

Run it as a long-lived worker, `send_notifications --loop`, beside the web application; a
single pass (no `--loop`) suits a scheduler that runs it every minute. SIGTERM or Ctrl-C ends
the loop once the message being sent has been recorded.
"""

from __future__ import annotations

import signal
import threading
from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from haven.notifications import mail, services


def positive_seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise ArgumentTypeError("give the interval as a number of seconds") from None
    if not 0 < seconds <= 3600:
        raise ArgumentTypeError("give an interval from more than 0 to 3600 seconds")
    return seconds


def positive_count(value: str) -> int:
    try:
        count = int(value)
    except ValueError:
        raise ArgumentTypeError("give the limit as a whole number") from None
    if not 0 < count <= 1000:
        raise ArgumentTypeError("give a limit from 1 to 1000")
    return count


class Command(BaseCommand):
    help = (
        "Send the notifications that are due, retrying failed ones later. Exits non-zero if the "
        "email settings cannot work."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--loop", action="store_true", help="Keep sending until stopped (SIGTERM or Ctrl-C)."
        )
        parser.add_argument(
            "--interval",
            type=positive_seconds,
            default=30.0,
            help="Seconds between passes with --loop (default 30).",
        )
        parser.add_argument(
            "--limit",
            type=positive_count,
            default=50,
            help="The most messages one pass sends (default 50).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        problems = mail.settings_problems()
        if problems:
            raise CommandError("Notifications cannot be sent. " + " ".join(problems))
        if not options["loop"]:
            self.stdout.write(
                self.describe(services.notification_deliver_due(limit=options["limit"]))
            )
            return
        self.stop_requested = threading.Event()
        previous = signal.signal(signal.SIGTERM, self.request_stop)
        try:
            while not self.stop_requested.is_set():
                report = services.notification_deliver_due(limit=options["limit"])
                if report.attempted:
                    self.stdout.write(self.describe(report))
                self.wait(options["interval"])
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
        self.stdout.write("Stopped sending notifications.")

    def request_stop(self, signum: int, frame: object) -> None:
        self.stop_requested.set()

    def wait(self, seconds: float) -> None:
        """Sleep between passes, waking at once if asked to stop."""
        self.stop_requested.wait(seconds)

    @staticmethod
    def describe(report: services.DeliveryReport) -> str:
        text = f"Sent {report.sent}, will retry {report.retrying}, failed for good {report.failed}."
        if report.server_unreachable:
            text += " The mail server could not be reached; the rest wait for the next pass."
        return text
