"""Stability and workload of social workers (issue 5, inspection lens): children with 3 or more
social workers in a year, changes of social worker by reason, and caseloads.

Reference 4.3 (DfE "Children's social work workforce" and looked-after children statistics).
An allocation covers the days from its start up to the day before its end (the next worker
starts on the end date), as ``workforce.Allocation`` keeps it; a worker is in post from their
start date to their end date, both included.

The two snapshot measures are taken at every month end of the period in one query. Rather than
pair every open case with every month end (hundreds of thousands of rows to sort in the large
borough), each episode and allocation becomes a bitmask over the month ends (bit i for the
i-th): ``width_bucket`` counts the month ends before a date, and the days from ``start`` up to
the day before ``end`` cover the month ends numbered ``count(< start) + 1`` to ``count(< end)``,
which is the mask ``(1 << count(< end)) - (1 << count(< start))``. A bigint holds
:data:`MAX_DAYS` month ends; longer periods take one query per :data:`MAX_DAYS` months.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from haven.inspection.measures.base import (
    DrillRow,
    EnglandFigure,
    Figure,
    Measure,
    MeasureResult,
    MonthPoint,
    Period,
    long_date,
)
from haven.inspection.measures.cohort import (
    CohortMeasure,
    Params,
    SnapshotMeasure,
    as_at_dates,
    fetch,
    fetch_dicts,
    spec,
)
from haven.statutory import codes
from haven.statutory.calendar import add_months

GROUP = "Social workers"
MAX_DAYS = 62  # month ends in one bigint bitmask (bit 63 would be the sign)

# A child's case is open on a day when an episode of need is: referred on or before it and not
# closed by it (a case closed that day is not counted, as the census counts children in need
# at 31 March). Merged duplicate records are left out. A social worker is in post on a day from
# their start date to their end date, both included.

# --- Children with 3 or more social workers in the last 12 months ------------------------------

# For each day (month end): the children whose case is open, and whether 1, 2, or 3 or more
# different workers were allocated to them on some day of the 12 months to it (`since` is its
# first day). An allocation counts for month end i when it started by then and ended after
# since_i: for the month ends numbered count(on_date < start) + 1 to count(since <= end - 1).
# Same-day corrections (an allocation ended the day it started) held the case for no day and are
# not counted. Each (child, worker) pair ORs its allocations' masks; then, over a child's pairs
# in order, `before1` holds the month ends an earlier pair already had and `before2` those two
# earlier pairs had, so "seen & before2" marks a third worker.
WORKERS_CTES = """
WITH as_at AS (
    SELECT x.on_date, x.since, 1::bigint << (x.i - 1)::int AS bit
    FROM unnest(%(on_date)s::date[], %(since)s::date[]) WITH ORDINALITY AS x(on_date, since, i)
),
open_case AS (
    SELECT
        e.child_id,
        bit_or(
            (1::bigint << width_bucket(coalesce(e.closure_date - 1, %(last)s), %(on_date)s::date[]))
            - (1::bigint << width_bucket(e.referral_date - 1, %(on_date)s::date[]))
        ) AS open
    FROM referrals_episodeofneed e
    WHERE e.referral_date <= %(last)s
    AND (e.closure_date IS NULL OR e.closure_date > %(first)s)
    AND e.child_id NOT IN (SELECT id FROM people_person WHERE merged_into_id IS NOT NULL)
    GROUP BY e.child_id
),
pair AS (
    SELECT
        a.child_id,
        a.worker_id,
        bit_or(
            (1::bigint << greatest(
                width_bucket(coalesce(a.end_date - 1, %(last)s), %(since)s::date[]),
                width_bucket(a.start_date - 1, %(on_date)s::date[])
            ))
            - (1::bigint << width_bucket(a.start_date - 1, %(on_date)s::date[]))
        ) AS seen
    FROM workforce_allocation a
    WHERE a.child_id IN (SELECT child_id FROM open_case)
    AND a.start_date <= %(last)s
    AND (a.end_date IS NULL OR (a.end_date > %(first_since)s AND a.end_date > a.start_date))
    GROUP BY a.child_id, a.worker_id
),
first_pass AS (
    SELECT child_id, worker_id, seen, coalesce(bit_or(seen) OVER earlier, 0) AS before1
    FROM pair
    WINDOW earlier AS (
        PARTITION BY child_id ORDER BY worker_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
    )
),
second_pass AS (
    SELECT
        child_id,
        seen,
        seen & before1 AS second,
        coalesce(bit_or(seen & before1) OVER earlier, 0) AS before2
    FROM first_pass
    WINDOW earlier AS (
        PARTITION BY child_id ORDER BY worker_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
    )
),
workers AS (
    SELECT
        child_id,
        bit_or(seen) AS one_or_more,
        bit_or(second) AS two_or_more,
        bit_or(seen & before2) AS three_or_more
    FROM second_pass
    GROUP BY child_id
)
"""
# One row per child counted on each day, for the drill-down.
WORKERS_COHORT = (
    WORKERS_CTES  # nosec B608 # noqa: S608 - constant SQL joined to constant SQL, no input
    + """
