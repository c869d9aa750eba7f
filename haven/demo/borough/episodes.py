"""Each referral's history, from referral to closure, following the national rates.

Referrals are taken in date order. Each one picks a child (about 22.6% of the time one referred
within the last 12 months, otherwise a child with no referral in 12 months), then plays the
whole episode forward: the assessment, any strategy discussion and section 47 enquiry, the
ICPC, the child protection plan with its reviews, core groups and visits, a child in need plan,
and the closure. Everything after the as-of date is then cut off (:func:`cut_at`), which leaves
some episodes open and some work overdue, as in a real borough on any given day.

Census rules the timeline respects (reference 2.4): one episode at a time per child, with no
overlap (8815/8816/8820); no activity on an NFA referral (8831) or after a closure at
assessment with RC8/RC9 (2990); CP plan starts on its ICPC date (2885); ICPCs on working days
(8875); reviews after the plan start (8841); CIN plans never open during a CP plan
(4001/4016/4017) and no review while a CIN plan is open (4003).
"""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from haven.demo.borough import rates, text
from haven.demo.borough.calendar import FastCalendar
from haven.demo.borough.people import Population, born_on
from haven.demo.borough.required import required
from haven.statutory.calendar import add_months

ASSESSMENT = "ASSESSMENT"
CHILD_PROTECTION = "CHILD_PROTECTION"
CHILD_IN_NEED = "CHILD_IN_NEED"

_CHILD_FACTORS = frozenset({"1A", "2A", "7A", "10A", "11A", "12A", "13A", "14A", "15A", "24A"})
_FACTORS: rates.Weighted[str] = rates.Weighted(
    [
        ("3B", 30.0),
        ("4B", 30.0),
        ("16A", 19.0),
        ("17A", 18.0),
        ("2B", 15.0),
        ("1B", 14.0),
        ("4A", 13.0),
        ("3A", 12.0),
        ("20", 10.0),
        ("18C", 6.0),
        ("10A", 6.0),
        ("14A", 6.0),
        ("15A", 6.0),
        ("5B", 5.0),
        ("6B", 5.0),
        ("24A", 5.0),
        ("11A", 4.0),
        ("19C", 3.0),
        ("7A", 3.0),
        ("13A", 3.0),
        ("2A", 3.0),
        ("3C", 3.0),
        ("5A", 3.0),
        ("6A", 3.0),
        ("4C", 2.0),
        ("2C", 2.0),
        ("1A", 2.0),
        ("18B", 2.0),
        ("19B", 2.0),
        ("1C", 1.0),
        ("9A", 0.6),
        ("8E", 0.5),
        ("12A", 0.5),
        ("22A", 0.3),
        ("23A", 0.3),
    ]
)
_FACTOR_COUNTS = rates.Weighted([(1, 30.0), (2, 35.0), (3, 25.0), (4, 10.0)])
_CLOSURE_AFTER_PLAN = rates.Weighted(
    [
        ("RC7", 72.0),
        ("RC5", 9.0),
        ("RC4", 5.0),
        ("RC3", 6.0),
        ("RC1", 1.0),
        ("RC6", 3.0),
        ("RC2", 0.15),
    ]
)
_CLOSURE_AFTER_SERVICES = rates.Weighted(
    [("RC7", 85.0), ("RC5", 9.0), ("RC3", 4.0), ("RC6", 1.5), ("RC2", 0.1)]
)
_CIN_PLAN_MONTHS = rates.Weighted([((3, 6), 35.0), ((6, 12), 45.0), ((12, 24), 20.0)])


@dataclass(slots=True)
class SimAssessment:
    start: date
    due: date
    child_seen: date | None
    authorised: date | None
    outcome: str
    factors: tuple[str, ...] = ()


@dataclass(slots=True)
class SimConference:
    held: date
    target: date
    outcome: str
    category: str = ""


@dataclass(slots=True)
class SimSection47:
    target: date
    end: date | None
    outcome: str
    icpc_not_required: bool
    conference: SimConference | None = None


@dataclass(slots=True)
class SimStrategy:
    held: date
    section_47: SimSection47 | None


@dataclass(slots=True)
class SimReview:
    due: date
    held: date
    outcome: str
    category: str


