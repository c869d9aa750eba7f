"""Census rules the database cannot hold as constraints, checked with one query each.

The database already refuses overlapping episodes, allocations and CP plans per child, a second
open episode, an ICPC on a weekend, a closure date without a reason, a missing primary need,
an unborn child whose sex is not U, and the rest of the model constraints. The rules here span
tables, so services check them as data is entered; :func:`invariant_violations` counts the rows
that break each one, for the generated borough's tests and for anyone auditing a database.

Rule codes are the DfE CIN census validation rules, 2025-26 (reference 2.4); the two rules
without a census code say so in their names.
"""

from __future__ import annotations

from django.db import connection

# Every dated activity of an episode. An activity still open ("infinity") in a closed episode
# also counts as after the closure.
_ACTIVITY = """
WITH activity(episode_id, on_date) AS (
    SELECT episode_id, start_date FROM assessments_assessment
    UNION ALL SELECT episode_id, coalesce(authorised_date, 'infinity') FROM assessments_assessment
    UNION ALL SELECT episode_id, child_seen_date FROM assessments_assessment
        WHERE child_seen_date IS NOT NULL
    UNION ALL SELECT episode_id, held_on FROM meetings_strategydiscussion
    UNION ALL SELECT episode_id, start_date FROM meetings_section47enquiry
    UNION ALL SELECT episode_id, coalesce(end_date, 'infinity') FROM meetings_section47enquiry
    UNION ALL SELECT episode_id, held_on FROM meetings_initialchildprotectionconference
    UNION ALL SELECT episode_id, start_date FROM plans_childprotectionplan
    UNION ALL SELECT episode_id, coalesce(end_date, 'infinity') FROM plans_childprotectionplan
    UNION ALL SELECT p.episode_id, r.held_on FROM meetings_reviewconference r
        JOIN plans_childprotectionplan p ON p.id = r.plan_id
    UNION ALL SELECT p.episode_id, g.held_on FROM meetings_coregroupmeeting g
        JOIN plans_childprotectionplan p ON p.id = g.plan_id
    UNION ALL SELECT episode_id, start_date FROM plans_childinneedplan
    UNION ALL SELECT episode_id, coalesce(end_date, 'infinity') FROM plans_childinneedplan
    UNION ALL SELECT episode_id, start_date FROM plans_preproceedings
    UNION ALL SELECT episode_id, step_decision_date FROM plans_preproceedings
        WHERE step_decision_date IS NOT NULL
    UNION ALL SELECT episode_id, court_application_date FROM plans_preproceedings
        WHERE court_application_date IS NOT NULL
    UNION ALL SELECT episode_id, visit_date FROM casework_visit
)
"""

# Constant SQL joined to constant SQL (no input). Kept outside RULES so that bandit's nosec
# covers these two statements only.
_ACTIVITY_AFTER_CLOSURE = (
    _ACTIVITY  # nosec B608 # noqa: S608 - constant SQL, no input
    + """
    SELECT count(*) FROM activity a JOIN referrals_episodeofneed e ON e.id = a.episode_id
    WHERE e.closure_date IS NOT NULL AND a.on_date > e.closure_date
    """
)
_ACTIVITY_BEFORE_REFERRAL = (
    _ACTIVITY  # nosec B608 # noqa: S608 - constant SQL, no input
    + """
    SELECT count(*) FROM activity a JOIN referrals_episodeofneed e ON e.id = a.episode_id
    WHERE a.on_date < e.referral_date
    """
)