SELECT
    o.child_id AS person_id,
    x.on_date,
    x.since,
    CASE
        WHEN w.three_or_more & x.bit <> 0 THEN 'three-or-more'
        WHEN w.two_or_more & x.bit <> 0 THEN 'two'
        WHEN w.one_or_more & x.bit <> 0 THEN 'one'
        ELSE 'none'
    END AS band
FROM open_case o
JOIN as_at x ON o.open & x.bit <> 0
LEFT JOIN workers w ON w.child_id = o.child_id
"""
)
# The counts by day and band for the page: children with the same masks are counted together
# first, so only a few thousand mask combinations meet the month ends, not every child.
WORKERS_COUNTS = (
    WORKERS_CTES  # nosec B608 # noqa: S608 - constant SQL joined to constant SQL, no input
    + """,
combination AS (
    SELECT
        o.open,
        coalesce(w.one_or_more, 0) AS one_or_more,
        coalesce(w.two_or_more, 0) AS two_or_more,
        coalesce(w.three_or_more, 0) AS three_or_more,
        count(*) AS children
    FROM open_case o
    LEFT JOIN workers w ON w.child_id = o.child_id
    GROUP BY 1, 2, 3, 4
)
SELECT
    x.on_date,
    CASE
        WHEN c.three_or_more & x.bit <> 0 THEN 'three-or-more'
        WHEN c.two_or_more & x.bit <> 0 THEN 'two'
        WHEN c.one_or_more & x.bit <> 0 THEN 'one'
        ELSE 'none'
    END AS band,
    sum(c.children)::int