@dataclass(slots=True)
class SimCPPlan:
    start: date
    initial_category: str
    latest_category: str
    end: date | None
    reviews: list[SimReview] = field(default_factory=list)
    core_groups: list[tuple[date, date]] = field(default_factory=list)  # (due, held)


@dataclass(slots=True)
class SimPreProceedings:
    """Pre-proceedings under the Public Law Outline (census block PreProceedingsandFGDM from
    2026-27, reference 2.2). Every date falls inside the child protection plan."""

    start: date
    letter_sent: date | None
    fgdm_offered: bool
    fgdm_facilitated: bool
    initial_meeting: date | None
    review_meetings: int
    step_decision: date | None
    outcome: str
    court_application: date | None


@dataclass(slots=True)
class SimCINPlan:
    start: date
    end: date | None


@dataclass(slots=True)
class SimEpisode:
    child: int
    referral: date
    source: str
    summary: str
    assessment_due: date
    primary_need: str = ""
    nfa: bool = False
    closure: date | None = None
    reason: str = ""
    assessment: SimAssessment | None = None
    strategies: list[SimStrategy] = field(default_factory=list)
    cp_plan: SimCPPlan | None = None
    cin_plans: list[SimCINPlan] = field(default_factory=list)
    pre_proceedings: list[SimPreProceedings] = field(default_factory=list)
    # Statutory visits on a CP or CIN plan.
    visits: list[date] = field(default_factory=list)
    notes: list[tuple[date, str, str]] = field(default_factory=list)
    # (date, team kind): when the case should sit with which kind of team
    phases: list[tuple[date, str]] = field(default_factory=list)
    # Built for the demo social worker's caseload (allocated to them, never moved).
    demo_case: bool = False
    # Referred by the hub (a contact decided to refer), and the assessment team (an index into
    # the workforce's teams) whose queue it went to; set for those still waiting in the queue.
    from_hub: bool = False
    referred_to_team: int | None = None

    def last_activity(self) -> date:
        dates = [self.referral]
        if self.assessment is not None:
            dates.append(self.assessment.authorised or self.assessment.start)
        for strategy in self.strategies:
            dates.append(strategy.held)
            s47 = strategy.section_47
            if s47 is not None:
                dates.append(s47.end or strategy.held)
                if s47.conference is not None:
                    dates.append(s47.conference.held)
        if self.cp_plan is not None:
            dates.append(self.cp_plan.end or self.cp_plan.start)
            dates.extend(review.held for review in self.cp_plan.reviews)
            dates.extend(held for _, held in self.cp_plan.core_groups)
        for plan in self.cin_plans:
            dates.append(plan.end or plan.start)
        for pp in self.pre_proceedings:
            dates.extend(
                d
                for d in (pp.start, pp.letter_sent, pp.initial_meeting, pp.step_decision)
                if d is not None
            )
            if pp.court_application is not None:
                dates.append(pp.court_application)
        dates.extend(self.visits)
        dates.extend(note_date for note_date, _, _ in self.notes)
        return max(dates)


def summary_for(source: str, rng: random.Random) -> str:
    key = source if source in text.REFERRAL_SUMMARIES else source[0]
    return rng.choice(text.REFERRAL_SUMMARIES.get(key, text.REFERRAL_SUMMARIES["10"]))