RULES: dict[str, tuple[str, str]] = {
    "2885": (
        "A child protection plan starts on a different day from its ICPC.",
        """
        SELECT count(*) FROM plans_childprotectionplan p
        JOIN meetings_initialchildprotectionconference c ON c.id = p.initial_conference_id
        WHERE p.start_date <> c.held_on
        """,
    ),
    "2883": (
        "A child protection plan whose ICPC did not decide on a plan, or is in another episode.",
        """
        SELECT count(*) FROM plans_childprotectionplan p
        JOIN meetings_initialchildprotectionconference c ON c.id = p.initial_conference_id
        WHERE c.outcome <> 'CHILD_PROTECTION_PLAN' OR c.episode_id <> p.episode_id
        """,
    ),
    "4001": (
        "A child in need plan open at the same time as a child protection plan for the child.",
        """
        SELECT count(*) FROM plans_childinneedplan n
        JOIN plans_childprotectionplan p ON p.child_id = n.child_id
            AND daterange(n.start_date, n.end_date, '[)')
                && daterange(p.start_date, p.end_date, '[)')
        """,
    ),
    "4003": (
        "A child protection review held while a child in need plan is open for the child.",
        """
        SELECT count(*) FROM meetings_reviewconference r
        JOIN plans_childprotectionplan p ON p.id = r.plan_id
        JOIN plans_childinneedplan n ON n.child_id = p.child_id
            AND daterange(n.start_date, n.end_date, '[]') @> r.held_on
        """,
    ),
    "8841": (
        "A review conference on or before the day its plan started.",
        """
        SELECT count(*) FROM meetings_reviewconference r
        JOIN plans_childprotectionplan p ON p.id = r.plan_id
        WHERE r.held_on <= p.start_date
        """,
    ),
    "8565": (
        "Activity dated after the episode closed (or still open in a closed episode).",
        _ACTIVITY_AFTER_CLOSURE,
    ),
    "activity_before_referral": (
        "Activity dated before the episode's referral date.",
        _ACTIVITY_BEFORE_REFERRAL,
    ),
    "2990": (
        "A section 47 enquiry, ICPC or plan in an episode closed after assessment (RC8/RC9).",
        """
        SELECT count(*) FROM referrals_episodeofneed e
        WHERE e.closure_reason IN ('RC8', 'RC9') AND (
            EXISTS (SELECT 1 FROM meetings_section47enquiry s WHERE s.episode_id = e.id)
            OR EXISTS (SELECT 1 FROM meetings_initialchildprotectionconference c
                       WHERE c.episode_id = e.id)
            OR EXISTS (SELECT 1 FROM plans_childprotectionplan p WHERE p.episode_id = e.id)
            OR EXISTS (SELECT 1 FROM plans_childinneedplan n WHERE n.episode_id = e.id))
        """,
    ),
    "8831": (
        "Activity recorded on a referral with no further action.",
        """
        SELECT count(*) FROM referrals_episodeofneed e
        WHERE e.referral_nfa AND (
            EXISTS (SELECT 1 FROM assessments_assessment a WHERE a.episode_id = e.id)
            OR EXISTS (SELECT 1 FROM meetings_strategydiscussion d WHERE d.episode_id = e.id)
            OR EXISTS (SELECT 1 FROM meetings_section47enquiry s WHERE s.episode_id = e.id)
            OR EXISTS (SELECT 1 FROM meetings_initialchildprotectionconference c
                       WHERE c.episode_id = e.id)
            OR EXISTS (SELECT 1 FROM plans_childprotectionplan p WHERE p.episode_id = e.id)
            OR EXISTS (SELECT 1 FROM plans_childinneedplan n WHERE n.episode_id = e.id)
            OR EXISTS (SELECT 1 FROM casework_visit v WHERE v.episode_id = e.id))
        """,
    ),
    "8869": (
        "Factor 21 (no factors identified) recorded with other factors.",
        """
        SELECT count(*) FROM (
            SELECT assessment_id FROM assessments_assessmentfactor GROUP BY assessment_id
            HAVING bool_or(code = '21') AND count(*) > 1) AS mixed
        """,
    ),
    "8606": (
        "A referral more than 40 weeks before the child's (expected) date of birth.",
        """
        SELECT count(*) FROM referrals_episodeofneed e JOIN people_person c ON c.id = e.child_id
        WHERE e.referral_date
              < coalesce(c.date_of_birth, c.expected_date_of_birth) - interval '280 days'
        """,
    ),
    "8750": (
        "An unborn child whose sex is not U.",
        """
        SELECT count(*) FROM people_person
        WHERE date_of_birth IS NULL AND expected_date_of_birth IS NOT NULL AND sex <> 'U'
        """,
    ),
    "8875": (
        "An initial child protection conference on a Saturday or Sunday.",
        """
        SELECT count(*) FROM meetings_initialchildprotectionconference
        WHERE extract(isodow FROM held_on) IN (6, 7)
        """,
    ),
    "open_episode_not_allocated": (
        "An open episode whose child has no current allocation to a worker still in post "
        "(a referral still waiting in an assessment team's queue, nobody allocated, excepted).",
        """
        SELECT count(*) FROM referrals_episodeofneed e
        WHERE e.closure_date IS NULL AND NOT EXISTS (
            SELECT 1 FROM workforce_allocation a JOIN workforce_worker w ON w.id = a.worker_id
            WHERE a.child_id = e.child_id AND a.end_date IS NULL AND w.end_date IS NULL)
        AND NOT (e.referred_to_team_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM workforce_allocation a
            WHERE a.child_id = e.child_id AND a.end_date IS NULL))
        """,
    ),
    "referral_not_on_decision_day": (
        "A referral from the hub dated other than the day the hub decided to refer (the census "
        "referral is the decision to accept).",
        """
        SELECT count(*) FROM frontdoor_contactperson p
        JOIN frontdoor_contact c ON c.id = p.contact_id
        JOIN referrals_episodeofneed e ON e.id = p.episode_id
        WHERE c.decided_at IS NULL OR c.decision NOT IN ('REFERRAL', 'STRATEGY')
           OR e.referral_date <> (c.decided_at AT TIME ZONE 'Europe/London')::date
           OR e.child_id IS DISTINCT FROM p.person_id
        """,
    ),
}


def invariant_violations() -> dict[str, int]:
    """Rows breaking each rule in :data:`RULES`, by rule code (all zero for a clean database)."""
    results: dict[str, int] = {}
    with connection.cursor() as cursor:
        for code, (_, query) in RULES.items():
            cursor.execute(query)
            row = cursor.fetchone()
            results[code] = int(row[0]) if row else 0
    return results
