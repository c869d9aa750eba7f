from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from haven.api import services
from haven.core.errors import RuleBroken


class Command(BaseCommand):
    help = (
        "Make an API key for a partner organisation's system and print it once (only its hash "
        "is kept). Example: create_api_client --organisation 'Haven Police' --agency POLICE "
        "--scopes contacts:create,contacts:read"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--organisation", required=True, help="The organisation's name.")
        parser.add_argument(
            "--agency",
            required=True,
            help="POLICE, HEALTH, EDUCATION, PROBATION or HOUSING: decides what it may read.",
        )
        parser.add_argument(
            "--scopes",
            required=True,
            help="Comma-separated: contacts:create, contacts:read.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scopes = [s.strip() for s in options["scopes"].split(",") if s.strip()]
        try:
            issued = services.api_client_create(
                organisation=options["organisation"],
                agency=options["agency"].strip().upper(),
                scopes=scopes,
            )
        except RuleBroken as broken:
            raise CommandError(f"{broken.message} Nothing was created.") from None
        client = issued.client
        self.stdout.write(
            f"Created an API client for {client.organisation} ({client.get_agency_display()}), "
            f"key id {client.key_id}, scopes {', '.join(client.scopes)}.\n"
            "Its key is below. It is shown only now: give it to the organisation securely.\n"
        )
        self.stdout.write(issued.key)
