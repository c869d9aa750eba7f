"""`manage.py demo_logins`: who to sign in as in the demo borough, and where."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from config.env import env
from haven.demo import selectors, services


class Command(BaseCommand):
    help = "Print the demo borough's sign-in names, their roles, the password and the address."

    def handle(self, *args: Any, **options: Any) -> None:
        generation = selectors.borough_get()
        if generation is None:
            raise CommandError(
                "There is no demo borough in this database yet: run "
                "`manage.py generate_borough --size demo --seed 1` (or `make setup`) first."
            )
        logins = selectors.demo_logins()
        if not logins:
            raise CommandError(
                "This database has a borough but no demo accounts "
                f"({', '.join(selectors.DEMO_USERNAMES)})."
            )
        password = services.demo_password()
        port = env.str("PORT", default="8000")
        self.stdout.write(f"Haven demo: {generation}.")
        self.stdout.write(f"Open http://127.0.0.1:{port}/ and sign in as one of:")
        width = max(len(login.username) for login in logins)
        for login in logins:
            where = f", {login.team}" if login.team else ""
            start = f", starts at {login.start}" if login.start != "/" else ""
            self.stdout.write(
                f"  {login.username:<{width}}  {login.role} ({login.worker_name}{where}{start})"
            )
        self.stdout.write(f"Password for all of them: {password}")
        self.stdout.write(
            "On this machine the demo accounts sign in with the password alone; every other "
            "account (and every account in production) also needs a code from an authenticator "
            "app."
        )
        self.stdout.write(
            f"sm.demo can also change the authority's settings (closure days, local timescales, "
            f"teams and workers) at http://127.0.0.1:{port}/admin/."
        )
        user = get_user_model().objects.get(username=logins[0].username)
        if not user.check_password(password):
            self.stdout.write(
                self.style.WARNING(
                    "That password does not match the one the borough was generated with: "
                    "HAVEN_DEMO_PASSWORD has changed since."
                )
            )