FROM combination c
JOIN as_at x ON c.open & x.bit <> 0
GROUP BY 1, 2
"""
)


WORKERS_DETAIL = {
    "three-or-more": "3 or more social workers",
    "two": "2 social workers",
    "one": "1 social worker",
    "none": "No social worker",
}


class ThreeOrMoreSocialWorkers(SnapshotMeasure):
    slug = "three-or-more-social-workers"
    title = "Children with 3 or more social workers in the last 12 months"
    definition = (
        "Children with an open case at the end of the period (or today, if sooner) who had 3 or "
        "more different social workers allocated at some time in the 12 months to that day."
    )
    group = GROUP
    # Reference 4.3: the DfE publishes this for looked-after children only (SSDA903
    # SWEpisodes); there is no national figure for children in need or on a plan.
    england = EnglandFigure(
        27.0,
        "27% of looked-after children (no national figure for children in need or on a "
        "child protection plan)",
        "DfE Children looked after in England, social worker changes (reference 4.3)",
    )
    headline_spec = spec("three-or-more", "3 or more social workers", "three-or-more")
    breakdown_specs = (
        spec("two", "2 social workers", "two"),
        spec("one", "1 social worker", "one"),
        spec("none", "No social worker allocated", "none"),
        spec(
            "open",
            "Children with an open case",
            "three-or-more",
            "two",
            "one",
            "none",
            unit="count",
        ),
    )

    max_days = MAX_DAYS

    def cohort(self, days: Sequence[datetime.date]) -> tuple[str, Params]:
        return WORKERS_COHORT, self.params(days)

    def counts(self, days: Sequence[datetime.date]) -> tuple[str, Params]:
        return WORKERS_COUNTS, self.params(days)

    def params(self, days: Sequence[datetime.date]) -> Params:
        since = [add_months(day, -12) + datetime.timedelta(days=1) for day in days]
        return {
            "on_date": list(days),
            "since": since,
            "first": min(days),
            "last": max(days),
            "first_since": min(since),
        }

    def detail(self, row: Mapping[str, Any]) -> str:
        workers = WORKERS_DETAIL.get(row["band"], row["band"])
        return f"{workers} from {long_date(row['since'])} to {long_date(row['on_date'])}"


# --- Changes of social worker by reason --------------------------------------------------------

# Every allocation with a change reason replaced the child's previous worker (the first
# allocation has none): counted on the day the new worker started. Only children are referred,
# so a person with an episode of need is a child (an adult's allocation is left out).
CHANGES_COHORT = """
SELECT a.child_id AS person_id, a.start_date AS on_date, a.change_reason AS band
FROM workforce_allocation a
WHERE a.change_reason <> '' AND a.start_date >= %(start)s AND a.start_date <= %(end)s
AND a.child_id NOT IN (SELECT id FROM people_person WHERE merged_into_id IS NOT NULL)
AND a.child_id IN (SELECT child_id FROM referrals_episodeofneed)
"""


def _reason_key(reason: codes.SocialWorkerChangeReason) -> str:
    return reason.name.lower().replace("_", "-")


class SocialWorkerChanges(CohortMeasure):
    slug = "social-worker-changes"
    title = "Changes of social worker, by reason"
    definition = (
        "Times a child's social worker was replaced by another in the period, by the reason "
        "recorded (SSDA903 social worker change reasons)."
    )
    group = GROUP
    england = None  # reference 4.3: no national figure by reason
    headline_spec = spec(
        "changes",
        "Changes of social worker",
        *(reason.code for reason in codes.SocialWorkerChangeReason),
        unit="count",
    )
    breakdown_specs = tuple(
        spec(_reason_key(reason), reason.label, reason.code, unit="count")
        for reason in codes.SocialWorkerChangeReason
    )

    def cohort(self, period: Period, *, today: datetime.date) -> tuple[str, Params]:
        return CHANGES_COHORT, {"start": period.start, "end": period.end}

    def detail(self, row: Mapping[str, Any]) -> str:
        try:
            return f"New social worker: {codes.SocialWorkerChangeReason(row['band']).label}"
        except ValueError:
            return f"New social worker: reason {row['band']}"


# --- Caseloads ----------------------------------------------------------------------------------

# The children allocated on each day (month end) to each worker, counting a child only while
# their case is open (an allocation left running after the case closed is not a case held; only
# children are referred, so an adult allocated is left out too). Each child's open month ends
# are a bitmask (see the module docstring); an allocation covers the month ends numbered
# count(on_date < start) + 1 to count(on_date < end). `held` counts each worker's allocations by
# the month ends they cover, so only those few groups meet the month ends.
# One row per day: the case-holding social workers in post (holding at least one child), their
# children, their FTE, the median and largest caseload, how many hold more than the threshold,
# the social workers in post holding none, and the children still allocated to someone who is
# not a social worker in post (left, or another role).
CASELOADS_SQL = """
WITH as_at AS (
    SELECT x.on_date, 1::bigint << (x.i - 1)::int AS bit
    FROM unnest(%(on_date)s::date[]) WITH ORDINALITY AS x(on_date, i)
),
open_case AS (
    SELECT
        e.child_id,
        bit_or(
            (1::bigint << width_bucket(coalesce(e.closure_date - 1, %(last)s), %(on_date)s::date[]))
            - (1::bigint << width_bucket(e.referral_date - 1, %(on_date)s::date[]))
        ) AS open
    FROM referrals_episodeofneed e
    WHERE e.referral_date <= %(last)s
    AND (e.closure_date IS NULL OR e.closure_date > %(first)s)
    AND e.child_id NOT IN (SELECT id FROM people_person WHERE merged_into_id IS NOT NULL)
    GROUP BY e.child_id
),
held AS (
    SELECT
        a.worker_id,
        o.open & (
            (1::bigint << width_bucket(coalesce(a.end_date - 1, %(last)s), %(on_date)s::date[]))
            - (1::bigint << width_bucket(a.start_date - 1, %(on_date)s::date[]))
        ) AS held,
        count(*) AS children
    FROM workforce_allocation a
    JOIN open_case o ON o.child_id = a.child_id
    WHERE a.start_date <= %(last)s AND (a.end_date IS NULL OR a.end_date > %(first)s)
    GROUP BY 1, 2
),
per_worker AS (
    SELECT x.on_date, h.worker_id, sum(h.children)::int AS children
    FROM held h
    JOIN as_at x ON h.held & x.bit <> 0
    GROUP BY x.on_date, h.worker_id
),
staff AS (
    SELECT x.on_date, w.fte, coalesce(p.children, 0) AS children
    FROM as_at x
    JOIN workforce_worker w
        ON w.role = 'SOCIAL_WORKER'
        AND w.start_date <= x.on_date AND (w.end_date IS NULL OR w.end_date >= x.on_date)
    LEFT JOIN per_worker p ON p.on_date = x.on_date AND p.worker_id = w.id
)
SELECT
    x.on_date,
    coalesce(s.case_holders, 0),
    coalesce(s.children, 0),
    s.fte,
    s.median,
    s.largest,
    coalesce(s.over_threshold, 0),
    coalesce(s.no_cases, 0),
    coalesce(other.children, 0)
