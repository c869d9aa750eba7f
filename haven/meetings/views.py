"""Workflow steps: strategy discussion, section 47 outcome, initial and review conferences and
core groups. Each view makes one service call."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from haven.core.steps import ChildStepView, get_for_child_or_404
from haven.drafts.mixins import AutosaveMixin
from haven.meetings import forms, services
from haven.meetings.models import Section47Enquiry
from haven.plans.models import ChildInNeedPlan, ChildProtectionPlan
from haven.referrals.models import EpisodeOfNeed


class StrategyDiscussionCreateView(AutosaveMixin, ChildStepView):
    form_class = forms.StrategyDiscussionForm
    success_message = "Strategy discussion recorded"

    def load(self, **kwargs: Any) -> None:
        self.episode = get_for_child_or_404(
            EpisodeOfNeed.objects.all(), "child", self.child, kwargs["episode_id"]
        )

    def perform(self, data: dict[str, Any]) -> None:
        services.strategy_discussion_record(
            acting_user=self.request.user,
            episode=self.episode,
            held_on=data["held_on"],
            child_participation=data["child_participation"],
            starts_section_47=data["starts_section_47"],
            attendance=_attendance(data),
            summary=data["summary"],
        )


def _attendance(data: dict[str, Any]) -> dict[str, bool]:
    invited = set(data.get("agencies_invited", ()))
    attended = set(data.get("agencies_attended", ()))
    return {agency: agency in attended for agency in sorted(invited | attended)}


class Section47StepMixin:
    child: Any

    def load(self, **kwargs: Any) -> None:
        self.enquiry = get_for_child_or_404(
            Section47Enquiry.objects.select_related("episode"),
            "episode__child",
            self.child,
            kwargs["enquiry_id"],
        )


class Section47OutcomeView(Section47StepMixin, ChildStepView):
    form_class = forms.Section47OutcomeForm
    success_message = "Section 47 enquiry outcome recorded"

    def perform(self, data: dict[str, Any]) -> None:
        services.section_47_complete(
            acting_user=self.request.user,
            enquiry=self.enquiry,
            end_date=data["end_date"],
            outcome=data["outcome"],
        )


class InitialConferenceCreateView(AutosaveMixin, Section47StepMixin, ChildStepView):
    form_class = forms.InitialConferenceForm
    success_message = "Initial child protection conference recorded"

    def perform(self, data: dict[str, Any]) -> None:
        services.initial_conference_record(
            acting_user=self.request.user,
            enquiry=self.enquiry,
            held_on=data["held_on"],
            child_participation=data["child_participation"],
            outcome=data["outcome"],
            category_of_abuse=data["category_of_abuse"],
            attendance=_attendance(data),
            summary=data["summary"],
        )


class PlanStepMixin:
    child: Any

    def load(self, **kwargs: Any) -> None:
        self.plan = get_for_child_or_404(
            ChildProtectionPlan.objects.all(), "child", self.child, kwargs["plan_id"]
        )
        if self.plan.end_date is not None:
            raise Http404("The plan has ended")


class ReviewConferenceCreateView(AutosaveMixin, PlanStepMixin, ChildStepView):
    form_class = forms.ReviewConferenceForm
    success_message = "Review conference recorded"

    def perform(self, data: dict[str, Any]) -> None:
        services.review_conference_record(
            acting_user=self.request.user,
            plan=self.plan,
            held_on=data["held_on"],
            child_participation=data["child_participation"],
            outcome=data["outcome"],
            category_of_abuse=data["category_of_abuse"],
            attendance=_attendance(data),
            summary=data["summary"],
        )


class CoreGroupCreateView(AutosaveMixin, PlanStepMixin, ChildStepView):
    form_class = forms.CoreGroupForm
    success_message = "Core group meeting recorded"

    def perform(self, data: dict[str, Any]) -> None:
        services.core_group_record(
            acting_user=self.request.user,
            plan=self.plan,
            held_on=data["held_on"],
            child_participation=data["child_participation"],
            attendance=_attendance(data),
            summary=data["summary"],
        )


class ChildInNeedReviewCreateView(AutosaveMixin, ChildStepView):
    form_class = forms.ChildInNeedReviewForm
    success_message = "Child in need review recorded"

    def load(self, **kwargs: Any) -> None:
        self.plan = get_for_child_or_404(
            ChildInNeedPlan.objects.all(), "child", self.child, kwargs["plan_id"]
        )
        if self.plan.end_date is not None:
            raise Http404("The plan has ended")

    def perform(self, data: dict[str, Any]) -> None:
        services.cin_review_record(
            acting_user=self.request.user,
            plan=self.plan,
            held_on=data["held_on"],
            child_participation=data["child_participation"],
            attendance=_attendance(data),
            summary=data["summary"],
        )
