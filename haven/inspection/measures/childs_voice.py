"""The child's voice (issue 5, inspection lens): how children took part in the meetings about
them, and assessments that record the child's views and that the child was seen.

Working Together 2023 (chapter 1 and chapter 4): children are seen, listened to and take part
in the decisions about them; conferences and reviews hear their wishes and feelings. There is
no national figure for either measure (reference 4.1). Merged duplicate records are left out
(their few ids come from the partial index person_merged_into).

Work before a child's birth is counted like any other (an unborn child is not invited and not
seen): telling it apart means reading each child's date of birth from the million-row person
table, which costs more than the page's budget allows.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from haven.inspection.measures.base import Period, long_date
from haven.inspection.measures.cohort import CohortMeasure, Params, spec
from haven.meetings.models import ChildParticipation

GROUP = "The child's voice"

# Every meeting about a child held in the period, from the five kinds of meeting that record
# how the child took part (meetings.Meeting.child_participation).
MEETINGS_COHORT = """
SELECT m.person_id, m.on_date, m.band, m.meeting
FROM (
    SELECT e.child_id AS person_id, m.on_date, m.band, m.meeting
    FROM (
        SELECT s.episode_id, s.held_on AS on_date, s.child_participation AS band,
            'Strategy discussion' AS meeting
        FROM meetings_strategydiscussion s
        WHERE s.held_on >= %(start)s AND s.held_on <= %(end)s
        UNION ALL
        SELECT i.episode_id, i.held_on, i.child_participation,
            'Initial child protection conference'
        FROM meetings_initialchildprotectionconference i
        WHERE i.held_on >= %(start)s AND i.held_on <= %(end)s
    ) m
    JOIN referrals_episodeofneed e ON e.id = m.episode_id
    UNION ALL
    SELECT p.child_id, m.on_date, m.band, m.meeting
    FROM (
        SELECT r.plan_id, r.held_on AS on_date, r.child_participation AS band,
            'Review conference' AS meeting
        FROM meetings_reviewconference r
        WHERE r.held_on >= %(start)s AND r.held_on <= %(end)s
        UNION ALL
        SELECT g.plan_id, g.held_on, g.child_participation, 'Core group'
        FROM meetings_coregroupmeeting g
        WHERE g.held_on >= %(start)s AND g.held_on <= %(end)s
    ) m
    JOIN plans_childprotectionplan p ON p.id = m.plan_id
    UNION ALL
    SELECT p.child_id, c.held_on, c.child_participation, 'Child in need review'
    FROM meetings_childinneedreview c
    JOIN plans_childinneedplan p ON p.id = c.plan_id
    WHERE c.held_on >= %(start)s AND c.held_on <= %(end)s
) m
WHERE m.person_id NOT IN (SELECT id FROM people_person WHERE merged_into_id IS NOT NULL)
"""

TOOK_PART = (ChildParticipation.ATTENDED.value, ChildParticipation.VIEWS_SHARED.value)


def _key(value: str) -> str:
    return value.lower().replace("_", "-")


class ChildParticipationInMeetings(CohortMeasure):
    slug = "child-participation"
    title = "Children taking part in their conferences and meetings"
    definition = (
        "Strategy discussions, child protection conferences, core groups and child in need "
        "reviews held in the period (pre-birth ones too): the share where the child took part, "
        "attending or with their views shared another way."
    )
    group = GROUP
    england = None
    headline_spec = spec("took-part", "The child took part", *TOOK_PART)
    breakdown_specs = tuple(
        spec(_key(value), str(label), value) for value, label in ChildParticipation.choices
    )

    def cohort(self, period: Period, *, today: datetime.date) -> tuple[str, Params]:
        return MEETINGS_COHORT, {"start": period.start, "end": period.end}

    def detail(self, row: Mapping[str, Any]) -> str:
        try:
            how = ChildParticipation(row["band"]).label
        except ValueError:
            how = row["band"]
        return f"{row['meeting']}: {how}"

    def drill_extra(self, row: Mapping[str, Any]) -> dict[str, str]:
        return {"meeting": row["meeting"]}


# Assessments authorised in the period, in four bands: views recorded or not (any text that is
# not only spaces), child seen during the assessment or not.
VIEWS_COHORT = """
SELECT
    e.child_id AS person_id,
    a.authorised_date AS on_date,
    a.child_seen_date,
    CASE WHEN a.childs_views ~ '\\S' THEN 'views' ELSE 'no-views' END
        || CASE WHEN a.child_seen_date IS NOT NULL THEN '-seen' ELSE '-not-seen' END AS band
FROM assessments_assessment a
JOIN referrals_episodeofneed e ON e.id = a.episode_id
WHERE a.authorised_date >= %(start)s AND a.authorised_date <= %(end)s
AND e.child_id NOT IN (SELECT id FROM people_person WHERE merged_into_id IS NOT NULL)
"""


class AssessmentsRecordingViews(CohortMeasure):
    slug = "assessments-childs-views"
    title = "Assessments that record the child's views"
    definition = (
        "Assessments authorised in the period (pre-birth ones too) that record the child's "
        "views; the second figure: those where the child was seen during the assessment."
    )
    group = GROUP
    england = None
    headline_spec = spec("views", "The child's views recorded", "views-seen", "views-not-seen")
    breakdown_specs = (
        spec("no-views", "No views recorded", "no-views-seen", "no-views-not-seen"),
        spec("seen", "The child seen during the assessment", "views-seen", "no-views-seen"),
        spec("not-seen", "The child not seen", "views-not-seen", "no-views-not-seen"),
        spec(
            "authorised",
            "Assessments authorised",
            "views-seen",
            "views-not-seen",
            "no-views-seen",
            "no-views-not-seen",
            unit="count",
        ),
    )

    def cohort(self, period: Period, *, today: datetime.date) -> tuple[str, Params]:
        return VIEWS_COHORT, {"start": period.start, "end": period.end}

    def detail(self, row: Mapping[str, Any]) -> str:
        views = "Views recorded" if row["band"].startswith("views") else "No views recorded"
        seen = (
            f"child seen {long_date(row['child_seen_date'])}"
            if row["child_seen_date"]
            else "child not seen"
        )
        return f"{views}; {seen}"


MEASURES = (ChildParticipationInMeetings(), AssessmentsRecordingViews())
