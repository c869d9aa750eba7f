"""Child in need plans and pre-proceedings. (Child protection plans start and end at
conferences: see haven.meetings.services.)"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q

from haven.access import policy
from haven.core.errors import RuleBroken, constraint_messages
from haven.core.services import audit
from haven.plans.models import ChildInNeedPlan, ChildProtectionPlan, PreProceedings
from haven.referrals.models import EpisodeOfNeed
from haven.referrals.services import episode_check_activity


@transaction.atomic
def cin_plan_start(
    *, acting_user: Any, episode: EpisodeOfNeed, start_date: date
) -> ChildInNeedPlan:
    """Start a child in need plan. Never while a child protection plan is open (census rules
    4001/4016/4017)."""
    episode = EpisodeOfNeed.objects.select_for_update().get(pk=episode.pk)
    policy.require_change(acting_user, episode.child)
    episode_check_activity(episode, on=start_date, what="a child in need plan")
    on_cp_plan = ChildProtectionPlan.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gt=start_date),
        child_id=episode.child_id,
        start_date__lte=start_date,
    ).exists()
    if on_cp_plan:
        raise RuleBroken(
            "The child is on a child protection plan on that date, so a child in need plan "
            "cannot start (census rules 4001/4016/4017).",
            field="start_date",
            code="4001",
        )
    if episode.cin_plans.filter(end_date__isnull=True).exists():
        raise RuleBroken("A child in need plan is already open for this episode.")
    with constraint_messages():
        plan = ChildInNeedPlan.objects.create(
            episode=episode,
            child_id=episode.child_id,
            start_date=start_date,
            created_by=acting_user,
        )
    audit(actor=acting_user, action="CREATE", obj=plan, child_id=episode.child_id)
    return plan


@transaction.atomic
def cin_plan_end(*, acting_user: Any, plan: ChildInNeedPlan, end_date: date) -> ChildInNeedPlan:
    """End a child in need plan."""
    plan = ChildInNeedPlan.objects.select_for_update().select_related("episode").get(pk=plan.pk)
    policy.require_change(acting_user, plan.episode.child)
    if plan.end_date is not None:
        raise RuleBroken("This child in need plan has already ended.")
    episode_check_activity(plan.episode, on=end_date, what="the end of a plan")
    if end_date < plan.start_date:
        raise RuleBroken("A plan cannot end before it started.", field="end_date")
    plan.end_date = end_date
    with constraint_messages():
        plan.save(update_fields=["end_date"])
    audit(actor=acting_user, action="UPDATE", obj=plan, child_id=plan.child_id)
    return plan


@transaction.atomic
def pre_proceedings_start(
    *,
    acting_user: Any,
    episode: EpisodeOfNeed,
    start_date: date,
    letter_before_proceedings_date: date | None = None,
    fgdm_offered: bool | None = None,
    fgdm_facilitated: bool | None = None,
    initial_meeting_date: date | None = None,
    review_meetings_count: int | None = None,
    step_decision_date: date | None = None,
    outcome: str = "",
    court_application_date: date | None = None,
    letter_initiating_cp_date: date | None = None,
) -> PreProceedings:
    """Record the pre-proceedings stage (Public Law Outline) decided on `start_date`, with
    whatever of its later steps are already known (census PreProceedingsandFGDM, 2026-27)."""
    episode = EpisodeOfNeed.objects.select_for_update().get(pk=episode.pk)
    policy.require_change(acting_user, episode.child)
    episode_check_activity(episode, on=start_date, what="pre-proceedings")
    later = {
        "letter_before_proceedings_date": letter_before_proceedings_date,
        "initial_meeting_date": initial_meeting_date,
        "step_decision_date": step_decision_date,
        "court_application_date": court_application_date,
        "letter_initiating_cp_date": letter_initiating_cp_date,
    }
    for field, on in later.items():
        if on is None:
            continue
        if on < start_date:
            raise RuleBroken(
                "This date cannot be before the decision to start pre-proceedings "
                "(census rules 9006, 9009).",
                field=field,
            )
        episode_check_activity(episode, on=on, what="pre-proceedings")
    if outcome and outcome not in PreProceedings.Outcome.values:
        raise RuleBroken(
            "Select a pre-proceedings outcome from the list (census rule 9011).",
            field="outcome",
            code="9011",
        )
    if review_meetings_count is not None and review_meetings_count < 0:
        raise RuleBroken(
            "The number of review meetings cannot be negative.", field="review_meetings_count"
        )
    with constraint_messages():
        pre_proceedings = PreProceedings.objects.create(
            episode=episode,
            child_id=episode.child_id,
            start_date=start_date,
            fgdm_offered=fgdm_offered,
            fgdm_facilitated=fgdm_facilitated,
            review_meetings_count=review_meetings_count,
            outcome=outcome,
            created_by=acting_user,
            **later,
        )
    audit(actor=acting_user, action="CREATE", obj=pre_proceedings, child_id=episode.child_id)
    return pre_proceedings