class EpisodeSimulator:
    """Plays one referral forward to closure (possibly beyond the as-of date)."""

    def __init__(
        self,
        *,
        rng: random.Random,
        calendar: FastCalendar,
        population: Population,
        as_of: date,
    ) -> None:
        self.rng = rng
        self.cal = calendar
        self.population = population
        self.as_of = as_of

    # --- helpers -------------------------------------------------------------------------

    def age_on(self, child: int, on: date) -> float:
        return (on - born_on(self.population.people[child])).days / 365.25

    def _factors(self, child: int, on: date) -> tuple[str, ...]:
        rng = self.rng
        wanted = _FACTOR_COUNTS.pick(rng)
        young = self.age_on(child, on) < 10
        chosen: list[str] = []
        for _ in range(wanted * 4):
            code = _FACTORS.pick(rng)
            if code in chosen or (young and code in _CHILD_FACTORS):
                continue
            chosen.append(code)
            if len(chosen) == wanted:
                break
        return tuple(sorted(chosen)) or ("20",)

    def _closure_reason(self, choice: rates.Weighted[str], child: int, on: date) -> str:
        reason = choice.pick(self.rng)
        age = self.age_on(child, on)
        if (
            (reason == "RC1" and not 0.2 <= age < 6)
            or (reason == "RC6" and age < 17.5)
            or (reason == "RC2" and (age < 0.1 or on > self.as_of))
        ):
            return "RC7"
        return reason

    def _on_time(self, due: date, *, earliest: date, late_rate: float, late_max: int) -> date:
        """A meeting or visit for ``due``: mostly on or a little before it, sometimes late."""
        rng = self.rng
        cal = self.cal
        if rng.random() < late_rate:
            return cal.add(due, rng.randint(1, late_max))
        held = cal.on_or_before(due - timedelta(days=rng.randint(0, 6)))
        return held if held > earliest else cal.add(earliest, 1)

    def _visits(self, start: date, end: date | None, every: int, late_rate: float) -> list[date]:
        """Statutory visits from ``start`` until the plan ends or the as-of date."""
        cal = self.cal
        stop = min(end, self.as_of) if end is not None else self.as_of
        visits: list[date] = []
        last = start
        while True:
            due = cal.add(last, every)
            held = self._on_time(due, earliest=last, late_rate=late_rate, late_max=every // 2 + 2)
            if held > stop or (end is not None and held >= end):
                return visits
            visits.append(held)
            last = held

    # --- the episode -----------------------------------------------------------------------

    def simulate(self, child: int, referral: date, source: str) -> SimEpisode:
        rng = self.rng
        cal = self.cal
        episode = SimEpisode(
            child=child,
            referral=referral,
            source=source,
            summary=summary_for(source, rng),
            assessment_due=cal.add(referral, 45),
        )
        episode.notes.append((referral, "Referral received", episode.summary))
        if rng.random() < rates.NFA_RATE:
            episode.nfa = True
            episode.primary_need = rates.PRIMARY_NEEDS.pick(rng) if rng.random() < 0.15 else ""
            episode.closure = referral
            episode.reason = "RC8"
            return episode
        episode.primary_need = rates.PRIMARY_NEEDS.pick(rng)
        episode.phases.append((referral, ASSESSMENT))
        start = (
            cal.on_or_after(referral)
            if rng.random() < 0.55
            else cal.add(referral, rng.choice((1, 1, 1, 2, 2, 3)))
        )
        working_days = max(
            round(rates.ASSESSMENT_WORKING_DAYS.pick(rng)), cal.between(referral, start) + 1
        )
        authorised = cal.add(referral, working_days)
        seen = None
        if self.age_on(child, start) >= 0 and rng.random() < 0.95:
            seen = cal.add(start, rng.randint(0, max(0, cal.between(start, authorised) // 2)))
        assessment = SimAssessment(
            start=start,
            due=episode.assessment_due,
            child_seen=seen,
            authorised=authorised,
            outcome="",
        )
        episode.assessment = assessment
        episode.notes.append(
            (authorised, "Assessment authorised", rng.choice(text.ASSESSMENT_ANALYSIS))
        )
        section_47_share = rates.SECTION_47_RATE / (1 - rates.NFA_RATE)
        not_in_need_share = rates.NOT_IN_NEED_RATE / (1 - rates.NFA_RATE - rates.SECTION_47_RATE)
        if rng.random() < section_47_share:
            self._section_47_path(episode, assessment, authorised, working_days)
        elif rng.random() < not_in_need_share:
            self._not_in_need(episode, assessment, authorised)
        elif rng.random() < 0.6:
            assessment.outcome = "CHILD_IN_NEED_PLAN"
            assessment.factors = self._factors(child, authorised)
            self._maybe_strategy_without_s47(episode, working_days)
            late = rng.random() < 0.2
            plan_start = cal.add(authorised, rng.randint(11, 25) if late else rng.randint(1, 10))
            self._child_in_need_plan(episode, plan_start, transfer=rng.random() < 0.85)
        else:
            assessment.outcome = "CONTINUE"
            assessment.factors = self._factors(child, authorised)
            self._maybe_strategy_without_s47(episode, working_days)
            self._close_after_services(episode, authorised)
        # The episode closes on or after its last activity (census rule 8565).
        closure = required(episode.closure, "every simulated episode to close")
        episode.closure = max(closure, episode.last_activity())
        self._add_case_notes(episode)
        return episode

    def _not_in_need(
        self, episode: SimEpisode, assessment: SimAssessment, authorised: date
    ) -> None:
        rng = self.rng
        episode.reason = rates.NOT_IN_NEED_CLOSURE.pick(rng)
        assessment.outcome = "CLOSE" if episode.reason == "RC8" else "EARLY_HELP"
        assessment.factors = (
            ("21",) if rng.random() < 0.6 else self._factors(episode.child, authorised)[:2]
        )
        episode.closure = authorised

    def _maybe_strategy_without_s47(self, episode: SimEpisode, working_days: int) -> None:
        """Some strategy discussions decide that a section 47 enquiry is not needed."""
        if self.rng.random() < 0.08:
            held = self.cal.add(episode.referral, self.rng.randint(0, min(10, working_days)))
            episode.strategies.append(SimStrategy(held=held, section_47=None))

    def _section_47_path(
        self, episode: SimEpisode, assessment: SimAssessment, authorised: date, working_days: int
    ) -> None:
        rng = self.rng
        cal = self.cal
        offset = rates.Weighted([(0, 35.0), (1, 20.0), (3, 30.0), (8, 15.0)]).pick(rng)
        offset = min(rng.randint(offset, offset * 2 if offset > 1 else offset), working_days)
        held = episode.referral if offset == 0 else cal.add(episode.referral, offset)
        target = cal.add(held, 15)
        assessment.factors = self._factors(episode.child, authorised)
        if rng.random() < rates.ICPC_PER_SECTION_47:
            low, high = rates.ICPC_WORKING_DAYS.pick(rng)
            days = (
                rates.ICPC_WITHIN_BAND_11_15.pick(rng)
                if (low, high) == (11, 15)
                else rng.randint(low, high)
            )
            conference_date = cal.add(held, days)
            conference = SimConference(held=conference_date, target=target, outcome="")
            section_47 = SimSection47(
                target=target,
                end=conference_date,
                outcome="ICPC",
                icpc_not_required=False,
                conference=conference,
            )
            episode.strategies.append(SimStrategy(held=held, section_47=section_47))
            u = rng.random()
            if u < rates.CP_PLAN_PER_ICPC:
                conference.outcome = "CHILD_PROTECTION_PLAN"
                conference.category = rates.CATEGORIES_OF_ABUSE.pick(rng)
                assessment.outcome = (
                    "CONTINUE" if authorised >= conference_date else "STRATEGY_DISCUSSION"
                )
                self._child_protection_plan(episode, conference_date, conference.category)
            elif u < rates.CP_PLAN_PER_ICPC + (1 - rates.CP_PLAN_PER_ICPC) * 0.7:
                conference.outcome = "CHILD_IN_NEED_PLAN"
                assessment.outcome = "CHILD_IN_NEED_PLAN"
                plan_start = cal.add(max(conference_date, authorised), rng.randint(1, 10))
                self._child_in_need_plan(episode, plan_start, transfer=rng.random() < 0.85)
            else:
                conference.outcome = "NO_FURTHER_ACTION"
                assessment.outcome = "CLOSE"
                closure = cal.add(max(conference_date, authorised), rng.randint(0, 10))
                episode.closure = closure
                episode.reason = self._closure_reason(
                    _CLOSURE_AFTER_SERVICES, episode.child, closure
                )
            return
        end = cal.add(held, rng.randint(5, 25))
        u = rng.random()
        outcome = (
            "NOT_SUBSTANTIATED" if u < 0.4 else "CHILD_IN_NEED" if u < 0.75 else "NO_FURTHER_ACTION"
        )
        section_47 = SimSection47(target=target, end=end, outcome=outcome, icpc_not_required=True)
        episode.strategies.append(SimStrategy(held=held, section_47=section_47))
        after = max(end, authorised)
        if outcome == "CHILD_IN_NEED":
            assessment.outcome = "CHILD_IN_NEED_PLAN"
            plan_start = cal.add(after, rng.randint(1, 12))
            self._child_in_need_plan(episode, plan_start, transfer=rng.random() < 0.85)
        elif outcome == "NOT_SUBSTANTIATED":
            # Not RC8/RC9: a case with a section 47 enquiry cannot close "after assessment"
            # (census rule 2990), so it closes as services ceased.
            assessment.outcome = "CLOSE"
            closure = cal.add(after, rng.randint(0, 10))
            episode.closure = closure
            episode.reason = self._closure_reason(_CLOSURE_AFTER_SERVICES, episode.child, closure)
        else:
            assessment.outcome = "CONTINUE"
            self._close_after_services(episode, after)

    def _close_after_services(self, episode: SimEpisode, after: date) -> None:
        closure = self.cal.add(after, self.rng.randint(10, 60))
        episode.closure = closure
        episode.reason = self._closure_reason(_CLOSURE_AFTER_SERVICES, episode.child, closure)

    def _child_protection_plan(self, episode: SimEpisode, start: date, category: str) -> None:
        rng = self.rng
        cal = self.cal
        episode.phases.append((start, CHILD_PROTECTION))
        plan = SimCPPlan(start=start, initial_category=category, latest_category=category, end=None)
        episode.cp_plan = plan
        band = rates.PLAN_LENGTH_BANDS.pick(rng)
        late_rate = 1 - rates.REVIEW_ON_TIME_RATE
        three_months = add_months(start, 3)
        six_months = add_months(start, 6)
        reviews: list[tuple[date, date]] = []  # (due, held)

        def regular(due: date, previous: date, late: float = late_rate) -> date:
            return self._on_time(
                due, earliest=previous + timedelta(days=20), late_rate=late, late_max=15
            )

        if band == "<=3m":
            reviews.append((three_months, regular(three_months, start, 0.0)))
        elif band == "3-6m":
            if rng.random() < 0.35:
                reviews.append((three_months, regular(three_months, start, 1.0)))
            else:
                first = regular(three_months, start, 0.0)
                reviews.append((three_months, first))
                early = cal.on_or_before(start + timedelta(days=rng.randint(100, 175)))
                early = min(max(early, cal.add(first, 10)), cal.on_or_before(six_months))
                reviews.append((add_months(first, 6), early))
        else:
            count = {"6-12m": 2, "1-2y": rng.choice((3, 3, 4)), "2y+": rng.choice((5, 5, 5, 6))}[
                band
            ]
            due, previous = three_months, start
            for _ in range(count):
                held = regular(due, previous)
                reviews.append((due, held))
                previous = held
                due = add_months(held, 6)
        end = reviews[-1][1]
        plan.end = end
        if band in ("1-2y", "2y+"):
            self._pre_proceedings(episode, start, end)
        category_now = category
        for index, (due, held) in enumerate(reviews):
            if rng.random() < 0.05:
                category_now = rates.CATEGORIES_OF_ABUSE.pick(rng)
            last = index == len(reviews) - 1
            plan.reviews.append(
                SimReview(
                    due=due, held=held, outcome="END" if last else "CONTINUE", category=category_now
                )
            )
        plan.latest_category = category_now
        # Core groups: the first within 10 working days of the ICPC, then about monthly.
        due = cal.add(start, 10)
        previous = start
        while True:
            held = self._on_time(due, earliest=previous, late_rate=0.12, late_max=6)
            if held >= end or held > self.as_of:
                break
            plan.core_groups.append((due, held))
            previous = held
            due = cal.add(held, 20)
        episode.visits.extend(self._visits(start, end, 10, late_rate=0.12))
        if rng.random() < 0.6:
            # Step down to a child in need plan, starting after the CP plan has ended (4016).
            self._child_in_need_plan(
                episode,
                cal.add(end, rng.randint(1, 5)),
                transfer=rng.random() < 0.7,
                months=(3, 9),
            )
        else:
            episode.closure = end
            episode.reason = self._closure_reason(_CLOSURE_AFTER_PLAN, episode.child, end)

    def _pre_proceedings(self, episode: SimEpisode, plan_start: date, plan_end: date) -> None:
        """About a third of long child protection plans go into pre-proceedings (the PLO) 6 to
        10 months in. A random stream of its own, seeded from the episode, so adding this left
        every other generated figure as it was."""
        rng = random.Random(f"pre-proceedings-{episode.child}-{plan_start}")  # nosec B311 # noqa: S311
        if rng.random() >= 0.35:
            return
        cal = self.cal
        start = cal.on_or_before(add_months(plan_start, rng.randint(6, 10)))
        if start >= plan_end:
            return
        letter = cal.add(start, rng.randint(0, 5))
        meeting = cal.add(letter, rng.randint(5, 15))
        decision = cal.add(meeting, rng.randint(50, 80))
        offered = rng.random() < 0.85
        court = rng.random() < 0.25
        decision = min(decision, plan_end)
        episode.pre_proceedings.append(
            SimPreProceedings(
                start=start,
                letter_sent=min(letter, plan_end),
                fgdm_offered=offered,
                fgdm_facilitated=offered and rng.random() < 0.55,
                initial_meeting=min(meeting, plan_end),
                review_meetings=rng.randint(1, 3),
                step_decision=decision,
                # PreProceedings.Outcome codes (DfE code set CS131): B where the authority
                # applied to court, A otherwise (see haven/plans/models.py).
                outcome="B" if court else "A",
                court_application=min(cal.add(decision, rng.randint(0, 10)), plan_end)
                if court
                else None,
            )
        )

    def _child_in_need_plan(
        self,
        episode: SimEpisode,
        start: date,
        *,
        transfer: bool,
        months: tuple[int, int] | None = None,
    ) -> None:
        rng = self.rng
        cal = self.cal
        if transfer:
            episode.phases.append((start, CHILD_IN_NEED))
        low, high = months or _CIN_PLAN_MONTHS.pick(rng)
        end = cal.on_or_before(start + timedelta(days=rng.randint(low * 30, high * 30)))
        episode.cin_plans.append(SimCINPlan(start=start, end=end))
        episode.visits.extend(self._visits(start, end, 20, late_rate=0.15))
        episode.closure = end
        episode.reason = self._closure_reason(_CLOSURE_AFTER_PLAN, episode.child, end)

    def _add_case_notes(self, episode: SimEpisode) -> None:
        rng = self.rng
        closure = episode.closure or self.as_of
        span = (min(closure, self.as_of) - episode.referral).days
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            if span <= 1:
                break
            on = episode.referral + timedelta(days=rng.randint(1, span))
            title, body = rng.choice(text.CASE_NOTE_TITLES)
            episode.notes.append((on, title, body))
        if episode.closure is not None:
            episode.notes.append((episode.closure, "Case closed", f"Closed: {episode.reason}."))


def cut_at(episode: SimEpisode, as_of: date) -> None:
    """Remove everything after ``as_of``: what had not happened yet is open or not there."""
    if episode.closure is not None and episode.closure > as_of:
        episode.closure = None
        episode.reason = ""
    assessment = episode.assessment
    if assessment is not None:
        if assessment.start > as_of:
            episode.assessment = None
        else:
            if assessment.child_seen is not None and assessment.child_seen > as_of:
                assessment.child_seen = None
            if assessment.authorised is not None and assessment.authorised > as_of:
                assessment.authorised = None
                assessment.outcome = ""
                assessment.factors = ()
    kept: list[SimStrategy] = []
    for strategy in episode.strategies:
        if strategy.held > as_of:
            continue
        s47 = strategy.section_47
        if s47 is not None:
            if s47.conference is not None and s47.conference.held > as_of:
                s47.conference = None
            if s47.end is not None and s47.end > as_of:
                s47.end = None
                s47.outcome = ""
                s47.icpc_not_required = False
        kept.append(strategy)
    episode.strategies = kept
    plan = episode.cp_plan
    if plan is not None:
        if plan.start > as_of:
            episode.cp_plan = None
        else:
            if plan.end is not None and plan.end > as_of:
                plan.end = None
            plan.reviews = [review for review in plan.reviews if review.held <= as_of]
            plan.latest_category = (
                plan.reviews[-1].category if plan.reviews else plan.initial_category
            )
            plan.core_groups = [(due, held) for due, held in plan.core_groups if held <= as_of]
    cin_plans: list[SimCINPlan] = []
    for cin_plan in episode.cin_plans:
        if cin_plan.start > as_of:
            continue
        if cin_plan.end is not None and cin_plan.end > as_of:
            cin_plan.end = None
        cin_plans.append(cin_plan)
    episode.cin_plans = cin_plans
    kept_pp: list[SimPreProceedings] = []
    for pp in episode.pre_proceedings:
        if pp.start > as_of:
            continue
        if pp.letter_sent is not None and pp.letter_sent > as_of:
            pp.letter_sent = None
        if pp.initial_meeting is not None and pp.initial_meeting > as_of:
            pp.initial_meeting = None
            pp.review_meetings = 0
            pp.fgdm_facilitated = False
        if pp.step_decision is not None and pp.step_decision > as_of:
            pp.step_decision = None
            pp.outcome = ""
            pp.court_application = None
        if pp.court_application is not None and pp.court_application > as_of:
            pp.court_application = None
        kept_pp.append(pp)
    episode.pre_proceedings = kept_pp
    episode.visits = [visit for visit in episode.visits if visit <= as_of]
    episode.notes = [note for note in episode.notes if note[0] <= as_of]
    episode.phases = [phase for phase in episode.phases if phase[0] <= as_of]


class ReferralStream:
    """Referral dates over the history and the children they are about, in date order."""

    def __init__(
        self,
        *,
        rng: random.Random,
        simulator: EpisodeSimulator,
        population: Population,
        history_start: date,
        as_of: date,
        reserved: set[int],
    ) -> None:
        self.rng = rng
        self.sim = simulator
        self.population = population
        self.history_start = history_start
        self.as_of = as_of
        self.reserved = reserved
        children = population.children
        unborn = set(population.unborn)
        self._children = [c for c in children if c not in reserved and c not in unborn]
        people = population.people
        self._birth: dict[int, date] = {}
        for c in children:
            self._birth[c] = born_on(people[c])
        self._free_from: dict[int, date] = {}
        self._last_referral: dict[int, date] = {}
        self._died: set[int] = set()
        # (referral date ordinal, child) for every referral so far, in date order.
        self._recent_dates: list[int] = []
        self._recent_children: list[int] = []

    def referral_dates(self, count: int) -> list[date]:
        """Mostly working days; police and hospitals also refer at weekends."""
        rng = self.rng
        span = (self.as_of - self.history_start).days + 1
        dates: list[date] = []
        while len(dates) < count:
            day = self.history_start + timedelta(days=rng.randrange(span))
            if not self.sim.cal.is_working_day(day) and rng.random() > 0.12:
                continue
            dates.append(day)
        dates.sort()
        return dates

    def _eligible(self, child: int, on: date, *, recent_ok: bool) -> bool:
        if child in self._died or self._free_from.get(child, date.min) > on:
            return False
        born = self._birth[child]
        if on < born - timedelta(days=180) or on >= add_months(born, 18 * 12):
            return False
        last = self._last_referral.get(child)
        within_year = last is not None and last > add_months(on, -12)
        return within_year if recent_ok else not within_year

    def pick_child(self, on: date) -> int | None:
        rng = self.rng
        if rng.random() < rates.RE_REFERRAL_RATE * 1.04:
            low = bisect.bisect_left(self._recent_dates, add_months(on, -12).toordinal() + 1)
            high = bisect.bisect_left(self._recent_dates, on.toordinal())
            if high > low:
                for _ in range(30):
                    child = self._recent_children[rng.randrange(low, high)]
                    if self._eligible(child, on, recent_ok=True):
                        return child
        for _ in range(80):
            child = self._children[rng.randrange(len(self._children))]
            if self._eligible(child, on, recent_ok=False):
                return child
        return None

    def record(self, episode: SimEpisode) -> None:
        """Note the child's new state: busy until the episode closes, maybe died."""
        child = episode.child
        self._last_referral[child] = episode.referral
        self._recent_dates.append(episode.referral.toordinal())
        self._recent_children.append(child)
        if episode.closure is None:
            self._free_from[child] = date.max
        else:
            # Episodes may not touch (census 8820 as the database enforces it): next day on.
            self._free_from[child] = episode.closure + timedelta(days=1)
            if episode.reason == "RC2":
                self._died.add(child)
                self.population.people[child].date_of_death = episode.closure
