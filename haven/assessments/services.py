"""Starting and authorising child and family assessments (Working Together 2023: completed
within 45 working days of the referral)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.db import transaction

from haven.access import policy
from haven.assessments.models import Assessment, AssessmentFactor
from haven.core import selectors as core_selectors
from haven.core.errors import RuleBroken, constraint_messages
from haven.core.services import audit
from haven.referrals.models import EpisodeOfNeed
from haven.referrals.services import episode_check_activity
from haven.statutory import rules


@transaction.atomic
def assessment_start(*, acting_user: Any, episode: EpisodeOfNeed, start_date: date) -> Assessment:
    """Start an assessment. The first in an episode is due 45 WD from the referral date; a later
    one 45 WD from its own start."""
    episode = EpisodeOfNeed.objects.select_for_update().get(pk=episode.pk)
    policy.require_change(acting_user, episode.child)
    episode_check_activity(episode, on=start_date, what="an assessment")
    if episode.assessments.filter(authorised_date__isnull=True).exists():
        raise RuleBroken(
            "An assessment is already in progress for this episode (census rule 8896).",
            field="start_date",
            code="8896",
        )
    first = not episode.assessments.exists()
    due = (
        episode.assessment_due_date
        if first
        else core_selectors.due_date("ASSESSMENT_COMPLETION", start=start_date)
    )
    with constraint_messages():
        assessment = Assessment.objects.create(
            episode=episode, start_date=start_date, due_date=due, created_by=acting_user
        )
    audit(actor=acting_user, action="CREATE", obj=assessment, child_id=episode.child_id)
    return assessment


@transaction.atomic
def assessment_authorise(
    *,
    acting_user: Any,
    assessment: Assessment,
    authorised_date: date,
    outcome: str,
    factors: Sequence[str],
    child_seen_date: date | None = None,
    childs_views: str = "",
    analysis: str = "",
) -> Assessment:
    """Record the completed assessment and its authorisation by a manager."""
    assessment = (
        Assessment.objects.select_for_update().select_related("episode").get(pk=assessment.pk)
    )
    episode = assessment.episode
    policy.require_change(acting_user, episode.child)
    if assessment.authorised_date is not None:
        raise RuleBroken("This assessment has already been authorised.")
    episode_check_activity(episode, on=authorised_date, what="an assessment authorisation")
    if authorised_date < assessment.start_date:
        raise RuleBroken(
            "The authorisation date cannot be before the assessment started.",
            field="authorised_date",
        )
    if child_seen_date is not None and not (
        episode.referral_date <= child_seen_date <= authorised_date
    ):
        raise RuleBroken(
            "The date the child was seen must be between the referral and the authorisation.",
            field="child_seen_date",
        )
    for violation in rules.check_assessment_factors(list(factors)):
        raise RuleBroken(violation.message, field="factors", code=violation.code)
    assessment.authorised_date = authorised_date
    assessment.authorised_by = getattr(acting_user, "worker", None)
    assessment.outcome = outcome
    assessment.child_seen_date = child_seen_date
    assessment.childs_views = childs_views
    assessment.analysis = analysis
    with constraint_messages():
        assessment.save()
        AssessmentFactor.objects.bulk_create(
            AssessmentFactor(assessment=assessment, code=code) for code in factors
        )
    audit(actor=acting_user, action="UPDATE", obj=assessment, child_id=episode.child_id)
    return assessment
