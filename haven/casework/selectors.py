"""Caseloads and what is due: "My work" for a worker and "Team" for a manager.

Deadlines are computed by the pure `haven.statutory.deadlines` from facts fetched for a whole
caseload in a fixed number of queries (no N+1: tests assert the count does not grow).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Max, QuerySet

from haven.access import policy
from haven.assessments.models import Assessment
from haven.casework.models import Visit
from haven.core import selectors as core_selectors
from haven.meetings.models import Section47Enquiry
from haven.people.models import Person
from haven.plans.models import ChildInNeedPlan, ChildProtectionPlan
from haven.referrals.models import EpisodeOfNeed
from haven.statutory.deadlines import CaseFacts, Deadline, case_deadlines
from haven.workforce.models import Allocation, Team, Worker


@dataclass
class CaseRow:
    child: Person
    status: str
    deadlines: list[Deadline] = field(default_factory=list)
    facts: CaseFacts | None = None

    @property
    def on_child_protection_plan(self) -> bool:
        return self.facts is not None and self.facts.cp_plan_start is not None

    @property
    def overdue(self) -> list[Deadline]:
        return [d for d in self.deadlines if d.is_overdue]

    @property
    def next_deadline(self) -> Deadline | None:
        return self.deadlines[0] if self.deadlines else None

    def urgency(self) -> tuple[int, int, date]:
        """Most overdue first, then the soonest due; children with nothing due last."""
        if not self.deadlines:
            return (2, 0, date.max)
        first = self.deadlines[0]
        return (
            0 if self.overdue else 1,
            -max((d.days_overdue for d in self.overdue), default=0),
            first.due_date,
        )


def _status(episode: EpisodeOfNeed | None, facts: CaseFacts | None) -> str:
    if episode is None or facts is None:
        return "No open episode"
    if facts.cp_plan_start is not None:
        return f"Child protection plan since {facts.cp_plan_start:%-d %B %Y}"
    if facts.cin_plan_start is not None:
        return f"Child in need plan since {facts.cin_plan_start:%-d %B %Y}"
    if facts.icpc_target is not None:
        return "Section 47 enquiry: conference due"
    if facts.open_assessment_due is not None:
        return "Assessment in progress"
    return f"Open since referral on {episode.referral_date:%-d %B %Y}"


def case_facts_for_children(
    child_ids: Sequence[int],
) -> tuple[dict[int, EpisodeOfNeed], dict[int, CaseFacts]]:
    """Open episodes and the clock-starting facts for many children in seven queries."""
    episodes = {
        e.child_id: e
        for e in EpisodeOfNeed.objects.filter(child_id__in=child_ids, closure_date__isnull=True)
    }
    episode_ids = [e.pk for e in episodes.values()]
    open_assessment = dict(
        Assessment.objects.filter(
            episode_id__in=episode_ids, authorised_date__isnull=True
        ).values_list("episode_id", "due_date")
    )
    latest_authorised: dict[int, tuple[date, str]] = {
        episode_id: (authorised, outcome)  # type: ignore[misc]
        for episode_id, authorised, outcome in Assessment.objects.filter(
            episode_id__in=episode_ids, authorised_date__isnull=False
        )
        .order_by("episode_id", "-authorised_date")
        .distinct("episode_id")
        .values_list("episode_id", "authorised_date", "outcome")
    }
    icpc_target = dict(
        Section47Enquiry.objects.filter(
            episode_id__in=episode_ids,
            icpc_not_required=False,
            initial_conference__isnull=True,
        ).values_list("episode_id", "icpc_target_date")
    )
    cp_plans = {
        plan["child_id"]: plan
        for plan in ChildProtectionPlan.objects.filter(
            child_id__in=child_ids, end_date__isnull=True
        )
        .annotate(last_core=Max("core_groups__held_on"), last_review=Max("reviews__held_on"))
        .values("child_id", "start_date", "last_core", "last_review")
    }
    cin_plans: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    last_cin_review: dict[int, date | None] = {}
    for episode_id, start, end, last_review in (
        ChildInNeedPlan.objects.filter(episode_id__in=episode_ids)
        .annotate(last_review=Max("reviews__held_on"))
        .values_list("episode_id", "start_date", "end_date", "last_review")
    ):
        cin_plans[episode_id].append((start, end))
        if end is None:
            last_cin_review[episode_id] = last_review
    last_visit = dict(
        Visit.objects.filter(child_id__in=child_ids)
        .values("child_id")
        .annotate(last=Max("visit_date"))
        .values_list("child_id", "last")
    )

    facts: dict[int, CaseFacts] = {}
    for child_id, episode in episodes.items():
        plan = cp_plans.get(child_id)
        open_cin = [start for start, end in cin_plans[episode.pk] if end is None]
        authorised = latest_authorised.get(episode.pk)
        cin_decided = None
        if (
            authorised
            and authorised[1] == Assessment.Outcome.CHILD_IN_NEED_PLAN
            and not any(start >= authorised[0] for start, _ in cin_plans[episode.pk])
        ):
            cin_decided = authorised[0]
        facts[child_id] = CaseFacts(
            referral_date=episode.referral_date,
            referral_nfa=episode.referral_nfa,
            open_assessment_due=open_assessment.get(episode.pk),
            assessment_authorised=authorised is not None,
            icpc_target=icpc_target.get(episode.pk),
            cp_plan_start=plan["start_date"] if plan else None,
            last_core_group=plan["last_core"] if plan else None,
            last_review=plan["last_review"] if plan else None,
            cin_plan_start=open_cin[0] if open_cin else None,
            last_cin_review=last_cin_review.get(episode.pk),
            last_visit=last_visit.get(child_id),
            cin_plan_decided_on=cin_decided,
        )
    return episodes, facts


def case_rows(children: Sequence[Person], *, as_of: date) -> list[CaseRow]:
    """A row per child with status and deadlines, most urgent first."""
    episodes, facts = case_facts_for_children([c.pk for c in children])
    calendar = core_selectors.working_calendar()
    timescales = core_selectors.timescales_in_force()
    rows = []
    for child in children:
        child_facts = facts.get(child.pk)
        deadlines = (
            case_deadlines(child_facts, as_of=as_of, calendar=calendar, timescales=timescales)
            if child_facts
            else []
        )
        status = _status(episodes.get(child.pk), child_facts)
        rows.append(CaseRow(child, status, deadlines, child_facts))
    return sorted(rows, key=CaseRow.urgency)


def _current_allocations(user: Any) -> QuerySet[Allocation]:
    """Current allocations, limited to the children `user` may see (the one access policy)
    when a user is given."""
    allocations = Allocation.objects.filter(end_date__isnull=True)
    if user is not None:
        allocations = allocations.filter(child__in=policy.children_visible_to(user))
    return allocations


def my_work(*, worker: Worker, as_of: date, user: Any = None) -> list[CaseRow]:
    """The worker's allocated children with what is due and overdue, most urgent first."""
    children = [
        a.child
        for a in _current_allocations(user)
        .filter(worker=worker)
        .select_related("child")
        .order_by("child__last_name", "child__first_name")
    ]
    return case_rows(children, as_of=as_of)