FROM as_at x
LEFT JOIN (
    SELECT
        on_date,
        count(*) FILTER (WHERE children > 0) AS case_holders,
        sum(children)::int AS children,
        (sum(fte) FILTER (WHERE children > 0))::float8 AS fte,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY children) FILTER (WHERE children > 0)
            AS median,
        max(children) AS largest,
        count(*) FILTER (WHERE children > %(threshold)s) AS over_threshold,
        count(*) FILTER (WHERE children = 0) AS no_cases
    FROM staff GROUP BY on_date
) s ON s.on_date = x.on_date
LEFT JOIN (
    SELECT p.on_date, sum(p.children)::int AS children
    FROM per_worker p
    JOIN workforce_worker w ON w.id = p.worker_id
    WHERE NOT (
        w.role = 'SOCIAL_WORKER'
        AND w.start_date <= p.on_date AND (w.end_date IS NULL OR w.end_date >= p.on_date)
    )
    GROUP BY p.on_date
) other ON other.on_date = x.on_date
"""

# The children behind one caseload figure on one day, with their worker and caseload; `drill` is
# one of the values of CASELOAD_DRILLS.
CASELOAD_ROWS_SQL = """
WITH open_case AS (
    SELECT DISTINCT e.child_id
    FROM referrals_episodeofneed e
    WHERE e.referral_date <= %(on_date)s
    AND (e.closure_date IS NULL OR e.closure_date > %(on_date)s)
    AND e.child_id NOT IN (SELECT id FROM people_person WHERE merged_into_id IS NOT NULL)
),
held AS (
    SELECT %(on_date)s::date AS on_date, a.worker_id, a.child_id, a.start_date
    FROM workforce_allocation a
    JOIN open_case o ON o.child_id = a.child_id
    WHERE a.start_date <= %(on_date)s AND (a.end_date IS NULL OR a.end_date > %(on_date)s)
),
per_worker AS (SELECT worker_id, count(*) AS children FROM held GROUP BY worker_id),
described AS (
    SELECT
        h.child_id AS person_id,
        h.start_date AS on_date,
        w.id AS worker_id,
        w.full_name,
        p.children,
        (
            w.role = 'SOCIAL_WORKER'
            AND w.start_date <= h.on_date AND (w.end_date IS NULL OR w.end_date >= h.on_date)
        ) AS in_post
    FROM held h
    JOIN workforce_worker w ON w.id = h.worker_id
    JOIN per_worker p ON p.worker_id = h.worker_id
)
SELECT * FROM described
WHERE CASE %(drill)s
    WHEN 'in-post' THEN in_post
    WHEN 'over-threshold' THEN in_post AND children > %(threshold)s
    WHEN 'not-in-post' THEN NOT in_post
