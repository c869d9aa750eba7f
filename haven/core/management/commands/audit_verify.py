from typing import Any

from django.core.management.base import BaseCommand, CommandError

from haven.core.audit_chain import audit_verify


class Command(BaseCommand):
    help = "Check the audit trail's hash chain; exits non-zero if any sealed row was changed."

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_verify()
        if not report.intact:
            raise CommandError(
                f"The audit trail has been altered: the chain breaks at position "
                f"{report.first_broken_position} (after {report.checked} good rows)."
            )
        self.stdout.write(
            f"The audit chain is intact: {report.checked} sealed rows checked, "
            f"{report.unsealed} not sealed yet."
        )
