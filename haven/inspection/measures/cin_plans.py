"""Child in need plans in place on time (issue 5, inspection lens)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from haven.core import selectors as core_selectors
from haven.inspection.measures.base import Period, long_date
from haven.inspection.measures.cohort import CohortMeasure, Params, spec
from haven.statutory import timescales

# Each assessment's plan deadline comes from its authorisation date with the authority's
# calendar and CIN_PLAN_START timescale: the few hundred dates of the period are worked out in
# Python and joined as arrays (as the hub dashboard does), never a call per assessment.
# Merged duplicate records are left out: the few merged ids come from the partial index
# person_merged_into (joining the million people instead costs most of the page's second).
# The plan counted is the first child in need plan of the assessment's episode that was still
# running when the assessment started (a plan already in place counts, started on its date).
CIN_PLAN_COHORT = """
WITH deadline (authorised_on, due_on) AS (
    SELECT * FROM unnest(%(authorised_on)s::date[], %(due_on)s::date[])
),
decided AS (
    SELECT e.child_id AS person_id, a.authorised_date AS on_date, d.due_on, plan.plan_on
    FROM assessments_assessment a
    JOIN referrals_episodeofneed e ON e.id = a.episode_id
    JOIN deadline d ON d.authorised_on = a.authorised_date
    CROSS JOIN LATERAL (
        SELECT min(p.start_date) AS plan_on FROM plans_childinneedplan p
        WHERE p.episode_id = a.episode_id
        AND p.start_date <= %(today)s
        AND (p.end_date IS NULL OR p.end_date >= a.start_date)
    ) plan
    WHERE a.outcome = 'CHILD_IN_NEED_PLAN'
    AND e.child_id NOT IN (SELECT id FROM people_person WHERE merged_into_id IS NOT NULL)
    AND a.authorised_date >= %(start)s AND a.authorised_date <= %(end)s
)
SELECT
    person_id,
    on_date,
    due_on,
    plan_on,
    CASE
        WHEN plan_on <= due_on THEN 'on-time'
        WHEN plan_on IS NOT NULL THEN 'late'
        WHEN due_on < %(today)s THEN 'no-plan'
        ELSE 'not-yet-due'
    END AS band
FROM decided
"""


class ChildInNeedPlansOnTime(CohortMeasure):
    slug = "cin-plans-on-time"
    title = "Child in need plans in place on time"
    definition = (
        "Assessments authorised in the period that decided the child needs a child in need "
        "plan: the share whose plan started within the local timescale of the authorisation "
        "(10 working days unless the authority set another); those still within it are left "
        "out."
    )
    group = "Timeliness"
    # A local timescale (reference 1.1: no national figure; Sefton's first CIN planning meeting
    # within 10 days of the assessment outcome is the default), so no England figure.
    england = None
    headline_spec = spec("on-time", "Plan started on time", "on-time")
    breakdown_specs = (
        spec("late", "Plan started late", "late"),
        spec("no-plan", "No plan yet and past the deadline", "no-plan"),
        spec("not-yet-due", "No plan yet, still within the timescale", "not-yet-due", unit="count"),
    )
    denominator_bands = frozenset({"on-time", "late", "no-plan"})

    def cohort(self, period: Period, *, today: datetime.date) -> tuple[str, Params]:
        timescale = core_selectors.timescales_in_force()[timescales.CIN_PLAN_START.code]
        calendar = core_selectors.working_calendar()
        days = [
            period.start + datetime.timedelta(days=n)
            for n in range((period.end - period.start).days + 1)
        ]
        due = [timescales.due_date(timescale, start=day, calendar=calendar) for day in days]
        return CIN_PLAN_COHORT, {
            "authorised_on": days,
            "due_on": due,
            "today": today,
            "start": period.start,
            "end": period.end,
        }

    def detail(self, row: Mapping[str, Any]) -> str:
        started = (
            f"plan started {long_date(row['plan_on'])}" if row["plan_on"] else "no plan started"
        )
        return (
            f"Assessment authorised {long_date(row['on_date'])}; plan due by "
            f"{long_date(row['due_on'])}; {started}"
        )


MEASURES = (ChildInNeedPlansOnTime(),)
