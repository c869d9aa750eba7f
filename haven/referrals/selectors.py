"""What can happen next in an episode of need.

The workflow's order (Working Together 2023, chapter 4): an assessment, strategy discussions,
a section 47 enquiry leading to an initial child protection conference, then reviews and core
groups while a child protection plan lasts, or a child in need plan; closure last.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class NextStep:
    label: str
    url_name: str
    url_kwargs: dict[str, int] = field(default_factory=dict)


def episode_next_steps(episode: Any) -> list[NextStep]:
    """The workflow steps open to an episode now. Works on an episode fetched with
    `haven.people.selectors.child_episodes` (prefetched related rows: no extra queries)."""
    if episode.closure_date is not None or episode.referral_nfa:
        return []
    on_episode = {"episode_id": episode.pk}
    steps: list[NextStep] = []
    open_assessment = next(
        (a for a in episode.assessments.all() if a.authorised_date is None), None
    )
    if open_assessment:
        steps.append(
            NextStep(
                "Authorise the assessment",
                "assessments:assessment_authorise",
                {"assessment_id": open_assessment.pk},
            )
        )
    else:
        steps.append(NextStep("Start an assessment", "assessments:assessment_start", on_episode))
    steps.append(
        NextStep("Record a strategy discussion", "meetings:strategy_discussion_create", on_episode)
    )
    conferences = {c.section_47_enquiry_id for c in episode.initial_conferences.all()}
    for enquiry in episode.section_47_enquiries.all():
        on_enquiry = {"enquiry_id": enquiry.pk}
        if enquiry.end_date is None:
            steps.append(
                NextStep("Record the section 47 outcome", "meetings:section_47_outcome", on_enquiry)
            )
        if enquiry.pk not in conferences and not enquiry.icpc_not_required:
            steps.append(
                NextStep(
                    "Record the initial child protection conference",
                    "meetings:initial_conference_create",
                    on_enquiry,
                )
            )
    open_cp = next((p for p in episode.cp_plans.all() if p.end_date is None), None)
    if open_cp:
        on_plan = {"plan_id": open_cp.pk}
        steps.append(
            NextStep("Record a review conference", "meetings:review_conference_create", on_plan)
        )
        steps.append(NextStep("Record a core group meeting", "meetings:core_group_create", on_plan))
    open_cin = next((p for p in episode.cin_plans.all() if p.end_date is None), None)
    if open_cin:
        on_cin = {"plan_id": open_cin.pk}
        steps.append(
            NextStep("Record a child in need review", "meetings:cin_review_create", on_cin)
        )
        steps.append(NextStep("End the child in need plan", "plans:cin_plan_end", on_cin))
    elif not open_cp:
        # A CIN plan never runs alongside a CP plan (census rules 4001/4016/4017).
        steps.append(NextStep("Start a child in need plan", "plans:cin_plan_start", on_episode))
    steps.append(NextStep("Close the episode", "referrals:episode_close", on_episode))
    return steps
