from __future__ import annotations

from django import forms

from haven.core.forms import BaseForm, GovukCheckbox, GovukDateField
from haven.statutory import codes


class ReferralForm(BaseForm):
    title = "Record a referral"
    referral_date = GovukDateField(label="Referral date", max_today=True)
    referral_source = forms.ChoiceField(
        label="Who made the referral?",
        choices=[("", "Select the source"), *codes.choices(codes.ReferralSource)],
        error_messages={"required": "Select who made the referral"},
    )
    referral_nfa = forms.BooleanField(
        label="No further action: the referral is closed on the referral date",
        required=False,
        widget=GovukCheckbox,
    )
    primary_need = forms.ChoiceField(
        label="Primary need",
        help_text="Needed unless the referral is no further action (census rule 8610)",
        choices=[("", "Select the primary need"), *codes.choices(codes.PrimaryNeed)],
        required=False,
    )
    referral_summary = forms.CharField(
        label="What is the worry about the child?", widget=forms.Textarea, required=False
    )


class EpisodeCloseForm(BaseForm):
    title = "Close the episode"
    closure_date = GovukDateField(label="Closure date", max_today=True)
    closure_reason = forms.ChoiceField(
        label="Reason for closure",
        choices=[("", "Select the reason"), *codes.choices(codes.ReasonForClosure)],
        error_messages={"required": "Select the reason for closure"},
    )
