"""Reading a child's record: the summary card and each tab. Every function takes a child the
caller has already obtained through `haven.access.policy`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone

from haven.assessments.models import Assessment
from haven.casework.models import CaseNote, Visit
from haven.casework.selectors import case_rows
from haven.meetings.models import (
    ChildInNeedReview,
    CoreGroupMeeting,
    InitialChildProtectionConference,
    ReviewConference,
    Section47Enquiry,
    StrategyDiscussion,
)
from haven.people.models import Person, Relationship
from haven.plans.models import ChildInNeedPlan, ChildProtectionPlan
from haven.referrals.models import EpisodeOfNeed
from haven.statutory import timescales
from haven.workforce.models import Allocation


def age_in_years(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def current_allocation(child: Person) -> Allocation | None:
    return (
        Allocation.objects.filter(child=child, end_date__isnull=True)
        .select_related("worker", "team")
        .first()
    )


def child_summary(child: Person, *, as_of: date) -> dict[str, Any]:
    """What the summary card at the top of every record tab shows."""
    allocation = current_allocation(child)
    row = case_rows([child], as_of=as_of)[0]
    alerts = []
    if child.is_restricted:
        alerts.append("Restricted record")
    if child.date_of_death:
        alerts.append(f"Died {child.date_of_death:%-d %B %Y}")
    if row.on_child_protection_plan:
        alerts.append("Child protection plan")
    if row.overdue:
        alerts.append(f"{len(row.overdue)} overdue")
    if child.date_of_birth:
        age = f"{age_in_years(child.date_of_birth, as_of)} years"
    elif child.expected_date_of_birth:
        age = "Unborn"
    else:
        age = ""
    return {
        "name": child.full_name,
        "known_as": child.known_as,
        "date_of_birth": child.date_of_birth,
        "expected_date_of_birth": child.expected_date_of_birth,
        "age": age,
        "sex": child.get_sex_display(),
        "la_child_id": child.la_child_id or "",
        "nhs_number": child.nhs_number,
        "alerts": alerts,
        "worker": allocation.worker.full_name if allocation else None,
        "team": allocation.team.name if allocation else None,
        "status": row.status,
        "next_due": row.deadlines,
    }


@dataclass(frozen=True)
class ChronologyEvent:
    date: date
    kind: str
    title: str
    description: str = ""
    by: str = ""


CHRONOLOGY_KINDS = {
    "referral": "Referrals and closures",
    "assessment": "Assessments",
    "protection": "Strategy discussions, enquiries and conferences",
    "plan": "Plans",
    "visit": "Visits",
    "note": "Case notes",
    "allocation": "Allocations",
}


def _fmt(d: date | None) -> str:
    return f"{d:%-d %B %Y}" if d else ""


def child_chronology(child: Person, *, kinds: set[str] | None = None) -> list[ChronologyEvent]:
    """The child's story generated from recorded events, newest first."""
    wanted = kinds or set(CHRONOLOGY_KINDS)
    events: list[ChronologyEvent] = []
    add = events.append
    if "referral" in wanted:
        for e in EpisodeOfNeed.objects.filter(child=child):
            add(
                ChronologyEvent(
                    e.referral_date,
                    "referral",
                    "Referral received",
                    f"Source: {e.get_referral_source_display()}."
                    + (" No further action." if e.referral_nfa else ""),
                )
            )
            if e.closure_date and not e.referral_nfa:
                add(
                    ChronologyEvent(
                        e.closure_date, "referral", "Episode closed", e.get_closure_reason_display()
                    )
                )
    if "assessment" in wanted:
        for a in Assessment.objects.filter(episode__child=child).select_related("authorised_by"):
            add(
                ChronologyEvent(
                    a.start_date, "assessment", "Assessment started", f"Due by {_fmt(a.due_date)}."
                )
            )
            if a.authorised_date:
                add(
                    ChronologyEvent(
                        a.authorised_date,
                        "assessment",
                        "Assessment authorised",
                        f"Outcome: {a.get_outcome_display()}.",
                        a.authorised_by.full_name if a.authorised_by else "",
                    )
                )
    if "protection" in wanted:
        for sd in StrategyDiscussion.objects.filter(episode__child=child):
            add(
                ChronologyEvent(
                    sd.held_on,
                    "protection",
                    "Strategy discussion",
                    "Section 47 enquiry started."
                    if sd.starts_section_47
                    else "No section 47 enquiry.",
                )
            )
        for s47 in Section47Enquiry.objects.filter(episode__child=child, end_date__isnull=False):
            add(
                ChronologyEvent(
                    s47.end_date,  # type: ignore[arg-type]
                    "protection",
                    "Section 47 enquiry completed",
                    s47.get_outcome_display(),
                )
            )
        for icpc in InitialChildProtectionConference.objects.filter(episode__child=child):
            add(
                ChronologyEvent(
                    icpc.held_on,
                    "protection",
                    "Initial child protection conference",
                    f"Outcome: {icpc.get_outcome_display()}. "
                    f"Child's participation: {icpc.get_child_participation_display()}.",
                )
            )
        for r in ReviewConference.objects.filter(plan__child=child):
            add(
                ChronologyEvent(
                    r.held_on,
                    "protection",
                    "Review conference",
                    f"{r.get_outcome_display()}. "
                    f"Child's participation: {r.get_child_participation_display()}.",
                )
            )
        for cg in CoreGroupMeeting.objects.filter(plan__child=child):
            add(ChronologyEvent(cg.held_on, "protection", "Core group meeting"))
        for cr in ChildInNeedReview.objects.filter(plan__child=child):
            add(
                ChronologyEvent(
                    cr.held_on,
                    "protection",
                    "Child in need review",
                    f"Child's participation: {cr.get_child_participation_display()}.",
                )
            )
    if "plan" in wanted:
        for cp in ChildProtectionPlan.objects.filter(child=child):
            add(
                ChronologyEvent(
                    cp.start_date,
                    "plan",
                    "Child protection plan started",
                    f"Category: {cp.get_initial_category_display()}.",
                )
            )
            if cp.end_date:
                add(ChronologyEvent(cp.end_date, "plan", "Child protection plan ended"))
        for cin in ChildInNeedPlan.objects.filter(child=child):
            add(ChronologyEvent(cin.start_date, "plan", "Child in need plan started"))
            if cin.end_date:
                add(ChronologyEvent(cin.end_date, "plan", "Child in need plan ended"))
    if "visit" in wanted:
        for v in Visit.objects.filter(child=child).select_related("visited_by"):
            seen = "Seen alone" if v.seen_alone else ("Seen" if v.child_seen else "Not seen")
            add(
                ChronologyEvent(
                    v.visit_date,
                    "visit",
                    "Statutory visit",
                    f"{seen}.",
                    v.visited_by.full_name if v.visited_by else "",
                )
            )
    if "note" in wanted:
        for n in CaseNote.objects.filter(child=child).select_related("author"):
            add(
                ChronologyEvent(
                    timezone.localdate(n.created_at),
                    "note",
                    f"Case note: {n.title}" + (" (correction)" if n.amends_id else ""),
                    by=n.author.get_full_name() or n.author.get_username(),
                )
            )
    if "allocation" in wanted:
        for al in Allocation.objects.filter(child=child).select_related("worker", "team"):
            reason = f" Reason: {al.get_change_reason_display()}." if al.change_reason else ""
            add(
                ChronologyEvent(
                    al.start_date,
                    "allocation",
                    f"Allocated to {al.worker.full_name}",
                    f"{al.team.name}.{reason}",
                )
            )
    return sorted(events, key=lambda ev: (ev.date, ev.kind), reverse=True)


