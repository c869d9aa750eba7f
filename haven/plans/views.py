from __future__ import annotations

from typing import Any

from haven.core.steps import ChildStepView, get_for_child_or_404
from haven.plans import forms, services
from haven.plans.models import ChildInNeedPlan
from haven.referrals.models import EpisodeOfNeed


class ChildInNeedPlanStartView(ChildStepView):
    form_class = forms.ChildInNeedPlanStartForm
    success_message = "Child in need plan started"

    def load(self, **kwargs: Any) -> None:
        self.episode = get_for_child_or_404(
            EpisodeOfNeed.objects.all(), "child", self.child, kwargs["episode_id"]
        )

    def perform(self, data: dict[str, Any]) -> None:
        services.cin_plan_start(
            acting_user=self.request.user, episode=self.episode, start_date=data["start_date"]
        )


class ChildInNeedPlanEndView(ChildStepView):
    form_class = forms.ChildInNeedPlanEndForm
    success_message = "Child in need plan ended"

    def load(self, **kwargs: Any) -> None:
        self.plan = get_for_child_or_404(
            ChildInNeedPlan.objects.all(), "child", self.child, kwargs["plan_id"]
        )

    def perform(self, data: dict[str, Any]) -> None:
        services.cin_plan_end(
            acting_user=self.request.user, plan=self.plan, end_date=data["end_date"]
        )
