"""The inspection lens's timeliness measures (issue 5): the front door, assessments, child
protection conferences and statutory visits.

Each measure works in PostgreSQL: one aggregate query (grouped by month and by the class of
each contact, referral, assessment, conference or visit) gives the headline, the breakdown
and the monthly trend together; a second query lists the children behind one figure for the
drill-down. Python only folds a few dozen grouped rows.

Working days follow haven/statutory/calendar.py: the DfE statistics convention (the start day
is day 0, so a duration is the number of working days after the start up to and including the
end; reference section 1.5), on the authority's calendar (England and Wales bank holidays plus
its closure days, haven.core.selectors.working_calendar). In SQL a working-day duration is the
difference of two "working-day numbers" (:func:`_working_day_number`), exact for any pair of
dates.
"""

from __future__ import annotations

import datetime
from abc import abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db import connection
from django.utils import timezone

from haven.core import selectors as core_selectors
from haven.frontdoor import dashboard as hub_dashboard
from haven.inspection.measures.base import (
    DrillRow,
    EnglandFigure,
    Figure,
    Measure,
    MeasureResult,
    MonthPoint,
    Period,
    long_date,
    percent,
)
from haven.statutory import timescales
from haven.statutory.calendar import add_months, is_weekend

Row = tuple[Any, ...]


# --- Shared pieces --------------------------------------------------------------------------


def _fetch(sql: str, params: dict[str, Any]) -> list[Row]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _month(column: str) -> str:
    """SQL: the first day of the month of a date column (date arithmetic, no time zone)."""
    return f"({column} - (EXTRACT(DAY FROM {column})::int - 1))"


def _working_day_number(column: str) -> str:
    """SQL: how many working days there are from Monday 1 January 1900 up to and including the
    date `column`: weekdays by arithmetic, less the holidays on or before it (width_bucket
    counts the entries of the sorted ``%(holidays)s`` array that are <= the date). The
    difference of two numbers is calendar.WorkingDayCalendar.working_days_between."""
    days = f"({column} - DATE '1900-01-01')"
    return (
        f"(5 * ({days} / 7) + LEAST(mod({days}, 7) + 1, 5)"
        f" - width_bucket({column}, %(holidays)s::date[]))"
    )


def _weekday_holidays() -> list[datetime.date]:
    """The authority's non-working weekdays (bank holidays and closure days), sorted."""
    calendar = core_selectors.working_calendar()
    return sorted(day for day in calendar.holidays if not is_weekend(day))


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_default_timezone())


@dataclass(frozen=True)
class Category:
    key: str
    label: str


def _fold(
    period: Period,
    counts: Iterable[tuple[datetime.date, str, int]],
    *,
    headline: Category,
    others: Sequence[Category],
    everyone: Category,
    extra: Sequence[Figure] = (),
) -> MeasureResult:
    """The headline (a percentage of everyone), one percentage per other category, the count
    of everyone and the monthly trend of the headline, from (month, category, count) rows."""
    by_month: dict[datetime.date, dict[str, int]] = {}
    totals: dict[str, int] = {}
    for month, key, n in counts:
        by_month.setdefault(month, {})
        by_month[month][key] = by_month[month].get(key, 0) + n
        totals[key] = totals.get(key, 0) + n
    total = sum(totals.values())

    def share(category: Category) -> Figure:
        part = totals.get(category.key, 0)
        return Figure(category.key, category.label, percent(part, total), "percent", part, total)

    monthly = []
    for month in period.months():
        found = by_month.get(month, {})
        whole = sum(found.values())
        part = found.get(headline.key, 0)
        monthly.append(MonthPoint(month, percent(part, whole), part, whole))
    return MeasureResult(
        headline=share(headline),
        breakdown=(
            *(share(c) for c in others),
            Figure(everyone.key, everyone.label, float(total), "count", total, None),
            *extra,
        ),
        monthly=tuple(monthly),
    )


