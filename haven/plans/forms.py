from __future__ import annotations

from haven.core.forms import BaseForm, GovukDateField


class ChildInNeedPlanStartForm(BaseForm):
    title = "Start a child in need plan"
    start_date = GovukDateField(label="Start date", max_today=True)


class ChildInNeedPlanEndForm(BaseForm):
    title = "End the child in need plan"
    end_date = GovukDateField(label="End date", max_today=True)
