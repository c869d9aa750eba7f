"""Referrals and episodes of need: opening, guarding and closing them.

Census rules (DfE CIN census 2025-26, reference section 2.4) are checked here as the social
worker enters data, so the return comes out clean.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from haven.access import policy
from haven.core import selectors as core_selectors
from haven.core.errors import RuleBroken, constraint_messages
from haven.core.services import audit
from haven.people.models import Person
from haven.referrals.models import EpisodeOfNeed
from haven.statutory import rules

# An NFA referral is closed on its referral date with RC8 ("closed after assessment, no further
# action" is the census code LAs use for referrals that end with no further action).
NFA_CLOSURE_REASON = "RC8"


def _fmt(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def episode_check_activity(episode: EpisodeOfNeed, *, on: date, what: str) -> None:
    """Refuse activity on an NFA referral, dated after closure or before the referral (census
    rules 8831/8832/4000 and 8565). Late entries dated within the episode are allowed."""
    if episode.referral_nfa:
        raise RuleBroken(
            f"You cannot record {what} on a referral that ended with no further action "
            "(census rules 8831/8832/4000).",
            code="8831",
        )
    if episode.closure_date is not None and on > episode.closure_date:
        raise RuleBroken(
            f"You cannot record {what} after the episode closed on "
            f"{_fmt(episode.closure_date)} (census rule 8565).",
            code="8565",
        )
    if on < episode.referral_date:
        raise RuleBroken(
            f"The date cannot be before the referral on {_fmt(episode.referral_date)}.",
            code="8565",
        )


@transaction.atomic
def referral_record(
    *,
    acting_user: Any,
    child: Person,
    referral_date: date,
    referral_source: str,
    primary_need: str = "",
    referral_nfa: bool = False,
    referral_summary: str = "",
) -> EpisodeOfNeed:
    """Open an episode of need for an accepted referral (the census counts the referral)."""
    policy.require_change(acting_user, child)
    if child.kind != Person.Kind.CHILD:
        raise RuleBroken("Only a child can be referred to children's social care.")
    birth = child.date_of_birth or child.expected_date_of_birth
    if birth is not None:
        for violation in rules.check_referral_after_birth_window(referral_date, birth):
            raise RuleBroken(violation.message, field="referral_date", code=violation.code)
    if not referral_nfa and not primary_need:
        raise RuleBroken(
            "Select the primary need: a referral that leads to further action needs one "
            "(census rule 8610).",
            field="primary_need",
            code="8610",
        )
    open_episode = child.episodes.filter(closure_date__isnull=True).first()
    if open_episode is not None:
        raise RuleBroken(
            f"This child already has an open episode from {_fmt(open_episode.referral_date)}. "
            "Close it before recording a new referral (census rule 8815).",
            field="referral_date",
            code="8815",
        )
    with constraint_messages():
        episode = EpisodeOfNeed.objects.create(
            child=child,
            referral_date=referral_date,
            referral_source=referral_source,
            primary_need=primary_need,
            referral_nfa=referral_nfa,
            referral_summary=referral_summary,
            closure_date=referral_date if referral_nfa else None,
            closure_reason=NFA_CLOSURE_REASON if referral_nfa else "",
            assessment_due_date=core_selectors.due_date(
                "ASSESSMENT_COMPLETION", start=referral_date
            ),
            created_by=acting_user,
        )
    audit(actor=acting_user, action="CREATE", obj=episode, child_id=child.pk)
    return episode


def _latest_activity_date(episode: EpisodeOfNeed) -> date | None:
    dates: list[date] = []
    for queryset, field in (
        (episode.assessments.all(), "authorised_date"),
        (episode.assessments.all(), "start_date"),
        (episode.strategy_discussions.all(), "held_on"),
        (episode.section_47_enquiries.all(), "end_date"),
        (episode.initial_conferences.all(), "held_on"),
        (episode.cp_plans.all(), "end_date"),
        (episode.cin_plans.all(), "start_date"),
        (episode.cin_plans.all(), "end_date"),
        (episode.visits.all(), "visit_date"),
    ):
        latest = queryset.exclude(**{f"{field}__isnull": True}).order_by(f"-{field}").first()
        if latest is not None:
            dates.append(getattr(latest, field))
    return max(dates) if dates else None


@transaction.atomic
def episode_close(
    *, acting_user: Any, episode: EpisodeOfNeed, closure_date: date, closure_reason: str
) -> EpisodeOfNeed:
    """Close the episode of need. An open child in need plan ends on the closure date; work still
    in progress (an assessment, a section 47 enquiry, a child protection plan) must end first."""
    episode = EpisodeOfNeed.objects.select_for_update().get(pk=episode.pk)
    policy.require_change(acting_user, episode.child)
    for violation in rules.check_closure(closure_date, closure_reason):
        raise RuleBroken(violation.message, field="closure_reason", code=violation.code)
    if episode.closure_date is not None:
        raise RuleBroken("This episode is already closed.")
    if closure_date < episode.referral_date:
        raise RuleBroken(
            f"The closure date cannot be before the referral on {_fmt(episode.referral_date)}.",
            field="closure_date",
        )
    if episode.assessments.filter(authorised_date__isnull=True).exists():
        raise RuleBroken("Authorise or finish the assessment in progress before closing.")
    if episode.section_47_enquiries.filter(end_date__isnull=True).exists():
        raise RuleBroken("Complete the section 47 enquiry before closing the episode.")
    if episode.cp_plans.filter(end_date__isnull=True).exists():
        raise RuleBroken(
            "The child is on a child protection plan. A review conference must end the plan "
            "before the episode closes."
        )
    latest = _latest_activity_date(episode)
    if latest is not None and closure_date < latest:
        raise RuleBroken(
            f"The closure date cannot be before the last recorded activity on {_fmt(latest)} "
            "(census rule 8565).",
            field="closure_date",
            code="8565",
        )
    for plan in episode.cin_plans.filter(end_date__isnull=True):
        plan.end_date = closure_date
        plan.save(update_fields=["end_date"])
        audit(actor=acting_user, action="UPDATE", obj=plan, child_id=episode.child_id)
    episode.closure_date = closure_date
    episode.closure_reason = closure_reason
    with constraint_messages():
        episode.save(update_fields=["closure_date", "closure_reason"])
    audit(actor=acting_user, action="UPDATE", obj=episode, child_id=episode.child_id)
    return episode
