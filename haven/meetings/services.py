"""Strategy discussions, section 47 enquiries and child protection conferences.

Timescales: Working Together to Safeguard Children 2023, chapter 4 — ICPC within 15 working
days of the strategy discussion that started the s47; first core group within 10 working days
of the ICPC; first review within 3 months of the ICPC, then at most every 6 months.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction

from haven.access import policy
from haven.core import selectors as core_selectors
from haven.core.errors import RuleBroken, constraint_messages
from haven.core.services import audit
from haven.meetings.models import (
    ChildInNeedReview,
    CoreGroupMeeting,
    InitialChildProtectionConference,
    MeetingAttendance,
    ReviewConference,
    Section47Enquiry,
    StrategyDiscussion,
)
from haven.plans.models import ChildInNeedPlan, ChildProtectionPlan
from haven.referrals.models import EpisodeOfNeed
from haven.referrals.services import episode_check_activity
from haven.statutory import rules


def _record_attendance(meeting_field: str, meeting: Any, attendance: Mapping[str, bool]) -> None:
    MeetingAttendance.objects.bulk_create(
        MeetingAttendance(**{meeting_field: meeting}, agency=agency, attended=attended)
        for agency, attended in attendance.items()
    )


def _chair(acting_user: Any) -> Any:
    return getattr(acting_user, "worker", None)


@transaction.atomic
def strategy_discussion_record(
    *,
    acting_user: Any,
    episode: EpisodeOfNeed,
    held_on: date,
    child_participation: str,
    starts_section_47: bool,
    attendance: Mapping[str, bool],
    summary: str = "",
) -> StrategyDiscussion:
    """Record a strategy discussion; if it decides on a section 47 enquiry, start it that day."""
    episode = EpisodeOfNeed.objects.select_for_update().get(pk=episode.pk)
    policy.require_change(acting_user, episode.child)
    episode_check_activity(episode, on=held_on, what="a strategy discussion")
    if starts_section_47 and episode.section_47_enquiries.filter(end_date__isnull=True).exists():
        raise RuleBroken(
            "A section 47 enquiry is already in progress for this episode (census rule 8839).",
            field="starts_section_47",
            code="8839",
        )
    with constraint_messages():
        discussion = StrategyDiscussion.objects.create(
            episode=episode,
            held_on=held_on,
            child_participation=child_participation,
            starts_section_47=starts_section_47,
            chair=_chair(acting_user),
            summary=summary,
            created_by=acting_user,
        )
        _record_attendance("strategy_discussion", discussion, attendance)
        if starts_section_47:
            enquiry = Section47Enquiry.objects.create(
                episode=episode,
                strategy_discussion=discussion,
                start_date=held_on,
                icpc_target_date=core_selectors.due_date("ICPC", start=held_on),
                created_by=acting_user,
            )
            audit(actor=acting_user, action="CREATE", obj=enquiry, child_id=episode.child_id)
    audit(actor=acting_user, action="CREATE", obj=discussion, child_id=episode.child_id)
    return discussion


@transaction.atomic
def section_47_complete(
    *,
    acting_user: Any,
    enquiry: Section47Enquiry,
    end_date: date,
    outcome: str,
) -> Section47Enquiry:
    """Record the outcome of a section 47 enquiry. Any outcome but "ICPC" means an ICPC is not
    required (census ICPCnotRequired)."""
    enquiry = (
        Section47Enquiry.objects.select_for_update().select_related("episode").get(pk=enquiry.pk)
    )
    policy.require_change(acting_user, enquiry.episode.child)
    if enquiry.end_date is not None:
        raise RuleBroken("This section 47 enquiry is already complete.")
    episode_check_activity(enquiry.episode, on=end_date, what="a section 47 outcome")
    if end_date < enquiry.start_date:
        raise RuleBroken(
            "The enquiry cannot end before the strategy discussion that started it.",
            field="end_date",
        )
    enquiry.end_date = end_date
    enquiry.outcome = outcome
    enquiry.icpc_not_required = outcome != Section47Enquiry.Outcome.ICPC
    with constraint_messages():
        enquiry.save(update_fields=["end_date", "outcome", "icpc_not_required"])
    audit(actor=acting_user, action="UPDATE", obj=enquiry, child_id=enquiry.episode.child_id)
    return enquiry


@transaction.atomic
def initial_conference_record(
    *,
    acting_user: Any,
    enquiry: Section47Enquiry,
    held_on: date,
    child_participation: str,
    outcome: str,
    attendance: Mapping[str, bool],
    category_of_abuse: str = "",
    summary: str = "",
) -> InitialChildProtectionConference:
    """Record the ICPC. A decision for a plan starts the child protection plan that day
    (census rule 2885) and ends any child in need plan (rules 4001/4016/4017)."""
    enquiry = (
        Section47Enquiry.objects.select_for_update().select_related("episode").get(pk=enquiry.pk)
    )
    episode = enquiry.episode
    policy.require_change(acting_user, episode.child)
    episode_check_activity(episode, on=held_on, what="a child protection conference")
    for violation in rules.check_icpc_date(held_on):
        raise RuleBroken(violation.message, field="held_on", code=violation.code)
    if held_on < enquiry.start_date:
        raise RuleBroken(
            "The conference cannot be before the strategy discussion that started the enquiry.",
            field="held_on",
        )
    if enquiry.icpc_not_required:
        raise RuleBroken("The section 47 enquiry recorded that no conference was required.")
    if hasattr(enquiry, "initial_conference"):
        raise RuleBroken("This enquiry already has its initial child protection conference.")
    is_plan = outcome == InitialChildProtectionConference.Outcome.CHILD_PROTECTION_PLAN
    if is_plan and not category_of_abuse:
        raise RuleBroken(
            "Select the category of abuse for the child protection plan.",
            field="category_of_abuse",
        )
    with constraint_messages():
        conference = InitialChildProtectionConference.objects.create(
            episode=episode,
            section_47_enquiry=enquiry,
            target_date=enquiry.icpc_target_date,
            held_on=held_on,
            child_participation=child_participation,
            outcome=outcome,
            category_of_abuse=category_of_abuse if is_plan else "",
            chair=_chair(acting_user),
            summary=summary,
            created_by=acting_user,
        )
        _record_attendance("initial_conference", conference, attendance)
        if enquiry.end_date is None:
            enquiry.end_date = held_on
            enquiry.outcome = Section47Enquiry.Outcome.ICPC
            enquiry.save(update_fields=["end_date", "outcome"])
        if is_plan:
            for cin_plan in episode.child.cin_plans.filter(end_date__isnull=True):
                cin_plan.end_date = held_on
                cin_plan.save(update_fields=["end_date"])
                audit(actor=acting_user, action="UPDATE", obj=cin_plan, child_id=episode.child_id)
            plan = ChildProtectionPlan.objects.create(
                episode=episode,
                child=episode.child,
                initial_conference=conference,
                start_date=held_on,
                initial_category=category_of_abuse,
                latest_category=category_of_abuse,
                created_by=acting_user,
            )
            audit(actor=acting_user, action="CREATE", obj=plan, child_id=episode.child_id)
    audit(actor=acting_user, action="CREATE", obj=conference, child_id=episode.child_id)
    return conference


def _open_plan(plan: ChildProtectionPlan, acting_user: Any, held_on: date, what: str) -> Any:
    plan = ChildProtectionPlan.objects.select_for_update().select_related("episode").get(pk=plan.pk)
    policy.require_change(acting_user, plan.episode.child)
    if plan.end_date is not None:
        raise RuleBroken("This child protection plan has ended.")
    episode_check_activity(plan.episode, on=held_on, what=what)
    return plan


@transaction.atomic
def review_conference_record(
    *,
    acting_user: Any,
    plan: ChildProtectionPlan,
    held_on: date,
    child_participation: str,
    outcome: str,
    category_of_abuse: str,
    attendance: Mapping[str, bool],
    summary: str = "",
) -> ReviewConference:
    """Record a review conference; it may change the category or end the plan that day."""
    plan = _open_plan(plan, acting_user, held_on, "a review conference")
    for violation in rules.check_review_after_plan_start(held_on, plan.start_date):
        raise RuleBroken(violation.message, field="held_on", code=violation.code)
    last = plan.reviews.order_by("-held_on").first()
    if last is not None and held_on <= last.held_on:
        raise RuleBroken("A review must be after the previous review.", field="held_on")
    due = (
        core_selectors.due_date("FIRST_REVIEW_CONFERENCE", start=plan.start_date)
        if last is None
        else core_selectors.due_date("LATER_REVIEW_CONFERENCE", start=last.held_on)
    )
    with constraint_messages():
        review = ReviewConference.objects.create(
            plan=plan,
            held_on=held_on,
            due_date=due,
            child_participation=child_participation,
            outcome=outcome,
            category_of_abuse=category_of_abuse,
            chair=_chair(acting_user),
            summary=summary,
            created_by=acting_user,
        )
        _record_attendance("review_conference", review, attendance)
        plan.latest_category = category_of_abuse
        if outcome == ReviewConference.Outcome.END:
            plan.end_date = held_on
        plan.save(update_fields=["latest_category", "end_date"])
    audit(actor=acting_user, action="CREATE", obj=review, child_id=plan.child_id)
    return review


@transaction.atomic
def core_group_record(
    *,
    acting_user: Any,
    plan: ChildProtectionPlan,
    held_on: date,
    child_participation: str,
    attendance: Mapping[str, bool],
    summary: str = "",
) -> CoreGroupMeeting:
    """Record a core group meeting of the child protection plan."""
    plan = _open_plan(plan, acting_user, held_on, "a core group meeting")
    if held_on < plan.start_date:
        raise RuleBroken("A core group cannot be before the plan started.", field="held_on")
    last = plan.core_groups.order_by("-held_on").first()
    due = (
        core_selectors.due_date("FIRST_CORE_GROUP", start=plan.start_date)
        if last is None
        else core_selectors.due_date("CORE_GROUP_FREQUENCY", start=last.held_on)
    )
    with constraint_messages():
        meeting = CoreGroupMeeting.objects.create(
            plan=plan,
            held_on=held_on,
            due_date=due,
            child_participation=child_participation,
            chair=_chair(acting_user),
            summary=summary,
            created_by=acting_user,
        )
        _record_attendance("core_group", meeting, attendance)
    audit(actor=acting_user, action="CREATE", obj=meeting, child_id=plan.child_id)
    return meeting


@transaction.atomic
def cin_review_record(
    *,
    acting_user: Any,
    plan: ChildInNeedPlan,
    held_on: date,
    child_participation: str,
    attendance: Mapping[str, bool],
    summary: str = "",
) -> ChildInNeedReview:
    """Record a review of the child in need plan; the next is due by the local frequency."""
    plan = ChildInNeedPlan.objects.select_for_update().select_related("episode").get(pk=plan.pk)
    policy.require_change(acting_user, plan.episode.child)
    if plan.end_date is not None:
        raise RuleBroken("This child in need plan has ended.")
    episode_check_activity(plan.episode, on=held_on, what="a child in need review")
    if held_on < plan.start_date:
        raise RuleBroken("A review cannot be before the plan started.", field="held_on")
    last = plan.reviews.order_by("-held_on").first()
    due = core_selectors.due_date(
        "CIN_PLAN_REVIEW", start=last.held_on if last else plan.start_date
    )
    with constraint_messages():
        review = ChildInNeedReview.objects.create(
            plan=plan,
            held_on=held_on,
            due_date=due,
            child_participation=child_participation,
            chair=_chair(acting_user),
            summary=summary,
            created_by=acting_user,
        )
        _record_attendance("cin_review", review, attendance)
    audit(actor=acting_user, action="CREATE", obj=review, child_id=plan.child_id)
    return review
