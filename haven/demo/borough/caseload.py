"""The demo social worker's caseload: every kind of due and overdue work, on purpose.

``sw.demo`` holds, besides whatever the allocation gives them, one child in each of these
situations at the as-of date, so that "My work" has something to show in every section:

* an assessment nearing its 45 working day limit, and one past it (Working Together 2023);
* a section 47 enquiry awaiting its ICPC, and one whose 15 working day target has passed;
* a child on a child protection plan whose 10 working day visit is overdue;
* a child on a child in need plan, visited on time.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from haven.demo.borough.calendar import FastCalendar
from haven.demo.borough.episodes import (
    ASSESSMENT,
    SimAssessment,
    SimCINPlan,
    SimConference,
    SimCPPlan,
    SimEpisode,
    SimReview,
    SimSection47,
    SimStrategy,
    summary_for,
)
from haven.demo.borough.people import Population, born_on
from haven.statutory.calendar import add_months

# (situation, youngest age, oldest age) at the as-of date
SITUATIONS: tuple[tuple[str, int, int], ...] = (
    ("assessment_nearly_due", 6, 12),
    ("assessment_overdue", 3, 10),
    ("awaiting_icpc", 2, 8),
    ("icpc_overdue", 9, 14),
    ("cp_visit_overdue", 4, 9),
    ("child_in_need_plan", 11, 15),
)


def reserve_children(population: Population, as_of: date, rng: random.Random) -> dict[str, int]:
    """Pick a child of a fitting age for each situation, kept out of the random referrals."""
    people = population.people
    unborn = set(population.unborn)
    candidates = [c for c in population.children if c not in unborn]
    start = rng.randrange(len(candidates))
    chosen: dict[str, int] = {}
    taken: set[int] = set()
    for situation, youngest, oldest in SITUATIONS:
        for step in range(len(candidates)):
            child = candidates[(start + step * 7919) % len(candidates)]
            age = (as_of - born_on(people[child])).days / 365.25
            if child not in taken and youngest <= age < oldest:
                chosen[situation] = child
                taken.add(child)
                break
        else:  # pragma: no cover - every size has children of every age
            raise RuntimeError(f"No child of {youngest}-{oldest} for {situation}")
    return chosen


def build_demo_cases(
    children: dict[str, int], *, calendar: FastCalendar, as_of: date, rng: random.Random
) -> list[SimEpisode]:
    cal = calendar
    episodes: list[SimEpisode] = []

    def new_episode(
        child: int, working_days_ago: int, source: str
    ) -> tuple[SimEpisode, SimAssessment]:
        referral = cal.subtract(cal.on_or_before(as_of), working_days_ago)
        summary = summary_for(source, rng)
        episode = SimEpisode(
            child=child,
            referral=referral,
            source=source,
            summary=summary,
            assessment_due=cal.add(referral, 45),
            primary_need="N1",
            demo_case=True,
        )
        episode.phases.append((referral, ASSESSMENT))
        episode.notes.append((referral, "Referral received", summary))
        start = cal.add(referral, 1)
        assessment = SimAssessment(
            start=start,
            due=episode.assessment_due,
            child_seen=cal.add(start, 3),
            authorised=None,
            outcome="",
        )
        episode.assessment = assessment
        episodes.append(episode)
        return episode, assessment

    # An assessment due in 4 working days, and one 7 working days overdue.
    new_episode(children["assessment_nearly_due"], 41, "2A")
    new_episode(children["assessment_overdue"], 52, "3B")

    # Section 47 enquiries: one started 7 working days ago, one whose ICPC is overdue.
    for situation, days_ago in (("awaiting_icpc", 8), ("icpc_overdue", 19)):
        episode, _ = new_episode(children[situation], days_ago, "6")
        held = cal.add(episode.referral, 1)
        episode.strategies.append(
            SimStrategy(
                held=held,
                section_47=SimSection47(
                    target=cal.add(held, 15), end=None, outcome="", icpc_not_required=False
                ),
            )
        )

    # On a child protection plan since about four months ago; the last visit was 16+ working
    # days ago, so the visit due 10 working days after it is overdue.
    episode, assessment = new_episode(children["cp_visit_overdue"], 100, "2A")
    strategy_held = cal.add(episode.referral, 2)
    conference_held = cal.add(strategy_held, 14)
    assessment.authorised = cal.add(episode.referral, 38)
    assessment.outcome = "CONTINUE"
    assessment.factors = ("16A", "3B")
    episode.strategies.append(
        SimStrategy(
            held=strategy_held,
            section_47=SimSection47(
                target=cal.add(strategy_held, 15),
                end=conference_held,
                outcome="ICPC",
                icpc_not_required=False,
                conference=SimConference(
                    held=conference_held,
                    target=cal.add(strategy_held, 15),
                    outcome="CHILD_PROTECTION_PLAN",
                    category="NEG",
                ),
            ),
        )
    )
    plan = SimCPPlan(start=conference_held, initial_category="NEG", latest_category="NEG", end=None)
    review_due = add_months(conference_held, 3)
    if review_due <= as_of:
        held = cal.on_or_before(review_due - timedelta(days=2))
        plan.reviews.append(
            SimReview(due=review_due, held=held, outcome="CONTINUE", category="NEG")
        )
    due = cal.add(conference_held, 10)
    held = cal.subtract(due, 2)
    while held <= as_of:
        plan.core_groups.append((due, held))
        due = cal.add(held, 20)
        held = cal.subtract(due, 1)
    episode.cp_plan = plan
    last_visit_by = cal.subtract(cal.on_or_before(as_of), 16)
    visit = cal.add(conference_held, 7)
    while visit <= last_visit_by:
        episode.visits.append(visit)
        visit = cal.add(visit, 9)
    episode.notes.append((assessment.authorised, "Assessment authorised", "Plan in place."))

    # On a child in need plan, visited every 20 working days or so.
    episode, assessment = new_episode(children["child_in_need_plan"], 85, "5D")
    assessment.authorised = cal.add(episode.referral, 30)
    assessment.outcome = "CHILD_IN_NEED_PLAN"
    assessment.factors = ("4B", "7A")
    plan_start = cal.add(assessment.authorised, 6)
    episode.cin_plans.append(SimCINPlan(start=plan_start, end=None))
    visit = cal.add(plan_start, 5)
    while visit <= as_of:
        episode.visits.append(visit)
        visit = cal.add(visit, 18)
    return episodes
