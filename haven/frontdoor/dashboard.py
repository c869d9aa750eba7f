"""The hub's dashboard (issue 4): the queue now, and how the hub did over a period.

Pure reads. Each figure is one aggregate query, so the work stays in PostgreSQL at the size of
the largest borough (100,000 contacts a year): nothing loops over contacts in Python. Every
function takes the moment (`now`) or the `Period` it is about, so tests can pin both.

The figures over a period are about the contacts *received* in it (a cohort): one population
for every figure, read through the `contact_received` index.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from haven.core.selectors import working_calendar
from haven.frontdoor import clocks
from haven.frontdoor.models import Contact, InformationRequest, PartnerAgency
from haven.statutory import codes
from haven.statutory.calendar import add_months

# --- The period -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodChoice:
    code: str
    label: str
    # Whole weeks (from Monday) or whole calendar months, the current one included.
    weeks: int = 0
    months: int = 0

    @property
    def bucket(self) -> str:
        """The chart's bars: weekly up to 3 months, monthly beyond (PostgreSQL date_trunc)."""
        return "week" if self.weeks else "month"


PERIOD_CHOICES: tuple[PeriodChoice, ...] = (
    PeriodChoice("4w", "Last 4 weeks", weeks=4),
    PeriodChoice("3m", "Last 3 months (13 weeks)", weeks=13),
    PeriodChoice("12m", "Last 12 months", months=12),
)
PERIODS = {choice.code: choice for choice in PERIOD_CHOICES}
DEFAULT_PERIOD = "3m"


@dataclass(frozen=True)
class Period:
    """From the start of the first whole week or month (local midnight) up to `end` (now)."""

    choice: PeriodChoice
    start: datetime.datetime
    end: datetime.datetime

    @property
    def code(self) -> str:
        return self.choice.code

    @property
    def label(self) -> str:
        return self.choice.label

    @property
    def bucket(self) -> str:
        return self.choice.bucket

    @property
    def first_day(self) -> datetime.date:
        return timezone.localtime(self.start, _tz()).date()

    @property
    def last_day(self) -> datetime.date:
        return timezone.localtime(self.end, _tz()).date()


def _tz() -> datetime.tzinfo:
    return timezone.get_default_timezone()


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=_tz())


def period_for(code: str, *, now: datetime.datetime) -> Period:
    """The period `code` names (a key of PERIODS), ending at `now`."""
    choice = PERIODS[code]
    today = timezone.localtime(now, _tz()).date()
    if choice.weeks:
        this_monday = today - datetime.timedelta(days=today.weekday())
        first = this_monday - datetime.timedelta(weeks=choice.weeks - 1)
    else:
        first = add_months(today.replace(day=1), -(choice.months - 1))
    return Period(choice=choice, start=_local_midnight(first), end=now)


def _bucket_starts(period: Period) -> list[datetime.date]:
    """The first day of every week or month in the period, empty ones included."""
    starts: list[datetime.date] = []
    day = period.first_day
    while day <= period.last_day:
        starts.append(day)
        day = day + datetime.timedelta(weeks=1) if period.bucket == "week" else add_months(day, 1)
    return starts


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


# --- The queue now --------------------------------------------------------------------------

# "Due soon": the decision is due within the next 4 hours (the red clock's length).
DUE_SOON = datetime.timedelta(hours=4)
RATING_ORDER = ("RED", "AMBER", "GREEN", "")


def rating_label(rating: str) -> str:
    return Contact.Rating(rating).label if rating else "Not rated"


@dataclass(frozen=True)
class QueueRow:
    rating: str
    label: str
    waiting: int = 0
    overdue: int = 0
    due_soon: int = 0


@dataclass(frozen=True)
class QueueNow:
    rows: list[QueueRow]
    total: QueueRow


