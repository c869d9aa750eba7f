from __future__ import annotations

from typing import Any

from haven.access.roles import Capability
from haven.core.steps import ChildStepView
from haven.workforce import forms, services


class AllocateView(ChildStepView):
    capability = Capability.ALLOCATE
    form_class = forms.AllocateForm
    success_message = "Allocation recorded"
    return_tab = "people:child_allocations"

    def perform(self, data: dict[str, Any]) -> None:
        services.allocation_allocate(
            acting_user=self.request.user,
            child=self.child,
            worker=data["worker"],
            start_date=data["start_date"],
            change_reason=data["change_reason"],
        )
