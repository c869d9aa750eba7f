from typing import Any

from django.core.management.base import BaseCommand

from haven.core.audit_chain import audit_seal


class Command(BaseCommand):
    help = "Seal new audit rows into the hash chain (run it every few minutes; safe to repeat)."

    def handle(self, *args: Any, **options: Any) -> None:
        sealed = audit_seal()
        self.stdout.write(f"Sealed {sealed} audit row{'s' if sealed != 1 else ''}.")