class ClassifiedMeasure(Measure):
    """A measure over a set of events (contacts, referrals, assessments...), each in exactly
    one category; the headline is the share in the first. Subclasses give the SQL."""

    headline: ClassVar[Category]
    others: ClassVar[tuple[Category, ...]]
    everyone: ClassVar[Category]

    def keys(self) -> dict[str, tuple[str, ...]]:
        """Each drill-down key and the categories behind it."""
        found: dict[str, tuple[str, ...]] = {c.key: (c.key,) for c in (self.headline, *self.others)}
        found[self.everyone.key] = tuple(found)
        return found

    def labels(self) -> dict[str, dict[str, str]]:
        """Each category's column for the drill-down, one dict shared by its rows."""
        return {c.key: {"Category": c.label} for c in (self.headline, *self.others)}

    def categories(self, key: str) -> tuple[str, ...]:
        try:
            return self.keys()[key]
        except KeyError:
            raise KeyError(key) from None

    def result(self, period: Period, *, today: datetime.date) -> MeasureResult:
        rows, extra = self.counts(period, today=today)
        return _fold(
            period,
            rows,
            headline=self.headline,
            others=self.others,
            everyone=self.everyone,
            extra=extra,
        )

    def counts(
        self, period: Period, *, today: datetime.date
    ) -> tuple[list[tuple[datetime.date, str, int]], tuple[Figure, ...]]:
        """(month, category, how many) rows, and any figures beside them (a median)."""
        raise NotImplementedError

    def rows(self, period: Period, *, today: datetime.date, key: str) -> Sequence[DrillRow]:
        return self.drill(period, today=today, categories=self.categories(key))

    def drill(
        self, period: Period, *, today: datetime.date, categories: tuple[str, ...]
    ) -> list[DrillRow]:
        raise NotImplementedError


def _median_counts(
    sql: str, params: dict[str, Any], median: Category
) -> tuple[list[tuple[datetime.date, str, int]], tuple[Figure, ...]]:
    """Run a counts query grouped by GROUPING SETS ((month, category), ()) whose last column is
    the median duration; the grand total row gives the median figure (no drill-down)."""
    counts: list[tuple[datetime.date, str, int]] = []
    middle: float | None = None
    for grand_total, month, category, n, value in _fetch(sql, params):
        if grand_total:
            middle = None if value is None else round(float(value), 1)
        else:
            counts.append((month, category, n))
    return counts, (Figure(median.key, median.label, middle, "days", drill=False),)


# --- Contacts decided within 1 working day --------------------------------------------------

# The same test as the hub dashboard's (haven/frontdoor/dashboard.py DECIDED_IN_TIME_SQL): decided
# by the received time of day on the working day after the received date, each day's deadline
# worked out in Python with the authority's calendar (dashboard.deadline_params) and joined as a
# table of days, which also gives each contact its month. Here it also sorts each contact into
# its category, so one query groups by month.
_CONTACT_CATEGORY = f"""
CASE
    WHEN c.status <> 'DECIDED' THEN 'undecided'
    WHEN {hub_dashboard.DECIDED_IN_TIME_SQL} THEN 'within'
    ELSE 'late'
END
"""  # nosec B608 # noqa: S608 - only our constant SQL is formatted in; values are parameters
_CONTACTS_FROM = f"""
FROM frontdoor_contact c
{hub_dashboard.DEADLINE_JOIN_SQL}
WHERE c.received_at >= %(start)s AND c.received_at < %(end)s
"""  # nosec B608 # noqa: S608 - only our constant SQL is formatted in; values are parameters
CONTACTS_COUNT_SQL = f"""
SELECT {_month("d.received_on")}, {_CONTACT_CATEGORY}, count(*)
{_CONTACTS_FROM}
GROUP BY 1, 2
"""  # nosec B608 # noqa: S608 - only our constant SQL is formatted in; values are parameters
CONTACTS_ROWS_SQL = f"""
SELECT cp.person_id, d.received_on, {_CONTACT_CATEGORY},
    c.reference,
    to_char(c.received_at AT TIME ZONE %(tz)s, 'DD/MM/YYYY HH24:MI'),
    to_char(c.decided_at AT TIME ZONE %(tz)s, 'DD/MM/YYYY HH24:MI')
FROM frontdoor_contact c
JOIN frontdoor_contactperson cp
    ON cp.contact_id = c.id AND cp.kind = 'CHILD' AND cp.person_id IS NOT NULL
{hub_dashboard.DEADLINE_JOIN_SQL}
WHERE c.received_at >= %(start)s AND c.received_at < %(end)s
    AND {_CONTACT_CATEGORY} = ANY(%(categories)s)
ORDER BY c.received_at, c.id, cp.id
"""  # nosec B608 # noqa: S608 - only our constant SQL is formatted in; values are parameters


