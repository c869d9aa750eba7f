"""Child protection plans (issue 5, inspection lens): plans started by initial category of
abuse, plans ended by how long they lasted, and second or later plans.

Definitions and England figures: DfE "Children in need" 2025 (reference 4.1), data sets "D1
Child Protection Plans by local authority" and "D7 Child Protection Plans ending ... by
duration". A plan starts on the day of the conference that decided it and ends on the day of
the review that ended it (census CPPstartDate, CPPendDate). Merged duplicate records are left
out (their few ids come from the partial index person_merged_into).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from haven.inspection.measures.base import EnglandFigure, Period, long_date
from haven.inspection.measures.cohort import CohortMeasure, Params, spec
from haven.statutory import codes

GROUP = "Child protection plans"
_D1 = "DfE Children in need 2025, D1 Child Protection Plans (reference 4.1)"
_D7 = "DfE Children in need 2025, D7 Child Protection Plans ending by duration (reference 4.1)"

# --- Started, by initial category of abuse ------------------------------------------------------

STARTED_COHORT = """
SELECT p.child_id AS person_id, p.start_date AS on_date, p.initial_category AS band
FROM plans_childprotectionplan p
WHERE p.start_date >= %(start)s AND p.start_date <= %(end)s
AND p.child_id NOT IN (SELECT id FROM people_person WHERE merged_into_id IS NOT NULL)
"""

CATEGORIES = tuple(codes.CategoryOfAbuse)


class PlansByCategory(CohortMeasure):
    slug = "cp-plans-by-category"
    title = "Child protection plans started, by category of abuse"
    definition = (
        "Child protection plans that started in the period, by the initial category of abuse "
        "decided at the conference."
    )
    group = GROUP
    # A count, so only context: the authority's own rate per child would be the comparison.
    england = EnglandFigure(61840.0, "61,840 plans started (2024-25)", _D1)
    headline_spec = spec("started", "Plans started", *(c.code for c in CATEGORIES), unit="count")
    breakdown_specs = tuple(spec(c.code.lower(), c.label, c.code) for c in CATEGORIES)

    def cohort(self, period: Period, *, today: datetime.date) -> tuple[str, Params]:
        return STARTED_COHORT, {"start": period.start, "end": period.end}

    def detail(self, row: Mapping[str, Any]) -> str:
        try:
            category = codes.CategoryOfAbuse(row["band"]).label
        except ValueError:
            category = row["band"]
        return f"Plan started: {category}"


# --- Ended, by length ---------------------------------------------------------------------------

# Calendar months, as PostgreSQL adds them (31 January + 1 month is 28 or 29 February, the same
# as haven.statutory.calendar.add_months). Each band includes its upper end: a plan of exactly
# 3 months is in "3 months or less", one of exactly 2 years in "1 to 2 years".
ENDED_COHORT = """
SELECT
    p.child_id AS person_id,
    p.end_date AS on_date,
    p.start_date,
    CASE
        WHEN p.end_date <= (p.start_date + interval '3 months')::date THEN 'up-to-3-months'
        WHEN p.end_date <= (p.start_date + interval '6 months')::date THEN '3-to-6-months'
        WHEN p.end_date <= (p.start_date + interval '1 year')::date THEN '6-to-12-months'
        WHEN p.end_date <= (p.start_date + interval '2 years')::date THEN '1-to-2-years'
        ELSE 'over-2-years'
    END AS band
FROM plans_childprotectionplan p
WHERE p.end_date >= %(start)s AND p.end_date <= %(end)s
AND p.child_id NOT IN (SELECT id FROM people_person WHERE merged_into_id IS NOT NULL)
"""

LENGTHS = {
    "up-to-3-months": "3 months or less (England 2025: 15.9%)",
    "3-to-6-months": "More than 3 months, up to 6 (England 2025: 11.0%)",
    "6-to-12-months": "More than 6 months, up to 1 year (England 2025: 43.5%)",
    "1-to-2-years": "More than 1 year, up to 2 years (England 2025: 25.2%)",
    "over-2-years": "More than 2 years (England 2025: 4.4%)",
}


class PlansEndedByLength(CohortMeasure):
    slug = "cp-plans-length"
    title = "Child protection plans ended, by how long they lasted"
    definition = (
        "Child protection plans that ended in the period: the share that had lasted more than "
        "2 years, and each length band, from the plan's start to its end."
    )
    group = GROUP
    england = EnglandFigure(4.4, "4.4% (2024-25)", _D7)
    headline_spec = spec("over-2-years", LENGTHS["over-2-years"], "over-2-years")
    breakdown_specs = (
        *(spec(key, label, key) for key, label in LENGTHS.items() if key != "over-2-years"),
        spec("ended", "Plans ended", *LENGTHS, unit="count"),
    )

    def cohort(self, period: Period, *, today: datetime.date) -> tuple[str, Params]:
        return ENDED_COHORT, {"start": period.start, "end": period.end}

    def detail(self, row: Mapping[str, Any]) -> str:
        length = LENGTHS.get(row["band"], row["band"]).split(" (", 1)[0]
        return (
            f"Plan from {long_date(row['start_date'])} to {long_date(row['on_date'])}: "
            f"{length[0].lower()}{length[1:]}"
        )


# --- Second or later plans ----------------------------------------------------------------------

# A plan is a second or later plan when the child had a child protection plan that started
# before it (in this authority's records, merged records included through the merge).
REPEAT_COHORT = """
SELECT
    p.child_id AS person_id,
    p.start_date AS on_date,
    earlier.plans AS earlier_plans,
    earlier.last_ended,
    CASE WHEN earlier.plans > 0 THEN 'second-or-later' ELSE 'first' END AS band
FROM plans_childprotectionplan p
CROSS JOIN LATERAL (
    SELECT count(*) AS plans, max(previous.end_date) AS last_ended
    FROM plans_childprotectionplan previous
    WHERE previous.child_id = p.child_id AND previous.start_date < p.start_date
) earlier
WHERE p.start_date >= %(start)s AND p.start_date <= %(end)s
AND p.child_id NOT IN (SELECT id FROM people_person WHERE merged_into_id IS NOT NULL)
"""


class SecondOrLaterPlans(CohortMeasure):
    slug = "cp-plans-second-or-later"
    title = "Second or later child protection plans"
    definition = (
        "Child protection plans that started in the period for a child who had been on a "
        "child protection plan before."
    )
    group = GROUP
    england = None  # reference 4.1 has no national figure for this
    headline_spec = spec("second-or-later", "Second or later plan", "second-or-later")
    breakdown_specs = (
        spec("first", "First plan", "first"),
        spec("started", "Plans started", "first", "second-or-later", unit="count"),
    )

    def cohort(self, period: Period, *, today: datetime.date) -> tuple[str, Params]:
        return REPEAT_COHORT, {"start": period.start, "end": period.end}

    def detail(self, row: Mapping[str, Any]) -> str:
        n = row["earlier_plans"]
        if not n:
            return "First child protection plan"
        ended = f", the last ended {long_date(row['last_ended'])}" if row["last_ended"] else ""
        return f"{n} earlier plan{'s' if n != 1 else ''}{ended}"


MEASURES = (PlansByCategory(), PlansEndedByLength(), SecondOrLaterPlans())
