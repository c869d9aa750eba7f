"""manage.py validate_cin_census --year 2025-26 [--errors-only | --queries-only]"""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from haven.census.quality import services
from haven.census.quality.selectors import FailureRow, ValidationReport
from haven.census.rules import ERROR, QUERY
from haven.census.years import UnknownCensusYear, census_year


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


class Command(BaseCommand):
    help = (
        "Check every child in scope of a census year against that year's DfE children in need "
        "census rules, store the check for the data-quality page, and print a summary and each "
        "failure (LA child ID, rule, what to fix; never a name). Exits with status 1 when the "
        "return has errors, 0 when it has none (queries alone do not stop a return). Example: "
        "validate_cin_census --year 2025-26"
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--year", required=True, help="The census year, e.g. 2025-26.")
        only = parser.add_mutually_exclusive_group()
        only.add_argument(
            "--errors-only", action="store_true", help="List only the errors, not the queries."
        )
        only.add_argument(
            "--queries-only",
            "--queries",
            dest="queries_only",
            action="store_true",
            help="List only the queries, not the errors.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            year = census_year(options["year"])
        except UnknownCensusYear as unknown:
            raise CommandError(str(unknown)) from None
        _, report = services.validation_run_record(year=year, today=timezone.localdate())
        self._summary(report)
        listed = {ERROR, QUERY}
        if options["errors_only"]:
            listed = {ERROR}
        elif options["queries_only"]:
            listed = {QUERY}
        self._failures([f for f in report.failures if f.kind in listed])
        if report.errors:
            raise CommandError(
                f"The {year.label} return has {_plural(report.errors, 'error')}: fix them "
                f"before it is sent to the DfE."
            )

    def _summary(self, report: ValidationReport) -> None:
        write = self.stdout.write
        write(
            f"Children in need census {report.year.label}, checked as of "
            f"{report.as_of_date:%d %B %Y}."
        )
        write(f"Children checked: {report.children_checked:,}")
        write(f"Children with a failure: {report.children_failing:,}")
        write(f"Errors: {report.errors:,}")
        write(f"Queries: {report.queries:,}")
        summary = report.by_rule()
        if not summary:
            write("Every rule passes.")
            return
        write("")
        write("By rule:")
        for line in summary:
            children = _plural(line.children, "child", "children")
            write(f"  {line.code:<6} {line.kind:<5} {children:>14}  {line.description}")

    def _failures(self, failures: list[FailureRow]) -> None:
        if not failures:
            return
        write = self.stdout.write
        write("")
        write("Failures (LA child ID, rule, what to fix):")
        for failure in sorted(failures, key=lambda f: (f.la_child_id, f.kind, f.code)):
            who = failure.la_child_id or "(whole return)"
            write(f"  {who}  {failure.code}  {failure.message}")