class ContactsDecidedInOneWorkingDay(ClassifiedMeasure):
    slug = "contacts-decided-within-1-working-day"
    title = "Contacts decided within 1 working day"
    definition = (
        "Contacts received in the period on which the hub made its decision within 1 working "
        "day (by the same time on the next working day; Working Together 2023)."
    )
    group = "Front door"
    england = None
    headline = Category("within", "Decided within 1 working day")
    others = (
        Category("late", "Decided after more than 1 working day"),
        Category("undecided", "Not decided yet"),
    )
    everyone = Category("all", "Contacts received")

    def _params(self, period: Period) -> dict[str, Any]:
        return {
            **hub_dashboard.deadline_params(period.start, period.end),
            "start": _local_midnight(period.start),
            "end": _local_midnight(period.end + datetime.timedelta(days=1)),
        }

    def counts(
        self, period: Period, *, today: datetime.date
    ) -> tuple[list[tuple[datetime.date, str, int]], tuple[Figure, ...]]:
        rows = _fetch(CONTACTS_COUNT_SQL, self._params(period))
        return [(month, category, n) for month, category, n in rows], ()

    def drill(
        self, period: Period, *, today: datetime.date, categories: tuple[str, ...]
    ) -> list[DrillRow]:
        params = {**self._params(period), "categories": list(categories)}
        # The times are formatted by PostgreSQL: a big figure has a hundred thousand rows, and
        # loading and converting that many timestamps in Python takes seconds.
        labels = self.labels()
        return [
            DrillRow(
                person_id,
                received_on,
                f"Contact {reference}: received {received}, "
                + (f"decided {decided}" if decided else "not decided yet"),
                labels[category],
            )
            for person_id, received_on, category, reference, received, decided in _fetch(
                CONTACTS_ROWS_SQL, params
            )
        ]


# --- Re-referrals within 12 months ----------------------------------------------------------

# A referral is a re-referral when the same child's referral before it (by referral date) was
# in the 12 months before it, 12 months to the day included (DfE Children in need, C1:
# "re-referrals within 12 months of a previous referral"; reference 4.1).
_REFERRALS = """
SELECT * FROM (
    SELECT e.id, e.child_id, e.referral_date,
        lag(e.referral_date) OVER (
            PARTITION BY e.child_id ORDER BY e.referral_date, e.id
        ) AS previous_on
    FROM referrals_episodeofneed e
    WHERE e.referral_date >= %(since)s AND e.referral_date <= %(end)s
) r
WHERE r.referral_date >= %(start)s
"""
_REFERRAL_CATEGORY = """
CASE WHEN r.previous_on >= r.referral_date - interval '12 months'
    THEN 're-referred' ELSE 'not-re-referred' END
"""
REFERRALS_COUNT_SQL = f"""
SELECT {_month("r.referral_date")}, {_REFERRAL_CATEGORY}, count(*)
FROM ({_REFERRALS}) r
GROUP BY 1, 2
"""  # nosec B608 # noqa: S608 - only our constant SQL is formatted in; values are parameters
REFERRALS_ROWS_SQL = f"""
SELECT r.child_id, r.referral_date, r.previous_on, {_REFERRAL_CATEGORY}
FROM ({_REFERRALS}) r
WHERE {_REFERRAL_CATEGORY} = ANY(%(categories)s)
ORDER BY r.referral_date, r.id
"""  # nosec B608 # noqa: S608 - only our constant SQL is formatted in; values are parameters


class ReReferralsWithin12Months(ClassifiedMeasure):
    slug = "re-referrals-within-12-months"
    title = "Re-referrals within 12 months"
    definition = (
        "Referrals in the period about a child who had another referral in the 12 months "
        "before it (DfE Children in need, C1)."
    )
    group = "Front door"
    england = EnglandFigure(
        22.6, "22.6% (2024-25)", "DfE Children in need 2025, C1 Referrals and re-referrals"
    )
    headline = Category("re-referred", "Re-referred within 12 months")
    others = (Category("not-re-referred", "No referral in the 12 months before"),)
    everyone = Category("all", "Referrals")

    def _params(self, period: Period) -> dict[str, Any]:
        return {"since": add_months(period.start, -12), "start": period.start, "end": period.end}

    def counts(
        self, period: Period, *, today: datetime.date
    ) -> tuple[list[tuple[datetime.date, str, int]], tuple[Figure, ...]]:
        rows = _fetch(REFERRALS_COUNT_SQL, self._params(period))
        return [(month, category, n) for month, category, n in rows], ()

    def drill(
        self, period: Period, *, today: datetime.date, categories: tuple[str, ...]
    ) -> list[DrillRow]:
        params = {**self._params(period), "categories": list(categories)}
        labels = self.labels()
        return [
            DrillRow(
                child_id,
                referral_date,
                f"Referred {long_date(referral_date)}"
                + (f"; the referral before: {long_date(previous_on)}" if previous_on else ""),
                labels[category],
            )
            for child_id, referral_date, previous_on, category in _fetch(REFERRALS_ROWS_SQL, params)
        ]


# --- Assessments completed within 45 working days -------------------------------------------

ASSESSMENT_WORKING_DAYS = timescales.ASSESSMENT_COMPLETION.working_days or 45