def queue_by_rating(*, now: datetime.datetime) -> QueueNow:
    """Contacts not yet decided by rating, with how many are past their due time (breaches
    now) and how many fall due in the next 4 hours. One query on the open-queue index."""
    found = {
        row["rag"]: row
        for row in Contact.objects.exclude(status=Contact.Status.DECIDED)
        .values("rag")
        .annotate(
            waiting=Count("pk"),
            overdue=Count("pk", filter=Q(due_at__lt=now)),
            due_soon=Count("pk", filter=Q(due_at__gte=now, due_at__lte=now + DUE_SOON)),
        )
        .order_by()
    }
    rows = [
        QueueRow(
            rating=rating,
            label=rating_label(rating),
            waiting=found.get(rating, {}).get("waiting", 0),
            overdue=found.get(rating, {}).get("overdue", 0),
            due_soon=found.get(rating, {}).get("due_soon", 0),
        )
        for rating in RATING_ORDER
    ]
    total = QueueRow(
        rating="all",
        label="All contacts waiting",
        waiting=sum(r.waiting for r in rows),
        overdue=sum(r.overdue for r in rows),
        due_soon=sum(r.due_soon for r in rows),
    )
    return QueueNow(rows=rows, total=total)


def overdue_contacts(*, now: datetime.datetime, limit: int = 10) -> list[Contact]:
    """The longest-overdue contacts not yet decided: references only, no one's name."""
    return list(
        Contact.objects.exclude(status=Contact.Status.DECIDED)
        .filter(due_at__lt=now)
        .only("pk", "reference", "rag", "due_at", "received_at")
        .order_by("due_at", "pk")[:limit]
    )


@dataclass(frozen=True)
class AgencyRequests:
    agency: str
    label: str
    open: int = 0
    overdue: int = 0


def requests_by_agency(*, now: datetime.datetime) -> list[AgencyRequests]:
    """Requests to partner agencies still waiting for an answer, and how many are past the
    date the hub asked for, for every agency of the hub. One query."""
    found = {
        row["agency"]: row
        for row in InformationRequest.objects.filter(status=InformationRequest.Status.OPEN)
        .values("agency")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_at__lt=now)))
        .order_by()
    }
    return [
        AgencyRequests(
            agency=agency,
            label=label,
            open=found.get(agency, {}).get("open", 0),
            overdue=found.get(agency, {}).get("overdue", 0),
        )
        for agency, label in PartnerAgency.choices
    ]


# --- Timeliness over the period -------------------------------------------------------------


@dataclass(frozen=True)
class Timeliness:
    received: int
    decided: int
    # Decided after the due time the hub's clock set (a decision exactly at it is on time).
    late: int
    # Decided within 1 working day of receipt: Working Together 2023 (reference
    # child-protection-england.md 1.1), the statutory clock an unrated contact runs on.
    within_working_day: int

    @property
    def waiting(self) -> int:
        return self.received - self.decided

    @property
    def late_percent(self) -> float | None:
        return _percent(self.late, self.decided)

    @property
    def within_working_day_percent(self) -> float | None:
        return _percent(self.within_working_day, self.decided)


# The deadline of each contact is its received time of day on the working day its received date
# leads to (haven/statutory/triage.py `due_at`). The few hundred dates of the period are worked
# out in Python with the authority's calendar and joined to the contacts as a table of days, so
# the calendar's bank holidays and closure days apply without a query per contact.
#
# Converting every contact's time to local time is most of the cost of a year of contacts, so
# the table finds each contact's day from its instant (width_bucket over the days' local
# midnights) and, on an ordinary day, its deadline is its instant moved on by the length of time
# from its day's local midnight to its due day's: the same wall-clock time on the due day. On a
# day when the clocks change (or a contact due on one) the local time of day is not that
# length from midnight, so those few contacts are converted exactly, as before.
DEADLINE_DAYS_SQL = """
    SELECT day.i, day.received_on, day.due_on, day.shift_seconds * interval '1 second' AS shift
    FROM unnest(
        %(received_on)s::date[], %(due_on)s::date[], %(shift_seconds)s::bigint[]
    ) WITH ORDINALITY AS day (received_on, due_on, shift_seconds, i)
"""
# Joins `d` (a row of DEADLINE_DAYS_SQL) to each contact `c` received in the period.
DEADLINE_JOIN_SQL = f"""
LEFT JOIN ({DEADLINE_DAYS_SQL}) d
    ON d.i = width_bucket(c.received_at, %(day_starts)s::timestamptz[])
"""  # nosec B608 # noqa: S608 - constant SQL joined to constant SQL; values are parameters
# True when contact `c` was decided by its deadline (false when it is not decided).
DECIDED_IN_TIME_SQL = """
c.decided_at <= CASE
    WHEN d.shift IS NOT NULL THEN c.received_at + d.shift
    ELSE (d.due_on + (c.received_at AT TIME ZONE %(tz)s)::time) AT TIME ZONE %(tz)s
END
"""