def child_family(child: Person) -> dict[str, Any]:
    """Relationships in both directions, addresses with history and professionals."""
    relationships = Relationship.objects.filter(Q(person=child) | Q(related_person=child))
    # A relationship a merge left on the merged record repeats one the kept record has.
    relationships = relationships.filter(
        person__merged_into__isnull=True, related_person__merged_into__isnull=True
    )
    return {
        "relationships": list(relationships.select_related("person", "related_person")),
        "addresses": list(child.addresses.order_by("-start_date")),
        "involvements": list(child.involvements.order_by("end_date", "-start_date")),
    }


def child_episodes(child: Person) -> list[EpisodeOfNeed]:
    """Every episode with its assessments, enquiries, conferences and plans (fixed queries).
    Each plan gets `previous_plans`, the census NumberOfPreviousCPP, derived not typed, and each
    initial conference `in_time`."""
    episodes = list(
        EpisodeOfNeed.objects.filter(child=child)
        .order_by("-referral_date")
        .prefetch_related(
            Prefetch("assessments", Assessment.objects.order_by("start_date")),
            "assessments__factors",
            Prefetch("strategy_discussions", StrategyDiscussion.objects.order_by("held_on")),
            Prefetch("section_47_enquiries", Section47Enquiry.objects.order_by("start_date")),
            Prefetch(
                "initial_conferences",
                InitialChildProtectionConference.objects.order_by("held_on"),
            ),
            Prefetch("cp_plans", ChildProtectionPlan.objects.order_by("start_date")),
            Prefetch("cp_plans__reviews", ReviewConference.objects.order_by("held_on")),
            Prefetch("cp_plans__core_groups", CoreGroupMeeting.objects.order_by("held_on")),
            Prefetch("cin_plans", ChildInNeedPlan.objects.order_by("start_date")),
            Prefetch("cin_plans__reviews", ChildInNeedReview.objects.order_by("held_on")),
        )
    )
    starts = sorted(plan.start_date for e in episodes for plan in e.cp_plans.all())
    for episode in episodes:
        for conference in episode.initial_conferences.all():
            # Held by its target date: within 15 WD of the strategy discussion (WT 2023).
            conference.in_time = not timescales.is_overdue(  # type: ignore[attr-defined]
                conference.target_date, done_on=conference.held_on, as_of=conference.held_on
            )
        for plan in episode.cp_plans.all():
            plan.previous_plans = sum(1 for s in starts if s < plan.start_date)  # type: ignore[attr-defined]
    return episodes


def previous_cp_plan_count(plan: ChildProtectionPlan) -> int:
    """Census NumberOfPreviousCPP: derived from the plans before this one, never typed."""
    return ChildProtectionPlan.objects.filter(
        child_id=plan.child_id, start_date__lt=plan.start_date
    ).count()


def child_visits(child: Person) -> list[Visit]:
    return list(
        Visit.objects.filter(child=child)
        .select_related("visited_by")
        .order_by("-visit_date", "-pk")
    )


def child_notes(child: Person) -> list[CaseNote]:
    """Notes newest first; each correction sits with the version it corrects."""
    return list(
        CaseNote.objects.filter(child=child)
        .select_related("author", "amends", "amended_by")
        .order_by("-created_at", "-pk")
    )


def child_allocations(child: Person) -> list[Allocation]:
    return list(
        Allocation.objects.filter(child=child)
        .select_related("worker", "team")
        .order_by("-start_date", "-pk")
    )
