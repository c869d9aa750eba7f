from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, transaction

from haven.core.db_roles import grant_app_role


class Command(BaseCommand):
    help = (
        "Create (if missing) the database role the web application runs as, and give it only "
        "the privileges it needs: no UPDATE or DELETE on the audit trail and history, no DELETE "
        "on records. Run it as the table owner after every migrate."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--role", default="haven_app", help="the role name (haven_app)")

    def handle(self, *args: Any, **options: Any) -> None:
        role = options["role"]
        try:
            with transaction.atomic():
                grant_app_role(role)
        except ValueError as error:
            raise CommandError(str(error)) from None
        except DatabaseError as error:
            raise CommandError(
                f"Could not set up the role {role}: run this as the owner of Haven's tables "
                f"({error.__class__.__name__})."
            ) from None
        self.stdout.write(
            f"The role {role} may read and add rows, change records, and never change the "
            "audit trail or delete records. Give it a password and LOGIN, and put it in "
            "DATABASE_URL for the web application."
        )
