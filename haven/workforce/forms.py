from __future__ import annotations

from django import forms

from haven.core.forms import BaseForm, GovukDateField
from haven.statutory import codes
from haven.workforce.models import Worker


class AllocateForm(BaseForm):
    title = "Allocate a social worker"
    worker = forms.ModelChoiceField(
        label="Social worker",
        queryset=Worker.objects.filter(end_date__isnull=True, team__isnull=False)
        .select_related("team")
        .order_by("full_name"),
        empty_label="Select a worker",
        error_messages={"required": "Select a social worker"},
    )
    start_date = GovukDateField(
        label="Allocated from",
        error_messages={"required": "Enter the date the allocation starts"},
    )
    change_reason = forms.ChoiceField(
        label="Reason for the change of worker",
        help_text="Needed when the child already has a worker",
        choices=[("", "Select the reason"), *codes.choices(codes.SocialWorkerChangeReason)],
        required=False,
    )