# Duration: working days from the assessment's start to its authorisation, the start day being
# day 0 (DfE Children in need, C2 "completed assessments by duration", which counts from the
# start of the assessment; calendar.WorkingDayCalendar.working_days_between). 45 or fewer is in
# time (Working Together 2023, 45 working days).
_ASSESSMENTS = f"""
SELECT a.id, a.episode_id, a.start_date, a.authorised_date,
    {_month("a.authorised_date")} AS month,
    {_working_day_number("a.authorised_date")} - {_working_day_number("a.start_date")}
        AS working_days
FROM assessments_assessment a
WHERE a.authorised_date >= %(start)s AND a.authorised_date <= %(end)s
"""  # nosec B608 # noqa: S608 - only our constant SQL is formatted in; values are parameters
_WITHIN = "CASE WHEN x.working_days <= %(limit)s THEN 'within' ELSE 'late' END"
DURATION_COUNT_SQL = """
SELECT GROUPING(y.month, y.category), y.month, y.category, count(*),
    percentile_cont(0.5) WITHIN GROUP (ORDER BY y.working_days)
FROM (SELECT x.month, x.working_days, {category} AS category FROM ({source}) x) y
GROUP BY GROUPING SETS ((y.month, y.category), ())
"""
ASSESSMENTS_COUNT_SQL = DURATION_COUNT_SQL.format(category=_WITHIN, source=_ASSESSMENTS)
ASSESSMENTS_ROWS_SQL = f"""
SELECT e.child_id, x.authorised_date, x.start_date, x.working_days, {_WITHIN}
FROM ({_ASSESSMENTS}) x
JOIN referrals_episodeofneed e ON e.id = x.episode_id
WHERE {_WITHIN} = ANY(%(categories)s)
ORDER BY x.authorised_date, x.id
"""  # nosec B608 # noqa: S608 - only our constant SQL is formatted in; values are parameters


class DurationMeasure(ClassifiedMeasure):
    """Events in the period sorted by how many working days they took against a limit, with
    the median: the assessment and conference measures differ only in their SQL, their limit
    and how a row is described."""

    median: ClassVar[Category]
    limit: ClassVar[int]
    count_sql: ClassVar[str]
    rows_sql: ClassVar[str]

    def _params(self, period: Period) -> dict[str, Any]:
        return {
            "start": period.start,
            "end": period.end,
            "holidays": _weekday_holidays(),
            "limit": self.limit,
        }

    def counts(
        self, period: Period, *, today: datetime.date
    ) -> tuple[list[tuple[datetime.date, str, int]], tuple[Figure, ...]]:
        return _median_counts(self.count_sql, self._params(period), self.median)

    @abstractmethod
    def describe(self, started: datetime.date, ended: datetime.date, days: int) -> str: ...

    def drill(
        self, period: Period, *, today: datetime.date, categories: tuple[str, ...]
    ) -> list[DrillRow]:
        params = {**self._params(period), "categories": list(categories)}
        labels = self.labels()
        return [
            DrillRow(child_id, ended, self.describe(started, ended, days), labels[category])
            for child_id, ended, started, days, category in _fetch(self.rows_sql, params)
        ]


class AssessmentsWithin45WorkingDays(DurationMeasure):
    slug = "assessments-within-45-working-days"
    title = "Assessments completed within 45 working days"
    definition = (
        "Child and family assessments authorised in the period that took 45 working days or "
        "fewer from their start (DfE Children in need, C2; Working Together 2023)."
    )
    group = "Assessment and protection"
    england = EnglandFigure(
        85.7,
        "about 85.7% (2024-25)",
        "DfE Children in need 2025, C2 Completed assessments by duration",
    )
    headline = Category("within", "Completed within 45 working days")
    others = (Category("late", "Took more than 45 working days"),)
    everyone = Category("all", "Assessments authorised")
    median = Category("median-working-days", "Median working days from start to authorisation")

    limit = ASSESSMENT_WORKING_DAYS
    count_sql = ASSESSMENTS_COUNT_SQL
    rows_sql = ASSESSMENTS_ROWS_SQL

    def describe(self, started: datetime.date, ended: datetime.date, days: int) -> str:
        return f"Started {long_date(started)}, authorised {long_date(ended)}: {days} working days"


# --- Strategy discussion to initial conference within 15 working days -----------------------

ICPC_WORKING_DAYS = timescales.ICPC.working_days or 15

