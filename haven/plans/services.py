"""Child in need plans. (Child protection plans start and end at conferences: see
haven.meetings.services.)"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q

from haven.access import policy
from haven.core.errors import RuleBroken, constraint_messages
from haven.core.services import audit
from haven.plans.models import ChildInNeedPlan, ChildProtectionPlan
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
