"""Turning the simulated borough into database rows, parents before children.

Who chaired a meeting, authorised an assessment or made a visit follows the allocation: the
allocated worker visits, their team manager authorises and chairs strategy discussions, an
independent conference chair chairs conferences. The child's participation in meetings
depends on age (few young children take part; the seed inspection found few children attend).
Each referral the hub made records the assessment team it was referred to (the team of the
case's first allocation), and each contact takes a reference from the same sequence as
haven.frontdoor.references, which is moved past the references written.
"""

from __future__ import annotations

import bisect
import random
import re
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Model

from haven.assessments.models import Assessment, AssessmentFactor
from haven.casework.models import CaseNote, Visit
from haven.demo.borough import text
from haven.demo.borough.allocation import AllocationRow
from haven.demo.borough.contacts import SimContact
from haven.demo.borough.copy import CopyWriter
from haven.demo.borough.episodes import SimEpisode
from haven.demo.borough.people import NamePools, Population, born_on
from haven.demo.borough.required import required
from haven.demo.borough.workforce import Workforce
from haven.frontdoor.models import Contact, ContactPerson, InformationRequest
from haven.frontdoor.services import REFERRER_OUTCOMES
from haven.meetings.models import (
    CoreGroupMeeting,
    InitialChildProtectionConference,
    MeetingAttendance,
    ReviewConference,
    Section47Enquiry,
    StrategyDiscussion,
)
from haven.people.models import (
    Address,
    Person,
    PersonDisability,
    ProfessionalInvolvement,
    Relationship,
)
from haven.plans.models import ChildInNeedPlan, ChildProtectionPlan, PreProceedings
from haven.referrals.models import EpisodeOfNeed
from haven.workforce.models import Allocation

LONDON = ZoneInfo("Europe/London")
BULK_INDEX_THRESHOLD = 50_000
# The sequence and format of haven.frontdoor.references.next_reference: HV- and the number.
REFERENCE_SEQUENCE = "frontdoor_contact_reference_seq"

_PARTICIPATION = {
    "under5": (("NOT_INVITED", 0.93), ("VIEWS_SHARED", 0.07)),
    "5to9": (("NOT_INVITED", 0.55), ("VIEWS_SHARED", 0.38), ("ATTENDED", 0.03), ("DECLINED", 0.04)),
    "10to13": (("NOT_INVITED", 0.3), ("VIEWS_SHARED", 0.42), ("ATTENDED", 0.1), ("DECLINED", 0.18)),
    "14plus": (
        ("NOT_INVITED", 0.18),
        ("VIEWS_SHARED", 0.4),
        ("ATTENDED", 0.17),
        ("DECLINED", 0.25),
    ),
}
# (agency, chance they are invited, chance an invited agency attends); None: school age only
_AGENCIES: dict[str, tuple[tuple[str, float, float], ...]] = {
    "strategy": (
        ("SOCIAL_CARE", 1.0, 1.0),
        ("POLICE", 1.0, 0.93),
        ("HEALTH", 1.0, 0.85),
        ("EDUCATION", -1.0, 0.75),
    ),
    "icpc": (
        ("SOCIAL_CARE", 1.0, 1.0),
        ("POLICE", 1.0, 0.7),
        ("HEALTH", 1.0, 0.8),
        ("EDUCATION", -1.0, 0.8),
        ("PARENT_CARER", 1.0, 0.85),
        ("PROBATION", 0.12, 0.6),
        ("HOUSING", 0.1, 0.5),
    ),
    "review": (
        ("SOCIAL_CARE", 1.0, 1.0),
        ("POLICE", 1.0, 0.45),
        ("HEALTH", 1.0, 0.75),
        ("EDUCATION", -1.0, 0.75),
        ("PARENT_CARER", 1.0, 0.85),
    ),
    "core_group": (
        ("SOCIAL_CARE", 1.0, 1.0),
        ("PARENT_CARER", 1.0, 0.85),
        ("HEALTH", 1.0, 0.7),
        ("EDUCATION", -1.0, 0.8),
        ("OTHER", 0.2, 0.7),
    ),
}
_MEETING_FIELDS = (
    "id",
    "held_on",
    "child_participation",
    "chair",
    "summary",
    "created_by",
    "created_at",
)


