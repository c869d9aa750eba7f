"""`manage.py generate_borough`: build the synthetic borough (see haven/demo/services.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from haven.demo import selectors, services
from haven.demo.borough.sizes import SIZES


class Command(BaseCommand):
    help = (
        "Generate a synthetic borough (children, families, workers, contacts to the hub and "
        "years of casework) that follows the national rates. Does nothing if this database "
        "already has one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--size",
            default="demo",
            help="demo (about 3,000 children, loads in seconds), medium (30,000) or large "
            "(390,000 children and over 1,000,000 people, 100,000 contacts a year: a little "
            "bigger than the largest English authority).",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed: the same seed gives the same data."
        )
        parser.add_argument(
            "--as-of",
            dest="as_of",
            default=None,
            help="The last day of the history, YYYY-MM-DD (default: today).",
        )
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Use the borough already in the database if it has this size, whatever its "
            "seed and as-of date (this is also what happens without --reuse; the flag only "
            "quietens the note that the seed or date differ).",
        )
        parser.add_argument(
            "--rates",
            action="store_true",
            help="After generating, print the measured rates next to the national ones.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        size = str(options["size"])
        if size not in SIZES:
            raise CommandError(f"There is no borough size {size!r}: choose demo, medium or large.")
        as_of = _parse_as_of(options["as_of"])
        seed = int(options["seed"])
        try:
            services.history_for(SIZES[size], as_of)
        except services.BoroughError as error:
            raise CommandError(str(error)) from error
        existing = selectors.borough_get()
        if existing is not None:
            self._already(existing, size=size, seed=seed, as_of=as_of, reuse=options["reuse"])
            return
        progress = self.stdout.write if int(options["verbosity"]) > 1 else None
        try:
            generation = services.borough_generate(
                size=size, seed=seed, as_of=as_of, progress=progress
            )
        except services.BoroughExistsError as error:  # pragma: no cover - a race
            self._already(error.existing, size=size, seed=seed, as_of=as_of, reuse=True)
            return
        except services.BoroughError as error:
            raise CommandError(str(error)) from error
        self._report(generation)
        if options["rates"]:
            self._rates()

    def _already(
        self,
        existing: Any,
        *,
        size: str,
        seed: int,
        as_of: date,
        reuse: bool,
    ) -> None:
        if existing.size != size:
            raise CommandError(
                f"This database already holds a {existing.size} borough (seed {existing.seed}, "
                f"as of {existing.as_of:%Y-%m-%d}), not a {size} one. Use a fresh database to "
                f"generate a {size} borough."
            )
        self.stdout.write(
            f"A {existing.size} borough already exists in this database (seed {existing.seed}, "
            f"as of {existing.as_of:%Y-%m-%d}, {existing.total_rows:,} rows); nothing to do."
        )
        if not reuse and (existing.seed != seed or existing.as_of != as_of):
            self.stdout.write(
                f"It was not regenerated with seed {seed} as of {as_of:%Y-%m-%d}: use a fresh "
                "database for that."
            )

    def _report(self, generation: Any) -> None:
        width = max(len(table) for table in generation.counts)
        self.stdout.write(
            f"Generated a {generation.size} borough (seed {generation.seed}, history to "
            f"{generation.as_of:%Y-%m-%d}):"
        )
        for table, count in generation.counts.items():
            self.stdout.write(f"  {table:<{width}}  {count:>10,}")
        self.stdout.write(f"  {'total':<{width}}  {generation.total_rows:>10,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {generation.elapsed_seconds:.1f} seconds "
                f"({generation.rows_per_second:,.0f} rows per second)."
            )
        )

    def _rates(self) -> None:
        self.stdout.write("Measured rates (national figure in brackets):")
        for line in selectors.borough_rates_report(selectors.borough_rates()):
            self.stdout.write(f"  {line}")


def _parse_as_of(value: str | None) -> date:
    if value is None:
        return timezone.localdate()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            f"The --as-of date {value!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-11-27."
        ) from None
