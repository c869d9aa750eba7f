"""Reading the census rules' verdict: over the whole authority (the validate command and the
data-quality page), for one child (the child's record), and the stored runs.

``census_validate`` streams the children in scope through the year's rules, keeping only the
counts and the failures, never the list of children, so it runs in flat memory at any size.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Min

from haven.census import rules
from haven.census.models import ValidationFailure, ValidationRun
from haven.census.rules import Failure, RuleContext
from haven.census.selectors import census_children
from haven.census.years import CENSUS_YEARS, CensusYear
from haven.core import selectors as core_selectors

__all__ = [
    "ChildCensusChecks",
    "FailureRow",
    "RuleSummary",
    "ValidationReport",
    "census_validate",
    "census_year_for",
    "child_census_checks",
    "default_census_year",
    "failing_children",
    "latest_run",
    "return_failures",
    "run_failures_for",
    "run_summary",
]


def census_year_for(day: datetime.date) -> CensusYear | None:
    """The census year whose period holds `day` (1 April to 31 March), if Haven knows it."""
    first = day.year if day.month >= 4 else day.year - 1
    return CENSUS_YEARS.get(f"{first}-{(first + 1) % 100:02d}")


def default_census_year(today: datetime.date) -> CensusYear:
    """The year to show first: the one running today, else the latest Haven knows."""
    return census_year_for(today) or list(CENSUS_YEARS.values())[-1]


@dataclass(frozen=True)
class FailureRow:
    """One failure in a report: for one child, or (person_id None) for the whole return."""

    person_id: int | None
    la_child_id: str
    code: str
    message: str
    episode_id: int | None = None

    @property
    def kind(self) -> str:
        return rules.kind_of(self.code)


@dataclass(frozen=True)
class RuleSummary:
    code: str
    kind: str
    description: str
    children: int
    failures: int


@dataclass
class ValidationReport:
    """The verdict of one year's rules: how many children were checked, and what failed."""

    year: CensusYear
    as_of_date: datetime.date
    children_checked: int = 0
    failures: list[FailureRow] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.failures if f.kind == rules.ERROR)

    @property
    def queries(self) -> int:
        return sum(1 for f in self.failures if f.kind == rules.QUERY)

    @property
    def children_failing(self) -> int:
        return len({f.person_id for f in self.failures if f.person_id is not None})

    def by_rule(self) -> list[RuleSummary]:
        """One line per rule code that failed, errors first, then by code."""
        year_rules = rules.rules_for(self.year)
        failures = Counter(f.code for f in self.failures)
        children = Counter(
            code for code, _ in {(f.code, f.person_id) for f in self.failures if f.person_id}
        )
        return sorted(
            (
                RuleSummary(
                    code=code,
                    kind=rules.kind_of(code),
                    description=rules.describe(code, year_rules),
                    children=children[code],
                    failures=count,
                )
                for code, count in failures.items()
            ),
            key=lambda s: (s.kind != rules.ERROR, s.code),
        )


def _context(year: CensusYear, today: datetime.date) -> RuleContext:
    return RuleContext.for_year(year, today=today, calendar=core_selectors.working_calendar())


def census_validate(
    *, year: CensusYear, person_ids: Iterable[int] | None = None, today: datetime.date
) -> ValidationReport:
    """Run `year`'s census rules over every child in scope (or only `person_ids`), as of
    `today`. The rules about the whole return run only when every child is checked."""
    ctx = _context(year, today)
    year_rules = rules.rules_for(year)
    report = ValidationReport(year=year, as_of_date=ctx.reference_date)
    tally = rules.CollectionTally(ctx) if person_ids is None else None
    for child in census_children(year=year, person_ids=person_ids):
        report.children_checked += 1
        report.failures.extend(
            FailureRow(
                person_id=child.person_id,
                la_child_id=child.la_child_id,
                code=failure.code,
                message=failure.message,
                episode_id=failure.episode_id,
            )
            for failure in rules.check_child(child, ctx, year_rules)
        )
        if tally is not None:
            tally.add(child)
    if tally is not None:
        # The header the export writes: ReferenceDate is the year's (haven.census.xml).
        report.failures.extend(
            FailureRow(
                person_id=failure.person_id,
                la_child_id=failure.la_child_id,
                code=failure.code,
                message=failure.message,
            )
            for failure in tally.failures(header_reference_date=year.reference_date)
        )
    return report


