from __future__ import annotations

from typing import Any

from haven.core.steps import ChildStepView, get_for_child_or_404
from haven.referrals import forms, services
from haven.referrals.models import EpisodeOfNeed


class ReferralCreateView(ChildStepView):
    form_class = forms.ReferralForm
    success_message = "Referral recorded"

    def perform(self, data: dict[str, Any]) -> None:
        services.referral_record(
            acting_user=self.request.user,
            child=self.child,
            referral_date=data["referral_date"],
            referral_source=data["referral_source"],
            primary_need=data["primary_need"],
            referral_nfa=data["referral_nfa"],
            referral_summary=data["referral_summary"],
        )


class EpisodeCloseView(ChildStepView):
    form_class = forms.EpisodeCloseForm
    success_message = "Episode closed"

    def load(self, **kwargs: Any) -> None:
        self.episode = get_for_child_or_404(
            EpisodeOfNeed.objects.all(), "child", self.child, kwargs["episode_id"]
        )

    def perform(self, data: dict[str, Any]) -> None:
        services.episode_close(
            acting_user=self.request.user,
            episode=self.episode,
            closure_date=data["closure_date"],
            closure_reason=data["closure_reason"],
        )
