"""manage.py export_cin_census --year 2025-26 --output census.xml [--serial-no N]"""

from __future__ import annotations

import os
import tempfile
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone

from haven.census import services
from haven.census.xml import validate_census
from haven.census.years import UnknownCensusYear, census_year

NOTHING_WRITTEN = "Nothing was written."


class Command(BaseCommand):
    help = (
        "Write the DfE children in need census return for a census year as XML (every child "
        "referred in the year or open at its start), check it against that year's XSD, and "
        "only then put it at --output. Example: export_cin_census --year 2025-26 "
        "--output census.xml"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--year", required=True, help="The census year, e.g. 2025-26.")
        parser.add_argument("--output", required=True, help="The XML file to write.")
        parser.add_argument(
            "--serial-no",
            type=int,
            default=1,
            help="The return's serial number (Header SerialNo, written with 3 digits or "
            "more); increase it each time you send the DfE a new return. Default 1.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            year = census_year(options["year"])
        except UnknownCensusYear as unknown:
            raise CommandError(f"{unknown} {NOTHING_WRITTEN}") from None
        serial_no: int = options["serial_no"]
        if serial_no < 0:
            raise CommandError(
                f"--serial-no must be 0 or more (it was {serial_no}). {NOTHING_WRITTEN}"
            )
        output: str = options["output"]
        target = Path(output)
        if target.is_dir():
            raise CommandError(
                f"{output} is a folder: give the name of the file to write, such as "
                f"{target / 'census.xml'}. {NOTHING_WRITTEN}"
            )
        folder = target.parent
        started = time.monotonic()
        try:
            # Written beside the target and renamed over it only once it is complete and
            # valid, so a failure never leaves a partial or invalid return at --output.
            part = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, then renamed
                dir=folder, prefix=f".{target.name}.", suffix=".part", delete=False
            )
        except OSError as error:
            raise CommandError(
                f"Cannot write to the folder {folder}: {error.strerror or error}. {NOTHING_WRITTEN}"
            ) from None
        part_path = Path(part.name)
        renamed = False
        try:
            with services.census_snapshot():
                with part:
                    export = services.census_export(
                        year=year,
                        out=part,
                        acting_user=services.system_actor(),
                        now=timezone.now(),
                        serial_no=serial_no,
                    )
                if export.children == 0:
                    raise CommandError(
                        f"No child is in scope of the census year {year.label} (none was "
                        "referred in it or open at its start), and a return needs at least "
                        f"one. {NOTHING_WRITTEN}"
                    )
                problems = validate_census(part_path, year=year)
                if problems:
                    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
                    raise CommandError(
                        f"The return does not validate against {year.xsd_name}, so it was not "
                        f"written: {problems[0]}{more}. {NOTHING_WRITTEN}"
                    )
                os.replace(part_path, target)
                renamed = True
        except OSError as error:
            raise CommandError(
                f"Could not write {output}: {error.strerror or error}. {NOTHING_WRITTEN}"
            ) from None
        except DatabaseError:
            # The audit rows did not commit: take the return back too.
            if renamed:
                target.unlink(missing_ok=True)
            raise CommandError(
                f"The export could not be recorded in the audit trail. {NOTHING_WRITTEN}"
            ) from None
        finally:
            part_path.unlink(missing_ok=True)
        children = f"{export.children} {'child' if export.children == 1 else 'children'}"
        self.stdout.write(f"Wrote {children} to {output} (valid against {year.xsd_name})")
        if options["verbosity"] >= 2:
            self.stdout.write(f"Took {time.monotonic() - started:.1f} seconds.")