# Duration: working days from the strategy discussion at which the section 47 enquiry was
# initiated (census S47ActualStartDate) to the conference, the start day being day 0 (DfE
# Children in need, C4, bands 0-10 / 11-15 / 16-20 / 21+; Working Together 2023, 15 WD).
_CONFERENCES = f"""
SELECT i.id, i.episode_id, sd.held_on AS strategy_on, i.held_on,
    {_month("i.held_on")} AS month,
    {_working_day_number("i.held_on")} - {_working_day_number("sd.held_on")} AS working_days
FROM meetings_initialchildprotectionconference i
JOIN meetings_section47enquiry s ON s.id = i.section_47_enquiry_id
JOIN meetings_strategydiscussion sd ON sd.id = s.strategy_discussion_id
WHERE i.held_on >= %(start)s AND i.held_on <= %(end)s
"""  # nosec B608 # noqa: S608 - only our constant SQL is formatted in; values are parameters
CONFERENCES_COUNT_SQL = DURATION_COUNT_SQL.format(category=_WITHIN, source=_CONFERENCES)
CONFERENCES_ROWS_SQL = f"""
SELECT e.child_id, x.held_on, x.strategy_on, x.working_days, {_WITHIN}
FROM ({_CONFERENCES}) x
JOIN referrals_episodeofneed e ON e.id = x.episode_id
WHERE {_WITHIN} = ANY(%(categories)s)
ORDER BY x.held_on, x.id
"""  # nosec B608 # noqa: S608 - only our constant SQL is formatted in; values are parameters


class InitialConferencesWithin15WorkingDays(DurationMeasure):
    slug = "icpc-within-15-working-days"
    title = "Strategy discussion to initial conference within 15 working days"
    definition = (
        "Initial child protection conferences held in the period within 15 working days of "
        "the strategy discussion that started the section 47 enquiry (DfE C4; Working "
        "Together 2023)."
    )
    group = "Assessment and protection"
    england = EnglandFigure(
        81.0, "about 81% (2024-25)", "DfE Children in need 2025, C4 Section 47s and ICPCs"
    )
    headline = Category("within", "Held within 15 working days")
    others = (Category("late", "Held after more than 15 working days"),)
    everyone = Category("all", "Initial conferences held")
    median = Category("median-working-days", "Median working days from strategy discussion")

    limit = ICPC_WORKING_DAYS
    count_sql = CONFERENCES_COUNT_SQL
    rows_sql = CONFERENCES_ROWS_SQL

    def describe(self, started: datetime.date, ended: datetime.date, days: int) -> str:
        return (
            f"Strategy discussion {long_date(started)}, conference {long_date(ended)}: "
            f"{days} working days"
        )


# --- Review conferences on time -------------------------------------------------------------

# Due: the first review within 3 months of the plan's start (the day of the initial conference,
# census rule 2885), each later one within 6 months of the review before (Working Together
# 2023; timescales FIRST_REVIEW_CONFERENCE and LATER_REVIEW_CONFERENCE). PostgreSQL's month
# arithmetic clamps to the month's end like calendar.add_months (31 August + 6 months = 28
# February). Worked out from the recorded conferences, not from the stored due date.
_REVIEWS = """
SELECT x.*, CASE WHEN x.previous_on IS NULL
        THEN (x.plan_start + %(first_months)s * interval '1 month')::date
        ELSE (x.previous_on + %(later_months)s * interval '1 month')::date
    END AS due_on
FROM (
    SELECT r.id, r.held_on, p.child_id, p.start_date AS plan_start,
        lag(r.held_on) OVER (PARTITION BY r.plan_id ORDER BY r.held_on, r.id) AS previous_on
    FROM meetings_reviewconference r
    JOIN plans_childprotectionplan p ON p.id = r.plan_id
    WHERE r.plan_id IN (
        SELECT plan_id FROM meetings_reviewconference
        WHERE held_on >= %(start)s AND held_on <= %(end)s
    )
) x
"""
_ON_TIME = "CASE WHEN y.held_on <= y.due_on THEN 'on-time' ELSE 'late' END"
REVIEWS_COUNT_SQL = f"""
SELECT {_month("y.held_on")}, {_ON_TIME}, count(*)
FROM ({_REVIEWS}) y
WHERE y.held_on >= %(start)s AND y.held_on <= %(end)s
GROUP BY 1, 2
"""  # nosec B608 # noqa: S608 - only our constant SQL is formatted in; values are parameters
REVIEWS_ROWS_SQL = f"""
SELECT y.child_id, y.held_on, y.due_on, y.previous_on IS NULL, {_ON_TIME}
FROM ({_REVIEWS}) y
WHERE y.held_on >= %(start)s AND y.held_on <= %(end)s AND {_ON_TIME} = ANY(%(categories)s)
ORDER BY y.held_on, y.id
"""  # nosec B608 # noqa: S608 - only our constant SQL is formatted in; values are parameters