def stamp(on: date, n: int) -> datetime:
    """A plausible time of day on ``on`` for a row's created_at (no clock involved)."""
    return datetime.combine(on, time(9 + n % 8, (n * 7) % 60), tzinfo=LONDON)


class AllocationIndex:
    """Who was allocated to a child on a date."""

    def __init__(self, rows: list[AllocationRow]) -> None:
        self._starts: dict[int, list[date]] = {}
        self._rows: dict[int, list[AllocationRow]] = {}
        for row in sorted(rows, key=lambda r: (r.child, r.start)):
            self._starts.setdefault(row.child, []).append(row.start)
            self._rows.setdefault(row.child, []).append(row)

    def on(self, child: int, day: date) -> AllocationRow | None:
        starts = self._starts.get(child)
        if not starts:
            return None
        i = bisect.bisect_right(starts, day) - 1
        if i < 0:
            return None
        row = self._rows[child][i]
        return row if row.end is None or day < row.end else None


class RowWriter:
    def __init__(
        self,
        *,
        writer: CopyWriter,
        rng: random.Random,
        pools: NamePools,
        population: Population,
        workforce: Workforce,
        worker_ids: list[int],
        team_ids: list[int],
        episodes: list[SimEpisode],
        allocations: list[AllocationRow],
        system_user_id: int,
        as_of: date,
        contacts: list[SimContact] | None = None,
        worker_users: dict[int, int] | None = None,
    ) -> None:
        self.w = writer
        self.rng = rng
        self.pools = pools
        self.pop = population
        self.wf = workforce
        self.worker_ids = worker_ids
        self.team_ids = team_ids
        self.episodes = episodes
        self.allocations = allocations
        self.user = system_user_id
        self.as_of = as_of
        self.index = AllocationIndex(allocations)
        self.person_base = 0
        self.episode_base = 0
        self.contacts = contacts or []
        self.worker_users = worker_users or {}
        self._assessment_teams = workforce.teams_of_kind("ASSESSMENT")
        self._chairs = [
            i for i, worker in enumerate(workforce.workers) if worker.role == "CONFERENCE_CHAIR"
        ]
        mash = workforce.teams_of_kind("MASH")[0]
        self._mash_manager = required(workforce.teams[mash].manager, "a MASH team manager")

    # --- helpers --------------------------------------------------------------------------

    def _age(self, child: int, on: date) -> float:
        return (on - born_on(self.pop.people[child])).days / 365.25

    def _participation(self, kind: str, age: float) -> str:
        rng = self.rng
        if kind == "strategy":
            return "NOT_INVITED" if rng.random() < 0.97 else "VIEWS_SHARED"
        band = "under5" if age < 5 else "5to9" if age < 10 else "10to13" if age < 14 else "14plus"
        u = rng.random()
        for value, share in _PARTICIPATION[band]:
            u -= share
            if u <= 0:
                return value
        return "NOT_INVITED"

    def _attendance(self, kind: str, age: float) -> Iterator[tuple[str, bool]]:
        rng = self.rng
        school_age = 4 <= age < 18
        for agency, invited, attends in _AGENCIES[kind]:
            if invited < 0:
                if not school_age:
                    continue
            elif invited < 1.0 and rng.random() >= invited:
                continue
            yield agency, rng.random() < attends

    def _worker_id(self, child: int, on: date) -> int | None:
        row = self.index.on(child, on)
        return self.worker_ids[row.worker] if row is not None else None

    def _team_manager_id(self, child: int, on: date) -> int:
        row = self.index.on(child, on)
        manager = self.wf.teams[row.team].manager if row is not None else self._mash_manager
        return self.worker_ids[required(manager, "every team to have a manager")]

    def _chair_id(self) -> int | None:
        return self.worker_ids[self.rng.choice(self._chairs)] if self._chairs else None

    def _referral_team_id(self, episode: SimEpisode) -> int | None:
        """The assessment team a referral from the hub went to: where it is waiting, or the team
        of the case's first allocation (any assessment team if it went straight elsewhere)."""
        if episode.referred_to_team is not None:
            return self.team_ids[episode.referred_to_team]
        if not episode.from_hub or not self._assessment_teams:
            return None
        row = self.index.on(episode.child, episode.referral)
        if row is not None and self.wf.teams[row.team].kind == "ASSESSMENT":
            return self.team_ids[row.team]
        teams = self._assessment_teams
        return self.team_ids[teams[episode.child % len(teams)]]

    # --- people ---------------------------------------------------------------------------

    def write_people(self) -> None:
        w = self.w
        people = self.pop.people
        base = w.reserve_ids(Person, len(people))
        self.person_base = base
        user = self.user
        with self._bulk(Person, len(people)):
            self._copy_people(base, user)
        disabilities = self.pop.disabilities
        first = w.reserve_ids(PersonDisability, len(disabilities))
        w.copy(
            PersonDisability,
            ("id", "person", "code"),
            ((first + i, base + person, code) for i, (person, code) in enumerate(disabilities)),
        )
        addresses = self._addresses()
        with self._bulk(Address, len(addresses)):
            w.copy(
                Address,
                ("id", "person", "line_1", "line_2", "town", "postcode", "start_date", "end_date"),
                addresses,
            )
        relationships = self.pop.relationships
        first = w.reserve_ids(Relationship, len(relationships))
        w.copy(
            Relationship,
            (
                "id",
                "person",
                "related_person",
                "kind",
                "has_parental_responsibility",
                "lives_with_child",
                "start_date",
                "end_date",
            ),
            (
                (first + i, base + child, base + adult, kind, pr, lives, since, None)
                for i, (child, adult, kind, pr, lives, since) in enumerate(relationships)
            ),
        )

    def _bulk(self, model: type[Model], rows: int) -> AbstractContextManager[None]:
        """Big loads rebuild the table's indexes afterwards instead of row by row."""
        return self.w.indexes_rebuilt(model) if rows > BULK_INDEX_THRESHOLD else nullcontext()

    def _copy_people(self, base: int, user: int) -> None:
        people = self.pop.people
        self.w.copy(
            Person,
            (
                "id",
                "kind",
                "first_name",
                "last_name",
                "known_as",
                "sex",
                "gender_identity",
                "date_of_birth",
                "expected_date_of_birth",
                "date_of_death",
                "ethnicity",
                "la_child_id",
                "nhs_number",
                "upn",
                "former_upn",
                "upn_unknown_reason",
                "is_restricted",
                "created_at",
                "created_by",
            ),
            (
                (
                    base + i,
                    p.kind,
                    p.first_name,
                    p.last_name,
                    p.known_as,
                    p.sex,
                    "",
                    p.date_of_birth,
                    p.expected_date_of_birth,
                    p.date_of_death,
                    p.ethnicity,
                    p.la_child_id,
                    p.nhs_number,
                    p.upn,
                    "",
                    p.upn_unknown_reason,
                    False,
                    stamp(p.recorded_on, i),
                    user,
                )
                for i, p in enumerate(people)
            ),
        )

    def _addresses(self) -> list[tuple[Any, ...]]:
        rows: list[tuple[Any, ...]] = []
        people = self.pop.people
        households = self.pop.households
        for person, household_index in self.pop.residents:
            spec = people[person]
            household = households[household_index]
            born = spec.date_of_birth or spec.recorded_on
            start = max(household.since, born)
            if household.previous is not None:
                line_1, line_2, town, postcode, since = household.previous
                if born < household.since:
                    rows.append(
                        (
                            self.person_base + person,
                            line_1,
                            line_2,
                            town,
                            postcode,
                            max(since, born),
                            household.since,
                        )
                    )
            rows.append(
                (
                    self.person_base + person,
                    household.line_1,
                    household.line_2,
                    household.town,
                    household.postcode,
                    start,
                    None,
                )
            )
        first = self.w.reserve_ids(Address, len(rows))
        return [(first + i, *row) for i, row in enumerate(rows)]

    def write_involvements(self) -> None:
        rng = self.rng
        first_referral: dict[int, date] = {}
        for episode in self.episodes:
            first_referral.setdefault(episode.child, episode.referral)
        rows: list[tuple[Any, ...]] = []
        pools = self.pools
        for child, referral in first_referral.items():
            age = self._age(child, referral)
            person = self.pop.people[child]
            born = person.date_of_birth or referral
            chances = (
                ("GP", 0.9 if age >= 0 else 0.0),
                ("SCHOOL", 0.95 if 4 <= age < 16 else 0.0),
                ("HEALTH_VISITOR", 0.9 if age < 5 else 0.0),
                ("SCHOOL_NURSE", 0.15 if 4 <= age < 16 else 0.0),
                ("POLICE", 0.15),
                ("YOUTH_JUSTICE", 0.06 if age >= 12 else 0.0),
                ("VOLUNTARY", 0.1),
                ("HEALTH_OTHER", 0.08),
                ("HOUSING", 0.05),
                ("PROBATION", 0.03),
            )
            for agency, chance in chances:
                if rng.random() >= chance:
                    continue
                female = rng.random() < 0.7
                first_name = rng.choice(pools.female["GB"] if female else pools.male["GB"])
                last_name = rng.choice(pools.surnames["GB"])
                organisation = rng.choice(text.PROFESSIONAL_ORGANISATIONS[agency])
                domain = re.sub(r"[^a-z]+", "", organisation.lower())[:20]
                email_name = re.sub(r"[^a-z.]+", "", f"{first_name}.{last_name}".lower())
                start = max(born, referral - timedelta(days=rng.randint(0, 900)))
                end = None
                if agency == "HEALTH_VISITOR" and person.date_of_birth is not None:
                    handover = person.date_of_birth + timedelta(days=5 * 365)
                    end = handover if start <= handover <= self.as_of else None
                rows.append(
                    (
                        child,
                        agency,
                        f"{first_name} {last_name}",
                        text.PROFESSIONAL_ROLES[agency],
                        organisation,
                        f"01632 960{rng.randint(0, 999):03d}",
                        f"{email_name}@{domain}.example.org",
                        start,
                        end,
                    )
                )
        first = self.w.reserve_ids(ProfessionalInvolvement, len(rows))
        base = self.person_base
        self.w.copy(
            ProfessionalInvolvement,
            (
                "id",
                "child",
                "agency",
                "name",
                "role",
                "organisation",
                "phone",
                "email",
                "start_date",
                "end_date",
            ),
            ((first + i, base + row[0], *row[1:]) for i, row in enumerate(rows)),
        )

    # --- casework ---------------------------------------------------------------------------

    def write_casework(self) -> None:  # noqa: C901 - one pass over every episode, by design
        rng = self.rng
        w = self.w
        user = self.user
        base = self.person_base
        episodes = self.episodes
        episode_base = w.reserve_ids(EpisodeOfNeed, len(episodes))
        self.episode_base = episode_base
        assessments: list[tuple[Any, ...]] = []
        factors: list[tuple[int, str]] = []
        strategies: list[tuple[Any, ...]] = []
        enquiries: list[tuple[Any, ...]] = []
        conferences: list[tuple[Any, ...]] = []
        cp_plans: list[tuple[Any, ...]] = []
        reviews: list[tuple[Any, ...]] = []
        core_groups: list[tuple[Any, ...]] = []
        attendance: list[tuple[int | None, int | None, int | None, int | None, str, bool]] = []
        cin_plans: list[tuple[Any, ...]] = []
        pre_proceedings: list[tuple[Any, ...]] = []
        visits: list[tuple[Any, ...]] = []
        notes: list[tuple[Any, ...]] = []
        # Reserve generously up front: every id below is base + position in its list.
        counts = _count_children(episodes)
        assessment_base = w.reserve_ids(Assessment, counts["assessments"])
        strategy_base = w.reserve_ids(StrategyDiscussion, counts["strategies"])
        enquiry_base = w.reserve_ids(Section47Enquiry, counts["enquiries"])
        conference_base = w.reserve_ids(InitialChildProtectionConference, counts["conferences"])
        plan_base = w.reserve_ids(ChildProtectionPlan, counts["cp_plans"])
        review_base = w.reserve_ids(ReviewConference, counts["reviews"])
        core_base = w.reserve_ids(CoreGroupMeeting, counts["core_groups"])
        episode_rows: list[tuple[Any, ...]] = []
        for k, ep in enumerate(episodes):
            episode_id = episode_base + k
            child = ep.child
            child_id = base + child
            episode_rows.append(
                (
                    episode_id,
                    child_id,
                    ep.referral,
                    ep.source,
                    ep.primary_need,
                    ep.nfa,
                    ep.summary,
                    ep.closure,
                    ep.reason,
                    ep.assessment_due,
                    self._referral_team_id(ep),
                    user,
                    stamp(ep.referral, k),
                )
            )
            a = ep.assessment
            if a is not None:
                assessment_id = assessment_base + len(assessments)
                seen_views = a.authorised is not None and a.child_seen is not None
                assessments.append(
                    (
                        assessment_id,
                        episode_id,
                        a.start,
                        a.child_seen,
                        rng.choice(text.ASSESSMENT_VIEWS) if seen_views else "",
                        rng.choice(text.ASSESSMENT_ANALYSIS) if a.authorised else "",
                        a.due,
                        a.authorised,
                        self._team_manager_id(child, a.authorised) if a.authorised else None,
                        a.outcome,
                        user,
                        stamp(a.start, k),
                    )
                )
                factors.extend((assessment_id, code) for code in a.factors)
            for strategy in ep.strategies:
                strategy_id = strategy_base + len(strategies)
                age = self._age(child, strategy.held)
                summary_kind = "strategy" if strategy.section_47 else "strategy_no_s47"
                strategies.append(
                    (
                        strategy_id,
                        strategy.held,
                        self._participation("strategy", age),
                        self._team_manager_id(child, strategy.held),
                        rng.choice(text.MEETING_SUMMARIES[summary_kind]),
                        user,
                        stamp(strategy.held, k),
                        episode_id,
                        strategy.section_47 is not None,
                    )
                )
                attendance.extend(
                    (strategy_id, None, None, None, agency, came)
                    for agency, came in self._attendance("strategy", age)
                )
                s47 = strategy.section_47
                if s47 is None:
                    continue
                enquiry_id = enquiry_base + len(enquiries)
                enquiries.append(
                    (
                        enquiry_id,
                        episode_id,
                        strategy_id,
                        strategy.held,
                        s47.target,
                        s47.end,
                        s47.outcome,
                        s47.icpc_not_required,
                        user,
                        stamp(strategy.held, k + 1),
                    )
                )
                conference = s47.conference
                if conference is None:
                    continue
                conference_id = conference_base + len(conferences)
                age = self._age(child, conference.held)
                conferences.append(
                    (
                        conference_id,
                        conference.held,
                        self._participation("icpc", age),
                        self._chair_id(),
                        rng.choice(text.MEETING_SUMMARIES["icpc"]),
                        user,
                        stamp(conference.held, k),
                        episode_id,
                        enquiry_id,
                        conference.target,
                        conference.outcome,
                        conference.category,
                    )
                )
                attendance.extend(
                    (None, conference_id, None, None, agency, came)
                    for agency, came in self._attendance("icpc", age)
                )
                plan = ep.cp_plan
                if plan is None or conference.outcome != "CHILD_PROTECTION_PLAN":
                    continue
                plan_id = plan_base + len(cp_plans)
                cp_plans.append(
                    (
                        plan_id,
                        episode_id,
                        child_id,
                        conference_id,
                        plan.start,
                        plan.initial_category,
                        plan.latest_category,
                        plan.end,
                        user,
                        stamp(plan.start, k + 1),
                    )
                )
                for review in plan.reviews:
                    review_id = review_base + len(reviews)
                    age = self._age(child, review.held)
                    reviews.append(
                        (
                            review_id,
                            review.held,
                            self._participation("review", age),
                            self._chair_id(),
                            rng.choice(text.MEETING_SUMMARIES["review"]),
                            user,
                            stamp(review.held, k),
                            plan_id,
                            review.due,
                            review.outcome,
                            review.category,
                        )
                    )
                    attendance.extend(
                        (None, None, review_id, None, agency, came)
                        for agency, came in self._attendance("review", age)
                    )
                for due, held in plan.core_groups:
                    core_id = core_base + len(core_groups)
                    age = self._age(child, held)
                    core_groups.append(
                        (
                            core_id,
                            held,
                            self._participation("core_group", age),
                            self._worker_id(child, held),
                            rng.choice(text.MEETING_SUMMARIES["core_group"]),
                            user,
                            stamp(held, k),
                            plan_id,
                            due,
                        )
                    )
                    attendance.extend(
                        (None, None, None, core_id, agency, came)
                        for agency, came in self._attendance("core_group", age)
                    )
            for cin_plan in ep.cin_plans:
                cin_plans.append(
                    (
                        episode_id,
                        child_id,
                        cin_plan.start,
                        cin_plan.end,
                        user,
                        stamp(cin_plan.start, k),
                    )
                )
            for pp in ep.pre_proceedings:
                pre_proceedings.append(
                    (
                        episode_id,
                        child_id,
                        pp.start,
                        pp.letter_sent,
                        pp.fgdm_offered,
                        pp.fgdm_facilitated,
                        pp.initial_meeting,
                        pp.review_meetings if pp.initial_meeting is not None else None,
                        pp.step_decision,
                        pp.outcome,
                        pp.court_application,
                        pp.court_application,
                        user,
                        stamp(pp.start, k),
                    )
                )
            for n, visit_date in enumerate(ep.visits):
                visits.append((child, episode_id, visit_date, k + n))
            for n, (on, title, body) in enumerate(ep.notes):
                notes.append((child_id, episode_id, title, body, None, "", user, stamp(on, k + n)))
        w.copy(
            EpisodeOfNeed,
            (
                "id",
                "child",
                "referral_date",
                "referral_source",
                "primary_need",
                "referral_nfa",
                "referral_summary",
                "closure_date",
                "closure_reason",
                "assessment_due_date",
                "referred_to_team",
                "created_by",
                "created_at",
            ),
            episode_rows,
        )
        w.copy(
            Assessment,
            (
                "id",
                "episode",
                "start_date",
                "child_seen_date",
                "childs_views",
                "analysis",
                "due_date",
                "authorised_date",
                "authorised_by",
                "outcome",
                "created_by",
                "created_at",
            ),
            assessments,
        )
        first = w.reserve_ids(AssessmentFactor, len(factors))
        w.copy(
            AssessmentFactor,
            ("id", "assessment", "code"),
            ((first + i, *row) for i, row in enumerate(factors)),
        )
        w.copy(StrategyDiscussion, (*_MEETING_FIELDS, "episode", "starts_section_47"), strategies)
        w.copy(
            Section47Enquiry,
            (
                "id",
                "episode",
                "strategy_discussion",
                "start_date",
                "icpc_target_date",
                "end_date",
                "outcome",
                "icpc_not_required",
                "created_by",
                "created_at",
            ),
            enquiries,
        )
        w.copy(
            InitialChildProtectionConference,
            (
                *_MEETING_FIELDS,
                "episode",
                "section_47_enquiry",
                "target_date",
                "outcome",
                "category_of_abuse",
            ),
            conferences,
        )
        w.copy(
            ChildProtectionPlan,
            (
                "id",
                "episode",
                "child",
                "initial_conference",
                "start_date",
                "initial_category",
                "latest_category",
                "end_date",
                "created_by",
                "created_at",
            ),
            cp_plans,
        )
        w.copy(
            ReviewConference,
            (*_MEETING_FIELDS, "plan", "due_date", "outcome", "category_of_abuse"),
            reviews,
        )
        w.copy(CoreGroupMeeting, (*_MEETING_FIELDS, "plan", "due_date"), core_groups)
        first = w.reserve_ids(MeetingAttendance, len(attendance))
        w.copy(
            MeetingAttendance,
            (
                "id",
                "strategy_discussion",
                "initial_conference",
                "review_conference",
                "core_group",
                "agency",
                "attended",
            ),
            ((first + i, *row) for i, row in enumerate(attendance)),
        )
        first = w.reserve_ids(ChildInNeedPlan, len(cin_plans))
        w.copy(
            ChildInNeedPlan,
            ("id", "episode", "child", "start_date", "end_date", "created_by", "created_at"),
            ((first + i, *row) for i, row in enumerate(cin_plans)),
        )
        first = w.reserve_ids(PreProceedings, len(pre_proceedings))
        w.copy(
            PreProceedings,
            (
                "id",
                "episode",
                "child",
                "start_date",
                "letter_before_proceedings_date",
                "fgdm_offered",
                "fgdm_facilitated",
                "initial_meeting_date",
                "review_meetings_count",
                "step_decision_date",
                "outcome",
                "court_application_date",
                "letter_initiating_cp_date",
                "created_by",
                "created_at",
            ),
            ((first + i, *row) for i, row in enumerate(pre_proceedings)),
        )
        first = w.reserve_ids(Visit, len(visits))
        w.copy(
            Visit,
            (
                "id",
                "child",
                "episode",
                "visit_date",
                "child_seen",
                "seen_alone",
                "bedroom_seen",
                "childs_words",
                "observations",
                "visited_by",
                "created_by",
                "created_at",
            ),
            (self._visit_row(first + i, *row) for i, row in enumerate(visits)),
        )
        first = w.reserve_ids(CaseNote, len(notes))
        w.copy(
            CaseNote,
            (
                "id",
                "child",
                "episode",
                "title",
                "body",
                "amends",
                "amendment_reason",
                "author",
                "created_at",
            ),
            ((first + i, *row) for i, row in enumerate(notes)),
        )

    def _visit_row(
        self, visit_id: int, child: int, episode_id: int, on: date, n: int
    ) -> tuple[Any, ...]:
        rng = self.rng
        age = self._age(child, on)
        if age < 0:
            seen = alone = bedroom = False
            words = ""
            observations = rng.choice(text.UNBORN_OBSERVATIONS)
        else:
            seen = rng.random() < 0.92
            alone_chance = 0.0 if age < 4 else 0.3 if age < 8 else 0.6 if age < 12 else 0.75
            alone = seen and rng.random() < alone_chance
            bedroom = rng.random() < 0.45
            words = ""
            if seen and age >= 3 and rng.random() < 0.85:
                band = "young" if age < 8 else "middle" if age < 13 else "older"
                words = rng.choice(text.CHILDS_WORDS[band])
            observations = rng.choice(text.VISIT_OBSERVATIONS)
        return (
            visit_id,
            self.person_base + child,
            episode_id,
            on,
            seen,
            alone,
            bedroom,
            words,
            observations,
            self._worker_id(child, on),
            self.user,
            stamp(on, n),
        )

    # --- the hub ----------------------------------------------------------------------------

    def write_contacts(self) -> None:
        """Contacts in the order they came in, each with a fresh reference, then the people
        each names (linked to their records and to the referral they opened) and the hub's
        requests to partner agencies."""
        w = self.w
        contacts = self.contacts
        if not contacts:
            return
        first = w.reserve_ids(Contact, len(contacts))
        number = w.reserve_sequence(REFERENCE_SEQUENCE, len(contacts))
        user = self._user_id
        with self._bulk(Contact, len(contacts)):
            w.copy(
                Contact,
                (
                    "id",
                    "reference",
                    "received_at",
                    "channel",
                    "source",
                    "referrer_name",
                    "referrer_role",
                    "referrer_organisation",
                    "referrer_email",
                    "referrer_phone",
                    "referrer_relationship",
                    "concern",
                    "family_aware",
                    "status",
                    "partner_agency",
                    "tried_so_far",
                    "consent",
                    "consent_reason",
                    "lawful_basis",
                    "decision",
                    "decision_reason",
                    "decided_at",
                    "decided_by",
                    "referrer_outcome",
                    "rag",
                    "rag_reason",
                    "triaged_at",
                    "triaged_by",
                    "due_at",
                    "recorded_by",
                    "created_at",
                ),
                (
                    (
                        first + i,
                        f"HV-{number + i:07d}",
                        c.received_at,
                        c.channel,
                        c.source,
                        c.referrer_name,
                        c.referrer_role,
                        c.referrer_organisation,
                        c.referrer_email,
                        c.referrer_phone,
                        c.referrer_relationship,
                        c.concern,
                        c.family_aware,
                        c.status,
                        c.partner_agency,
                        c.tried_so_far,
                        c.consent,
                        c.consent_reason,
                        c.lawful_basis,
                        c.decision,
                        c.decision_reason,
                        c.decided_at,
                        user(c.decided_by),
                        REFERRER_OUTCOMES[c.decision] if c.decision else "",
                        c.rag,
                        c.rag_reason,
                        c.triaged_at,
                        user(c.triaged_by),
                        c.due_at,
                        user(c.recorded_by),
                        c.received_at,
                    )
                    for i, c in enumerate(contacts)
                ),
            )
        people = sum(len(c.people) for c in contacts)
        person_first = w.reserve_ids(ContactPerson, people)
        base = self.person_base
        episode_base = self.episode_base
        with self._bulk(ContactPerson, people):
            w.copy(
                ContactPerson,
                (
                    "id",
                    "contact",
                    "kind",
                    "first_name",
                    "last_name",
                    "date_of_birth",
                    "age_description",
                    "address",
                    "postcode",
                    "school",
                    "relationship_to_child",
                    "person",
                    "episode",
                ),
                (
                    (
                        person_first + n,
                        contact_id,
                        p.kind,
                        p.first_name,
                        p.last_name,
                        p.date_of_birth,
                        p.age_description,
                        p.address,
                        p.postcode,
                        p.school,
                        p.relationship,
                        base + p.person if p.linked else None,
                        episode_base + p.episode if p.episode is not None else None,
                    )
                    for n, (contact_id, p) in enumerate(
                        (first + i, p) for i, c in enumerate(contacts) for p in c.people
                    )
                ),
            )
        requests = [(first + i, r) for i, c in enumerate(contacts) for r in c.requests]
        request_first = w.reserve_ids(InformationRequest, len(requests))
        w.copy(
            InformationRequest,
            (
                "id",
                "contact",
                "agency",
                "question",
                "requested_at",
                "requested_by",
                "due_at",
                "status",
                "answer",
                "not_for_family",
                "answered_at",
                "answered_by",
            ),
            (
                (
                    request_first + n,
                    contact_id,
                    r.agency,
                    r.question,
                    r.requested_at,
                    user(r.requested_by),
                    r.due_at,
                    r.status,
                    r.answer,
                    r.not_for_family,
                    r.answered_at,
                    user(r.answered_by),
                )
                for n, (contact_id, r) in enumerate(requests)
            ),
        )

    def _user_id(self, worker: int | None) -> int | None:
        return self.worker_users.get(worker) if worker is not None else None

    def write_allocations(self) -> None:
        rows = sorted(self.allocations, key=lambda r: (r.start, r.child))
        first = self.w.reserve_ids(Allocation, len(rows))
        self.w.copy(
            Allocation,
            (
                "id",
                "child",
                "worker",
                "team",
                "start_date",
                "end_date",
                "change_reason",
                "created_by",
                "created_at",
            ),
            (
                (
                    first + i,
                    self.person_base + r.child,
                    self.worker_ids[r.worker],
                    self.team_ids[r.team],
                    r.start,
                    r.end,
                    r.reason,
                    self.user,
                    stamp(r.start, i),
                )
                for i, r in enumerate(rows)
            ),
        )


def _count_children(episodes: list[SimEpisode]) -> dict[str, int]:
    counts = dict.fromkeys(
        (
            "assessments",
            "strategies",
            "enquiries",
            "conferences",
            "cp_plans",
            "reviews",
            "core_groups",
        ),
        0,
    )
    for ep in episodes:
        counts["assessments"] += ep.assessment is not None
        counts["strategies"] += len(ep.strategies)
        for strategy in ep.strategies:
            s47 = strategy.section_47
            if s47 is None:
                continue
            counts["enquiries"] += 1
            if s47.conference is not None:
                counts["conferences"] += 1
                plan = ep.cp_plan
                if plan is not None and s47.conference.outcome == "CHILD_PROTECTION_PLAN":
                    counts["cp_plans"] += 1
                    counts["reviews"] += len(plan.reviews)
                    counts["core_groups"] += len(plan.core_groups)
    return counts
