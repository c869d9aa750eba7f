"""The shape of a census rule: data (code, kind, description, field) plus one small function.

A rule's function looks at one :class:`~haven.census.records.CensusChild` and yields a
:class:`Problem` for each thing wrong; :meth:`Rule.check` turns those into :class:`Failure` rows
that carry the rule code, whether it is an error or a query, the episode (if any) and a message
that says what to fix. Nothing here imports Django: the rules run the same in the validate
command, on the data-quality page and on a child's record, and test without a database.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from haven.census.records import CensusChild, CensusEpisode
from haven.census.years import CensusYear
from haven.statutory.calendar import WorkingDayCalendar

__all__ = [
    "ERROR",
    "QUERY",
    "Failure",
    "FindProblems",
    "Problem",
    "Rule",
    "RuleContext",
    "cap",
    "cite",
    "code_cited",
    "episode_name",
    "fmt",
    "kind_of",
    "rule",
    "uncited",
]

ERROR = "error"
QUERY = "query"


def kind_of(code: str) -> str:
    """A census code ending in Q is a query (a warning the authority may explain); any other
    code is an error the return cannot be submitted with (DfE CIN census validation rules)."""
    return QUERY if code.endswith("Q") else ERROR


def cite(code: str) -> str:
    """How a message names its rule, as the entry-time checks in haven.statutory.rules do."""
    return f"(census query {code})" if kind_of(code) == QUERY else f"(census rule {code})"


_CITED = re.compile(r"census (?:rule|query) (\w+)\)")


def code_cited(message: str) -> str | None:
    """The rule code a message from haven.statutory names, e.g. "1530", or None."""
    match = _CITED.search(message)
    return match.group(1) if match else None


def uncited(message: str) -> str:
    """The message without the rule it names, to quote it under another rule's code."""
    return re.sub(r"\s*\(census (?:rule|query) \w+\)", "", message)


def fmt(d: datetime.date) -> str:
    """2 March 2026."""
    return f"{d.day} {d:%B %Y}"


def episode_name(episode: CensusEpisode) -> str:
    """How a message points at one episode: by its referral date, as the record shows it."""
    return f"the referral of {fmt(episode.referral_date)}"


def cap(text: str) -> str:
    """Capitalise the first letter only ("the referral of 2 March" -> "The referral of 2 March")."""
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class RuleContext:
    """What a rule may know besides the child.

    ``reference_date`` is the date the timescale queries (8670Q, 8675Q) and the open-ended
    ranges of the overlap rules are measured to: the census ReferenceDate, or today while the
    census year is still running, so that a child's record does not show a query for a
    timescale that has not run out yet. The census period itself is always the whole year.
    """

    year: CensusYear
    reference_date: datetime.date
    calendar: WorkingDayCalendar

    @classmethod
    def for_year(
        cls, year: CensusYear, *, today: datetime.date, calendar: WorkingDayCalendar
    ) -> RuleContext:
        return cls(year=year, reference_date=min(today, year.reference_date), calendar=calendar)

    @property
    def period_start(self) -> datetime.date:
        """1 April: the first day of the census period (reference 2.1)."""
        return self.year.start_date

    @property
    def period_end(self) -> datetime.date:
        """31 March: the Header ReferenceDate, the last day of the census period."""
        return self.year.reference_date

    def in_period(self, d: datetime.date) -> bool:
        return self.period_start <= d <= self.period_end


class Problem(NamedTuple):
    """One thing a rule found wrong: the episode it is in (None: about the child) and what to
    do about it, in words a social worker understands, naming the rule code."""

    episode_id: int | None
    message: str


@dataclass(frozen=True)
class Failure:
    """One failed rule for one child."""

    code: str
    message: str
    episode_id: int | None = None

    @property
    def kind(self) -> str:
        return kind_of(self.code)


FindProblems = Callable[[CensusChild, RuleContext], Iterable[Problem]]


@dataclass(frozen=True)
class Rule:
    """A DfE CIN census validation rule as data plus its function.

    ``field`` is the census item the rule is mainly about (the XML element name), ``source``
    says where the wording comes from when it is not the DfE rule text.
    """

    code: str
    description: str
    field: str
    find: FindProblems
    source: str = ""

    @property
    def kind(self) -> str:
        return kind_of(self.code)

    def check(self, child: CensusChild, ctx: RuleContext) -> Iterator[Failure]:
        """The failures of this rule for `child` (none: the child passes)."""
        for problem in self.find(child, ctx):
            yield Failure(code=self.code, message=problem.message, episode_id=problem.episode_id)


def rule(
    code: str, description: str, field: str, source: str = ""
) -> Callable[[FindProblems], Rule]:
    """Declare a rule: ``@rule("8606", "...", "CINreferralDate")`` above its function."""

    def declare(find: FindProblems) -> Rule:
        return Rule(code=code, description=description, field=field, find=find, source=source)

    return declare
