from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from haven.api import services
from haven.core.errors import RuleBroken


class Command(BaseCommand):
    help = "Stop a partner API key working at once (the client and its history are kept)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("key_id", help="The key id (16 hex characters after hvn_ in the key).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            client = services.api_client_revoke(key_id=options["key_id"].strip())
        except RuleBroken as broken:
            raise CommandError(broken.message) from None
        self.stdout.write(
            f"The key {client.key_id} of {client.organisation} is revoked: it no longer works."
        )