TIMELINESS_SQL = f"""
SELECT
    count(*),
    count(*) FILTER (WHERE c.status = 'DECIDED'),
    count(*) FILTER (WHERE c.status = 'DECIDED' AND c.decided_at > c.due_at),
    count(*) FILTER (WHERE c.status = 'DECIDED' AND {DECIDED_IN_TIME_SQL})
FROM frontdoor_contact c
{DEADLINE_JOIN_SQL}
WHERE c.received_at >= %(start)s AND c.received_at < %(end)s
"""  # nosec B608 # noqa: S608 - constant SQL joined to constant SQL; values are parameters


def working_day_deadlines(
    first: datetime.date, last: datetime.date
) -> dict[datetime.date, datetime.date]:
    """For each date from `first` to `last`: the date a contact received on it is due, on the
    statutory clock of 1 working day (the clock an unrated contact runs on)."""
    calendar = working_calendar()
    days = clocks.clock_for("").working_days or 0
    deadlines: dict[datetime.date, datetime.date] = {}
    day = first
    while day <= last:
        deadlines[day] = calendar.add_working_days(day, days)
        day += datetime.timedelta(days=1)
    return deadlines


def _clocks_change(day: datetime.date) -> bool:
    """Whether the local time's offset from UTC changes during `day` (British Summer Time
    starts or ends)."""
    next_day = day + datetime.timedelta(days=1)
    return _local_midnight(day).utcoffset() != _local_midnight(next_day).utcoffset()


def _local_midnights(first: datetime.date, last: datetime.date) -> list[datetime.datetime]:
    """The local midnight of every day from `first` to `last`: the thresholds width_bucket
    sorts contacts' instants into days by (DEADLINE_JOIN_SQL, RECEIVED_ON)."""
    days = (last - first).days + 1
    return [_local_midnight(first + datetime.timedelta(days=n)) for n in range(days)]


def deadline_params(first: datetime.date, last: datetime.date) -> dict[str, Any]:
    """The parameters of DEADLINE_JOIN_SQL and DECIDED_IN_TIME_SQL for contacts received from
    `first` to `last` (local dates): each day's local midnight, its due date, and the seconds
    from one midnight to the other, or None when the clocks change on either day."""
    deadlines = working_day_deadlines(first, last)
    shifts: list[int | None] = []
    for received_on, due_on in deadlines.items():
        if _clocks_change(received_on) or _clocks_change(due_on):
            shifts.append(None)
        else:
            # In UTC: Python subtracts two times of one zone by their clocks alone.
            gap = _local_midnight(due_on).astimezone(datetime.UTC) - _local_midnight(
                received_on
            ).astimezone(datetime.UTC)
            shifts.append(int(gap.total_seconds()))
    return {
        "received_on": list(deadlines),
        "due_on": list(deadlines.values()),
        "shift_seconds": shifts,
        "day_starts": _local_midnights(first, last),
        "tz": settings.TIME_ZONE,
    }


def timeliness(*, period: Period) -> Timeliness:
    """Of the contacts received in the period: how many were decided, how many of those after
    their due time (breaches), and how many within 1 working day of receipt. One query."""
    with connection.cursor() as cursor:
        cursor.execute(
            TIMELINESS_SQL,
            {
                **deadline_params(period.first_day, period.last_day),
                "start": period.start,
                "end": period.end,
            },
        )
        received, decided, late, within = cursor.fetchone()
    return Timeliness(received=received, decided=decided, late=late, within_working_day=within)


