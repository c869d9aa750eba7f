from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from haven.core.accounts import DEFAULT_DORMANT_DAYS, dormant_accounts_disable


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class Command(BaseCommand):
    help = (
        "Disable every account, administrators included, not signed in to for --days days "
        "(90 by default) and end its sessions (security reference R34). Run it daily."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_DORMANT_DAYS,
            help="How many days without signing in make an account dormant (default 90).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say how many accounts would be disabled, and change nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days: int = options["days"]
        if days < 1:
            raise CommandError(
                f"--days must be a whole number of days, 1 or more (it was {days}): "
                "nothing was changed."
            )
        report = dormant_accounts_disable(days=days, dry_run=options["dry_run"])
        accounts = _plural(report.disabled, "account")
        sessions = _plural(report.sessions_ended, "session")
        if report.dry_run:
            self.stdout.write(
                f"Dry run: {accounts} not signed in to for {days} days or more would be "
                f"disabled and {sessions} ended. Nothing was changed."
            )
        else:
            self.stdout.write(
                f"Disabled {accounts} not signed in to for {days} days or more, "
                f"and ended {sessions}."
            )
        if options["verbosity"] >= 2 and report.user_ids:
            self.stdout.write(f"User ids: {', '.join(str(pk) for pk in report.user_ids)}")