END
ORDER BY full_name, worker_id, on_date, person_id
"""
CASELOAD_DRILLS = {
    "per-fte": "in-post",
    "mean": "in-post",
    "allocated": "in-post",
    "over-threshold": "over-threshold",
    "not-in-post": "not-in-post",
}
# Figures about workers, with no children behind them.
WORKER_FIGURES = frozenset({"median", "largest", "case-holders", "no-cases"})


def _ratio(part: int, whole: float | None) -> float | None:
    return round(part / whole, 1) if whole else None


class Caseloads(Measure):
    slug = "caseloads"
    title = "Caseloads of social workers"
    definition = (
        "At the end of the period (or today, if sooner): children with an open case allocated "
        "to social workers in post, per full-time equivalent social worker holding at least one "
        "(the DfE measure)."
    )
    group = GROUP
    england = EnglandFigure(
        16.0,
        "16.0 (2023)",
        "DfE Children's social work workforce 2023: 337,055 cases held by 21,111 FTE "
        "case-holding social workers (reference 4.3)",
    )

    def __init__(self, threshold: int = 20) -> None:
        # Caseloads above 20 are widely treated as too high (England average 16.0 in 2023).
        self.threshold = threshold

    def result(self, period: Period, *, today: datetime.date) -> MeasureResult:
        months = dict(as_at_dates(period, today=today))
        found: dict[datetime.date, tuple[Any, ...]] = {}
        days = list(months.values())
        for chunk in (days[i : i + MAX_DAYS] for i in range(0, len(days), MAX_DAYS)):
            rows = fetch(
                CASELOADS_SQL,
                {
                    "on_date": chunk,
                    "first": chunk[0],
                    "last": chunk[-1],
                    "threshold": self.threshold,
                },
            )
            found.update((row[0], row[1:]) for row in rows)
        monthly = []
        for first in period.months():
            day = months.get(first)
            if day is None:
                monthly.append(MonthPoint(first, None))
                continue
            holders, children, fte = found[day][:3]
            monthly.append(MonthPoint(first, _ratio(children, fte), children, holders))
        if not months:
            final: tuple[Any, ...] = (0, 0, None, None, None, 0, 0, 0)
        else:
            final = found[list(months.values())[-1]]
        holders, children, fte, median, largest, over, no_cases, elsewhere = final
        return MeasureResult(
            headline=Figure(
                "per-fte",
                "Children per full-time equivalent case-holding social worker",
                _ratio(children, fte),
                "per_worker",
                numerator=children,
                denominator=holders,
            ),
            breakdown=(
                Figure(
                    "mean",
                    "Children per case-holding social worker (headcount)",
                    _ratio(children, holders),
                    "per_worker",
                    numerator=children,
                    denominator=holders,
                ),
                Figure(
                    "median",
                    "Median caseload",
                    None if median is None else round(float(median), 1),
                    "per_worker",
                    drill=False,
                ),
                Figure(
                    "largest",
                    "Largest caseload",
                    None if largest is None or not holders else float(largest),
                    "per_worker",
                    drill=False,
                ),
                Figure(
                    "over-threshold",
                    f"Social workers with more than {self.threshold} children",
                    float(over),
                    "count",
                    numerator=over,
                    denominator=holders,
                ),
                Figure("allocated", "Children allocated", float(children), "count", children),
                Figure(
                    "case-holders",
                    "Case-holding social workers in post",
                    float(holders),
                    "count",
                    holders,
                    drill=False,
                ),
                Figure(
                    "no-cases",
                    "Social workers in post holding no cases",
                    float(no_cases),
                    "count",
                    no_cases,
                    drill=False,
                ),
                Figure(
                    "not-in-post",
                    "Children allocated to someone who is not a social worker in post",
                    float(elsewhere),
                    "count",
                    elsewhere,
                ),
            ),
            monthly=tuple(monthly),
        )

    def rows(self, period: Period, *, today: datetime.date, key: str) -> Sequence[DrillRow]:
        if key in WORKER_FIGURES:
            return []
        if key not in CASELOAD_DRILLS:
            raise KeyError(key)
        months = as_at_dates(period, today=today)
        if not months:
            return []
        rows = fetch_dicts(
            CASELOAD_ROWS_SQL,
            {"on_date": months[-1][1], "threshold": self.threshold, "drill": CASELOAD_DRILLS[key]},
        )
        return [
            DrillRow(
                person_id=row["person_id"],
                on_date=row["on_date"],
                detail=(
                    f"Allocated to {row['full_name']} since {long_date(row['on_date'])} "
                    f"({row['children']} children)"
                ),
                extra={"worker": row["full_name"], "caseload": str(row["children"])},
            )
            for row in rows
        ]


MEASURES = (ThreeOrMoreSocialWorkers(), SocialWorkerChanges(), Caseloads())