@dataclass(frozen=True)
class ChildCensusChecks:
    """What the census rules say about one child, for the child's record."""

    year: CensusYear
    failures: list[Failure]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.failures if f.kind == rules.ERROR)

    @property
    def queries(self) -> int:
        return sum(1 for f in self.failures if f.kind == rules.QUERY)


def child_census_checks(*, child_id: int, today: datetime.date) -> ChildCensusChecks | None:
    """The census rules of the year running `today` on one child, computed now from the
    record; None when the child is not in scope of that year (or Haven has no rules for it)."""
    year = census_year_for(today)
    if year is None or year.label not in rules.RULESETS:
        return None
    child = next(iter(census_children(year=year, person_ids=[child_id])), None)
    if child is None:
        return None
    failures = rules.check_child(child, _context(year, today), rules.rules_for(year))
    return ChildCensusChecks(year=year, failures=failures)


# --- Stored runs ------------------------------------------------------------------------------


def latest_run(*, year: CensusYear) -> ValidationRun | None:
    """The most recent stored check of `year`, with who ran it."""
    return (
        ValidationRun.objects.filter(year=year.label)
        .select_related("run_by")
        .order_by("-finished_at", "-pk")
        .first()
    )


def run_summary(*, run: ValidationRun) -> list[RuleSummary]:
    """One line per rule code that failed in `run`: how many children, errors first."""
    year_rules = rules.RULESETS.get(run.year, ())
    rows = (
        ValidationFailure.objects.filter(run=run)
        .values("code", "kind")
        .annotate(children=Count("person", distinct=True), failures=Count("pk"))
        .order_by()
    )
    return sorted(
        (
            RuleSummary(
                code=row["code"],
                kind=row["kind"],
                description=rules.describe(row["code"], year_rules),
                children=row["children"],
                failures=row["failures"],
            )
            for row in rows
        ),
        key=lambda s: (s.kind != rules.ERROR, s.code),
    )


def return_failures(*, run: ValidationRun) -> list[ValidationFailure]:
    """The failures of the return as a whole (no child), by code."""
    return list(ValidationFailure.objects.filter(run=run, person__isnull=True).order_by("code"))


@dataclass(frozen=True)
class FailingChild:
    person_id: int
    la_child_id: str


def failing_children(
    *, run: ValidationRun, page: str | int | None, per_page: int
) -> tuple[list[FailingChild], Page[Any]]:
    """The children with at least one failure in `run`, by LA child ID: one page of them, and
    the page (for the page links)."""
    rows = (
        ValidationFailure.objects.filter(run=run, person__isnull=False)
        .values("person_id")
        .annotate(first_id=Min("la_child_id"))
        .order_by("first_id", "person_id")
    )
    found: Page[Any] = Paginator(rows, per_page).get_page(page)
    children = [
        FailingChild(person_id=row["person_id"], la_child_id=row["first_id"])
        for row in found.object_list
    ]
    return children, found


def run_failures_for(
    *, run: ValidationRun, person_ids: Sequence[int]
) -> dict[int, list[ValidationFailure]]:
    """The failures of `run` for these children, by child, errors first."""
    by_child: dict[int, list[ValidationFailure]] = {pk: [] for pk in person_ids}
    for failure in ValidationFailure.objects.filter(run=run, person_id__in=person_ids).order_by(
        "person_id", "kind", "code", "pk"
    ):
        if failure.person_id is not None:
            by_child[failure.person_id].append(failure)
    return by_child