@dataclass
class WorkerCaseload:
    worker: Worker
    rows: list[CaseRow]

    @property
    def caseload(self) -> int:
        return len(self.rows)

    @property
    def overdue_count(self) -> int:
        return sum(len(r.overdue) for r in self.rows)

    @property
    def overdue_rows(self) -> list[CaseRow]:
        return [r for r in self.rows if r.overdue]


def teams_for(worker: Worker) -> list[Team]:
    """The teams a manager oversees: those they manage, else their own team."""
    managed = list(Team.objects.filter(manager=worker).order_by("name"))
    if managed:
        return managed
    return [worker.team] if worker.team is not None else []


def team_overview(*, teams: Sequence[Team], as_of: date, user: Any = None) -> list[WorkerCaseload]:
    """Every current worker in the teams with their caseload and overdue items."""
    workers = list(
        Worker.objects.filter(team__in=teams, end_date__isnull=True)
        .select_related("team")
        .order_by("full_name")
    )
    allocations = (
        _current_allocations(user)
        .filter(worker__in=workers)
        .select_related("child")
        .order_by("child__last_name")
    )
    by_worker: dict[int, list[Person]] = defaultdict(list)
    for allocation in allocations:
        by_worker[allocation.worker_id].append(allocation.child)
    all_children = [c for children in by_worker.values() for c in children]
    rows = {row.child.pk: row for row in case_rows(all_children, as_of=as_of)}
    overview = [
        WorkerCaseload(w, sorted((rows[c.pk] for c in by_worker[w.pk]), key=CaseRow.urgency))
        for w in workers
    ]
    return sorted(overview, key=lambda wc: (-wc.overdue_count, wc.worker.full_name))


def referrals_waiting(*, teams: Sequence[Team], user: Any) -> list[EpisodeOfNeed]:
    """The team's queue: open episodes the hub referred to these teams that nobody is allocated
    to yet, the oldest first, each with the hub's decision (a referral, or an immediate strategy
    discussion) from the contact that opened it. Limited to children `user` may see."""
    if not teams:
        return []
    allocated = Allocation.objects.filter(end_date__isnull=True).values("child_id")
    episodes = list(
        EpisodeOfNeed.objects.filter(
            referred_to_team__in=teams,
            closure_date__isnull=True,
            child__in=policy.children_visible_to(user),
        )
        .exclude(child_id__in=allocated)
        .select_related("child", "referred_to_team")
        .prefetch_related("contact_people__contact")
        .order_by("referral_date", "pk")[:200]
    )
    for episode in episodes:
        contact = next((cp.contact for cp in episode.contact_people.all()), None)
        episode.hub_contact = contact  # type: ignore[attr-defined]
    return episodes
