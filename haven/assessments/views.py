from __future__ import annotations

from typing import Any

from django.http import Http404

from haven.assessments import forms, services
from haven.assessments.models import Assessment
from haven.core.steps import ChildStepView, get_for_child_or_404
from haven.drafts.mixins import AutosaveMixin
from haven.referrals.models import EpisodeOfNeed


class AssessmentStartView(ChildStepView):
    form_class = forms.AssessmentStartForm
    success_message = "Assessment started"

    def load(self, **kwargs: Any) -> None:
        self.episode = get_for_child_or_404(
            EpisodeOfNeed.objects.all(), "child", self.child, kwargs["episode_id"]
        )

    def perform(self, data: dict[str, Any]) -> None:
        services.assessment_start(
            acting_user=self.request.user, episode=self.episode, start_date=data["start_date"]
        )


class AssessmentAuthoriseView(AutosaveMixin, ChildStepView):
    form_class = forms.AssessmentAuthoriseForm
    success_message = "Assessment authorised"

    def load(self, **kwargs: Any) -> None:
        self.assessment = get_for_child_or_404(
            Assessment.objects.all(), "episode__child", self.child, kwargs["assessment_id"]
        )
        if self.assessment.authorised_date is not None:
            raise Http404("Already authorised")

    def perform(self, data: dict[str, Any]) -> None:
        services.assessment_authorise(
            acting_user=self.request.user,
            assessment=self.assessment,
            authorised_date=data["authorised_date"],
            outcome=data["outcome"],
            factors=data["factors"],
            child_seen_date=data["child_seen_date"],
            childs_views=data["childs_views"],
            analysis=data["analysis"],
        )