class ReviewConferencesOnTime(ClassifiedMeasure):
    slug = "review-conferences-on-time"
    title = "Review conferences on time"
    definition = (
        "Review child protection conferences held in the period on or before their due date: "
        "the first within 3 months of the plan's start, then within 6 months of the last "
        "(Working Together 2023)."
    )
    group = "Assessment and protection"
    england = None
    headline = Category("on-time", "Held on or before the due date")
    others = (Category("late", "Held after the due date"),)
    everyone = Category("all", "Review conferences held")

    def _params(self, period: Period) -> dict[str, Any]:
        return {
            "start": period.start,
            "end": period.end,
            "first_months": timescales.FIRST_REVIEW_CONFERENCE.months,
            "later_months": timescales.LATER_REVIEW_CONFERENCE.months,
        }

    def counts(
        self, period: Period, *, today: datetime.date
    ) -> tuple[list[tuple[datetime.date, str, int]], tuple[Figure, ...]]:
        rows = _fetch(REVIEWS_COUNT_SQL, self._params(period))
        return [(month, category, n) for month, category, n in rows], ()

    def drill(
        self, period: Period, *, today: datetime.date, categories: tuple[str, ...]
    ) -> list[DrillRow]:
        params = {**self._params(period), "categories": list(categories)}
        labels = self.labels()
        return [
            DrillRow(
                child_id,
                held_on,
                f"{'First review' if first else 'Review'} held {long_date(held_on)}, "
                f"due by {long_date(due_on)}",
                labels[category],
            )
            for child_id, held_on, due_on, first, category in _fetch(REVIEWS_ROWS_SQL, params)
        ]


# --- Statutory visits to children on a child protection plan --------------------------------

# Visits to a child during a child protection plan: on or after its start and, for a plan that
# has ended, on or before its end. Read plan by plan through the visit_child_latest index (the
# visits of the few thousand children on a plan in the period, not every visit of the
# authority). Each plan's visits start after the days the child's earlier plans covered, so a
# visit on the day one plan ends and the next starts is still one visit.
_PLAN_VISITS = """
SELECT v.id, v.child_id, v.visit_date, v.child_seen, v.seen_alone
FROM (
    SELECT p.child_id,
        GREATEST(p.start_date, %(start)s, p.covered_to + 1) AS from_on,
        LEAST(COALESCE(p.end_date, %(end)s), %(end)s) AS to_on
    FROM (
        SELECT p.child_id, p.start_date, p.end_date,
            max(COALESCE(p.end_date, 'infinity')) OVER (
                PARTITION BY p.child_id ORDER BY p.start_date, p.id
                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
            ) AS covered_to
        FROM plans_childprotectionplan p
        WHERE p.start_date <= %(end)s
    ) p
    WHERE p.end_date IS NULL OR p.end_date >= %(start)s
) p
CROSS JOIN LATERAL (
    SELECT v.id, v.child_id, v.visit_date, v.child_seen, v.seen_alone
    FROM casework_visit v
    WHERE v.child_id = p.child_id AND v.visit_date >= p.from_on AND v.visit_date <= p.to_on
    OFFSET 0 -- a fence: keeps this a per-plan index scan, never a hash join over every visit
) v
"""
_SEEN = """
CASE WHEN v.seen_alone THEN 'seen-alone'
    WHEN v.child_seen THEN 'not-seen-alone'
    ELSE 'not-seen' END
"""
SEEN_ALONE_COUNT_SQL = f"""
SELECT {_month("v.visit_date")}, {_SEEN}, count(*)
FROM ({_PLAN_VISITS}) v
GROUP BY 1, 2
"""  # nosec B608 # noqa: S608 - only our constant SQL is formatted in; values are parameters
SEEN_ALONE_ROWS_SQL = f"""
SELECT v.child_id, v.visit_date, {_SEEN}
FROM ({_PLAN_VISITS}) v
WHERE {_SEEN} = ANY(%(categories)s)
ORDER BY v.visit_date, v.id
"""  # nosec B608 # noqa: S608 - only our constant SQL is formatted in; values are parameters


class VisitsChildSeenAlone(ClassifiedMeasure):
    slug = "cp-visits-seen-alone"
    title = "Children seen alone on statutory visits"
    definition = (
        "Statutory visits in the period to children on a child protection plan at which the "
        "child was seen alone (Ofsted Annex A, List 7)."
    )
    group = "Visits to children on a plan"
    england = None
    headline = Category("seen-alone", "Child seen alone")
    others = (
        Category("not-seen-alone", "Child seen, but not alone"),
        Category("not-seen", "Child not seen"),
    )
    everyone = Category("all", "Visits")

    def _params(self, period: Period, today: datetime.date) -> dict[str, Any]:
        return {"start": period.start, "end": min(period.end, today)}

    def counts(
        self, period: Period, *, today: datetime.date
    ) -> tuple[list[tuple[datetime.date, str, int]], tuple[Figure, ...]]:
        rows = _fetch(SEEN_ALONE_COUNT_SQL, self._params(period, today))
        return [(month, category, n) for month, category, n in rows], ()

    def drill(
        self, period: Period, *, today: datetime.date, categories: tuple[str, ...]
    ) -> list[DrillRow]:
        params = {**self._params(period, today), "categories": list(categories)}
        labels = self.labels()
        return [
            DrillRow(
                child_id,
                visit_date,
                f"Visit on {long_date(visit_date)}",
                labels[category],
            )
            for child_id, visit_date, category in _fetch(SEEN_ALONE_ROWS_SQL, params)
        ]