# --- Time in the hub ------------------------------------------------------------------------


@dataclass(frozen=True)
class TimeInHub:
    rating: str
    label: str
    decided: int
    median_hours: float | None
    p90_hours: float | None


TIME_IN_HUB_SQL = """
SELECT
    GROUPING(c.rag),
    c.rag,
    count(*),
    percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.decided_at - c.received_at)),
    percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM c.decided_at - c.received_at))
FROM frontdoor_contact c
WHERE c.received_at >= %(start)s AND c.received_at < %(end)s AND c.status = 'DECIDED'
GROUP BY GROUPING SETS ((c.rag), ())
"""


def _hours(seconds: float | None) -> float | None:
    return None if seconds is None else round(float(seconds) / 3600, 1)


def time_in_hub(*, period: Period) -> list[TimeInHub]:
    """How long contacts received in the period waited for the hub's decision: the median and
    the 90th percentile in hours (PostgreSQL percentile_cont), for all of them and by rating.
    One query."""
    with connection.cursor() as cursor:
        cursor.execute(TIME_IN_HUB_SQL, {"start": period.start, "end": period.end})
        rows = cursor.fetchall()
    by_rating = {rag: (n, p50, p90) for overall, rag, n, p50, p90 in rows if not overall}
    overall = next(((n, p50, p90) for is_all, _, n, p50, p90 in rows if is_all), (0, None, None))
    result = [
        TimeInHub("all", "All decided contacts", overall[0], _hours(overall[1]), _hours(overall[2]))
    ]
    for rating in RATING_ORDER:
        n, p50, p90 = by_rating.get(rating, (0, None, None))
        result.append(TimeInHub(rating, rating_label(rating), n, _hours(p50), _hours(p90)))
    return result


# --- Contacts by source and outcome over time -----------------------------------------------


@dataclass(frozen=True)
class Series:
    key: str
    label: str


# The census referral sources (CBDS N00152) in the groups a hub manager talks about. Housing
# (code 4) includes housing associations, so it is not counted as the council's own services.
SOURCE_GROUPS: tuple[tuple[Series, tuple[str, ...]], ...] = (
    (Series("police", "Police"), ("6",)),
    (Series("health", "Health"), ("3A", "3B", "3C", "3D", "3E", "3F")),
    (Series("education", "Schools and education"), ("2A", "2B")),
    (Series("council", "Council services"), ("5A", "5B", "5C", "5D")),
    (Series("individual", "Individuals, family and anonymous"), ("1A", "1B", "1C", "1D", "9")),
    (Series("other", "Other"), ("4", "7", "8", "10")),
)
SOURCE_GROUP_OF = {code: group.key for group, sources in SOURCE_GROUPS for code in sources}
OUTCOMES: tuple[Series, ...] = (
    *(Series(value, str(label)) for value, label in Contact.Decision.choices),
    Series("", "Not decided yet"),
)


def source_group_members() -> list[tuple[Series, list[str]]]:
    """Each group with the census sources in it, for the page's definitions."""
    return [
        (group, [codes.ReferralSource(code).label for code in sources])
        for group, sources in SOURCE_GROUPS
    ]


@dataclass
class Bucket:
    start: datetime.date
    received: int = 0
    by_source: dict[str, int] = field(default_factory=dict)
    by_outcome: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Trend:
    unit: str  # "week" or "month"
    buckets: list[Bucket]
    sources: tuple[Series, ...]
    outcomes: tuple[Series, ...]


TREND_SQL = """
SELECT
    date_trunc(%(unit)s, c.received_at AT TIME ZONE %(tz)s)::date,
    c.source,
    c.decision,
    count(*)
FROM frontdoor_contact c
WHERE c.received_at >= %(start)s AND c.received_at < %(end)s
GROUP BY 1, 2, 3
"""


