"""`manage.py export_annex_a --as-of 2026-11-30 --output annex_a.xlsx`: the Ofsted Annex A
workbook (haven/inspection/annex_a), written whole or not at all."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.inspection.annex_a import services, spec


def parse_as_of(text: str) -> datetime.date:
    """A real date written YYYY-MM-DD, or a CommandError that says so."""
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(
            f"The as-of date {text!r} is not a real date. Write it as YYYY-MM-DD, for example "
            "2026-11-30."
        ) from None


class Command(BaseCommand):
    help = (
        "Write Ofsted Annex A (Lists 1 to 7, with sheets saying that Haven does not yet record "
        "Lists 8 to 11) for an inspection starting on the as-of date, as one .xlsx workbook."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--as-of",
            dest="as_of",
            required=True,
            help="The point of inspection, YYYY-MM-DD: the lists cover the six months up to "
            "and including it.",
        )
        parser.add_argument(
            "--output", required=True, help="The .xlsx file to write, e.g. annex_a.xlsx."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = parse_as_of(str(options["as_of"]))
        path = Path(str(options["output"])).expanduser()
        if path.suffix.lower() != ".xlsx":
            raise CommandError(
                f"The output file {path} must end in .xlsx (it is an Excel workbook)."
            )
        try:
            result = services.annex_a_write_file(as_of=as_of, path=path)
        except services.AnnexAOutputError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Wrote {path}: Annex A as of {as_of:%d/%m/%Y}, window "
            f"{result.window_start:%d/%m/%Y} to {as_of:%d/%m/%Y}."
        )
        for annex_list in spec.ANNEX_A_LISTS:
            if annex_list.number not in result.rows:
                continue
            count = result.rows[annex_list.number]
            note = "" if annex_list.produced else " (early help assessments not recorded)"
            self.stdout.write(
                f"  List {annex_list.number} ({annex_list.name}): {count:,} rows{note}"
            )
        self.stdout.write("  Lists 8 to 11: not produced; Haven does not yet record them.")