# A child on a plan is overdue a visit from the day after the visit was due until the next
# visit (a late visit's own day counts as overdue), or until the plan ended, or until the end
# of the period if neither came. Each visit is due by the authority's visiting interval after
# the plan's start or the visit before (timescales CP_VISIT: no national figure, default 10
# working days, set locally; due dates as timescales.due_date works them out, so a visit on the
# due date is on time, as on My work). Each anchor's due date comes from an array worked out in
# Python for every date from `lo` to the period's end; an anchor before `lo` was due before the
# period started, so the period sees it as already overdue (`lo - 1` stands for its due date).
_GAPS = """
WITH plan AS (
    SELECT p.id, p.child_id, p.start_date,
        CASE WHEN p.end_date <= %(end)s THEN p.end_date END AS ended_on
    FROM plans_childprotectionplan p
    WHERE p.start_date <= %(end)s AND (p.end_date IS NULL OR p.end_date >= %(start)s)
),
anchor AS (
    SELECT plan.id AS plan_id, plan.child_id, plan.start_date AS anchor_on, 0 AS kind,
        plan.ended_on
    FROM plan
    WHERE plan.start_date >= %(lo)s
    UNION ALL
    -- Of the anchors before `lo`, only the last can be late in the period (the one before it
    -- ends where the next begins, before its due date): the plan's start or its latest visit.
    SELECT plan.id, plan.child_id, COALESCE(before_lo.visit_date, plan.start_date), 1,
        plan.ended_on
    FROM plan
    CROSS JOIN LATERAL (
        SELECT max(v.visit_date) AS visit_date FROM casework_visit v
        WHERE v.child_id = plan.child_id
            AND v.visit_date >= plan.start_date
            AND v.visit_date < %(lo)s
            AND v.visit_date <= COALESCE(plan.ended_on, %(end)s)
    ) before_lo
    WHERE plan.start_date < %(lo)s
    UNION ALL
    SELECT plan.id, plan.child_id, v.visit_date, 1, plan.ended_on
    FROM plan
    CROSS JOIN LATERAL (
        -- Per plan, from the visit_child_latest index alone (an index-only scan): cheaper
        -- than reading every visit of the authority.
        SELECT v.visit_date FROM casework_visit v
        WHERE v.child_id = plan.child_id
            AND v.visit_date >= GREATEST(plan.start_date, %(lo)s)
            AND v.visit_date <= COALESCE(plan.ended_on, %(end)s)
    ) v
),
gap AS (
    SELECT a.plan_id, a.child_id, a.anchor_on,
        CASE WHEN a.anchor_on < %(lo)s THEN %(lo)s - 1
            ELSE (%(due_on)s::date[])[a.anchor_on - %(lo)s + 1]
        END AS due_on,
        lead(a.anchor_on) OVER next_one AS next_visit_on,
        COALESCE(lead(a.anchor_on) OVER next_one, a.ended_on, 'infinity'::date) AS ends_on
    FROM anchor a
    WINDOW next_one AS (PARTITION BY a.plan_id ORDER BY a.anchor_on, a.kind)
),
late AS (
    SELECT * FROM gap
    WHERE gap.due_on < gap.ends_on AND gap.due_on < %(end)s AND gap.ends_on >= %(start)s
)
"""
VISITS_COUNT_SQL = f"""
{_GAPS}
SELECT m.first_day,
    (SELECT count(DISTINCT plan.child_id) FROM plan
        WHERE plan.start_date <= m.last_day
        AND (plan.ended_on IS NULL OR plan.ended_on >= m.first_day)),
    (SELECT count(DISTINCT late.child_id) FROM late
        WHERE late.due_on < m.last_day AND late.ends_on >= m.first_day)
FROM unnest(%(first_days)s::date[], %(last_days)s::date[]) AS m (first_day, last_day)
UNION ALL
SELECT NULL, (SELECT count(DISTINCT child_id) FROM plan),
    (SELECT count(DISTINCT child_id) FROM late)
"""  # nosec B608 # noqa: S608 - only our constant SQL is formatted in; values are parameters
VISITS_LATE_ROWS_SQL = f"""
{_GAPS}
SELECT late.child_id, min(GREATEST(late.due_on + 1, %(start)s)), min(late.due_on), count(*)
FROM late
GROUP BY late.child_id
ORDER BY 2, 1
"""  # nosec B608 # noqa: S608 - only our constant SQL is formatted in; values are parameters
VISITS_ON_TIME_ROWS_SQL = f"""
{_GAPS}
SELECT plan.child_id, min(plan.start_date)
FROM plan
WHERE plan.child_id NOT IN (SELECT child_id FROM late)
GROUP BY plan.child_id
ORDER BY 2, 1
"""  # nosec B608 # noqa: S608 - only our constant SQL is formatted in; values are parameters