def contacts_over_time(*, period: Period) -> Trend:
    """Contacts received in each week (or month) of the period, by who made them and by what
    the hub decided on them. One query; Python only folds its few hundred grouped rows."""
    sources = tuple(group for group, _ in SOURCE_GROUPS)
    buckets = {
        start: Bucket(
            start=start,
            by_source={s.key: 0 for s in sources},
            by_outcome={o.key: 0 for o in OUTCOMES},
        )
        for start in _bucket_starts(period)
    }
    with connection.cursor() as cursor:
        cursor.execute(
            TREND_SQL,
            {
                "unit": period.bucket,
                "tz": settings.TIME_ZONE,
                "start": period.start,
                "end": period.end,
            },
        )
        rows = cursor.fetchall()
    for start, source, decision, n in rows:
        bucket = buckets[start]
        bucket.received += n
        bucket.by_source[SOURCE_GROUP_OF.get(source, "other")] += n
        bucket.by_outcome[decision if decision in bucket.by_outcome else ""] += n
    return Trend(
        unit=period.bucket, buckets=list(buckets.values()), sources=sources, outcomes=OUTCOMES
    )


# --- Re-contacts ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Recontacts:
    children: int
    recontacted: int
    # Children named in the period's contacts whom the hub has not linked to a person record:
    # they cannot be recognised in another contact, so they are left out of both counts.
    unlinked: int

    @property
    def percent(self) -> float | None:
        return _percent(self.recontacted, self.children)


# A child is re-contacted when one of their contacts in the period came within 12 months after
# the contact about them before it, by date: 12 months to the day counts, a day more does not
# (the contact-level twin of the CIN census re-referral measure, "within 12 months of a previous
# referral"). The previous contact comes from a window over the child's contacts since 12
# months before the period, sorted once (no lookup per child); a child named twice in one
# contact is not a re-contact.
# The local date contact `c` was received on, from its instant: the day whose local midnight is
# the last one at or before it (width_bucket over the midnights from %(first_day)s), which costs
# far less than converting a year of contacts to local time one by one.
RECEIVED_ON = (
    "(%(first_day)s::date + (width_bucket(c.received_at, %(day_starts)s::timestamptz[]) - 1))"
)
RECONTACTS_SQL = f"""
SELECT
    count(DISTINCT named.person_id) FILTER (WHERE named.in_period),
    count(DISTINCT named.person_id) FILTER (
        WHERE named.in_period
        AND named.previous_on >= named.received_on - interval '12 months'
        AND named.previous_contact_id <> named.contact_id
    ),
    count(*) FILTER (WHERE named.in_period AND named.person_id IS NULL)
FROM (
    SELECT
        cp.person_id,
        c.id AS contact_id,
        c.received_at >= %(start)s AS in_period,
        {RECEIVED_ON} AS received_on,
        lag({RECEIVED_ON}) OVER (
            PARTITION BY cp.person_id ORDER BY c.received_at, c.id
        ) AS previous_on,
        lag(c.id) OVER (PARTITION BY cp.person_id ORDER BY c.received_at, c.id)
            AS previous_contact_id
    FROM frontdoor_contactperson cp
    JOIN frontdoor_contact c ON c.id = cp.contact_id
    WHERE cp.kind = 'CHILD' AND c.received_at >= %(since)s AND c.received_at < %(end)s
) named
"""  # nosec B608 # noqa: S608 - constant SQL joined to constant SQL; values are parameters


def recontacts(*, period: Period) -> Recontacts:
    """Of the children (linked to a person record) named in contacts received in the period,
    how many had another contact in the 12 months before. One query."""
    # Contacts before this cannot be within 12 months of any contact in the period.
    first_day = add_months(period.first_day, -12)
    day_starts = _local_midnights(first_day, period.last_day)
    with connection.cursor() as cursor:
        cursor.execute(
            RECONTACTS_SQL,
            {
                "start": period.start,
                "end": period.end,
                "since": day_starts[0],
                "first_day": first_day,
                "day_starts": day_starts,
            },
        )
        children, recontacted, unlinked = cursor.fetchone()
    return Recontacts(children=children, recontacted=recontacted, unlinked=unlinked)