class VisitsOnTime(Measure):
    slug = "cp-visits-on-time"
    title = "Statutory visits on time"
    definition = (
        "Children on a child protection plan in the period who were never overdue a statutory "
        "visit in it: each visit within the authority's visiting interval of the plan's start "
        "or the visit before."
    )
    group = "Visits to children on a plan"
    england = None

    def _timescale(self) -> timescales.Timescale:
        return core_selectors.timescales_in_force()["CP_VISIT"]

    def _params(self, period: Period, today: datetime.date) -> dict[str, Any]:
        end = max(period.start, min(period.end, today))
        timescale = self._timescale()
        calendar = core_selectors.working_calendar()

        def due(day: datetime.date) -> datetime.date:
            return timescales.due_date(timescale, start=day, calendar=calendar)

        # The earliest anchor whose visit falls due on or after the period's start (due dates
        # never go backwards as the anchor moves on, so every earlier one was due before it).
        lo = period.start
        one_day = datetime.timedelta(days=1)
        while due(lo - one_day) >= period.start:
            lo -= one_day
        days = (end - lo).days + 1
        months = list(Period(period.start, end).month_periods())
        return {
            "start": period.start,
            "end": end,
            "lo": lo,
            "due_on": [due(lo + datetime.timedelta(days=i)) for i in range(days)],
            "first_days": [m.start for m in months],
            "last_days": [m.end for m in months],
            "interval": timescale.describe(),
        }

    def result(self, period: Period, *, today: datetime.date) -> MeasureResult:
        params = self._params(period, today)
        monthly: dict[datetime.date, tuple[int, int]] = {}
        total = (0, 0)
        for first_day, children, late in _fetch(VISITS_COUNT_SQL, params):
            if first_day is None:
                total = (children, late)
            else:
                monthly[first_day.replace(day=1)] = (children, late)
        children, late = total
        points = []
        for month in period.months():
            whole, overdue = monthly.get(month, (0, 0))
            points.append(
                MonthPoint(month, percent(whole - overdue, whole), whole - overdue, whole)
            )
        interval = params["interval"]
        return MeasureResult(
            headline=Figure(
                "on-time",
                f"Visited on time throughout (every {interval})",
                percent(children - late, children),
                "percent",
                children - late,
                children,
            ),
            breakdown=(
                Figure(
                    "late",
                    f"Overdue a visit at some point (more than {interval})",
                    percent(late, children),
                    "percent",
                    late,
                    children,
                ),
                Figure(
                    "all",
                    "Children on a child protection plan",
                    float(children),
                    "count",
                    children,
                    None,
                ),
            ),
            monthly=tuple(points),
        )

    def rows(self, period: Period, *, today: datetime.date, key: str) -> Sequence[DrillRow]:
        if key not in ("on-time", "late", "all"):
            raise KeyError(key)
        params = self._params(period, today)
        found: list[DrillRow] = []
        if key in ("late", "all"):
            for child_id, overdue_from, due_on, times in _fetch(VISITS_LATE_ROWS_SQL, params):
                found.append(
                    DrillRow(
                        child_id,
                        overdue_from,
                        f"Overdue a visit from {long_date(overdue_from)}"
                        + (f" (due by {long_date(due_on)})" if due_on >= params["lo"] else "")
                        + (f"; overdue {times} times in the period" if times > 1 else ""),
                        {"Category": "Overdue a visit"},
                    )
                )
        if key in ("on-time", "all"):
            for child_id, plan_start in _fetch(VISITS_ON_TIME_ROWS_SQL, params):
                found.append(
                    DrillRow(
                        child_id,
                        plan_start,
                        f"On a plan from {long_date(plan_start)}",
                        {"Category": "Visited on time"},
                    )
                )
        return found


MEASURES: tuple[Measure, ...] = (
    ContactsDecidedInOneWorkingDay(),
    ReReferralsWithin12Months(),
    AssessmentsWithin45WorkingDays(),
    InitialConferencesWithin15WorkingDays(),
    ReviewConferencesOnTime(),
    VisitsOnTime(),
    VisitsChildSeenAlone(),
)
