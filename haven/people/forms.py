from __future__ import annotations

from typing import Any

from django import forms

from haven.core.forms import BaseForm, GovukCheckboxSelectMultiple, GovukDateField, GovukRadioSelect
from haven.statutory import codes


class ChildCreateForm(BaseForm):
    title = "Add a child"
    first_name = forms.CharField(label="First name", max_length=100)
    last_name = forms.CharField(label="Last name", max_length=100)
    known_as = forms.CharField(label="Known as (optional)", max_length=100, required=False)
    date_of_birth = GovukDateField(
        label="Date of birth",
        required=False,
        max_today=True,
        help_text="Leave blank for an unborn child",
    )
    expected_date_of_birth = GovukDateField(
        label="Expected date of birth",
        required=False,
        help_text="For an unborn child only",
    )
    sex = forms.ChoiceField(
        label="Sex",
        choices=codes.choices(codes.Sex),
        widget=GovukRadioSelect,
        help_text="U for an unborn child (census rule 8750)",
    )
    gender_identity = forms.CharField(label="Gender identity (optional)", required=False)
    ethnicity = forms.ChoiceField(
        label="Ethnicity", choices=[("", "Select ethnicity"), *codes.choices(codes.Ethnicity)]
    )
    nhs_number = forms.CharField(label="NHS number (optional)", required=False, max_length=12)
    upn = forms.CharField(label="Unique pupil number (optional)", required=False, max_length=13)
    upn_unknown_reason = forms.ChoiceField(
        label="If the UPN is unknown, why?",
        choices=[("", "Not applicable"), *codes.choices(codes.UPNUnknownReason)],
        required=False,
    )
    disabilities = forms.MultipleChoiceField(
        label="Disabilities",
        choices=codes.choices(codes.Disability),
        widget=GovukCheckboxSelectMultiple,
        required=False,
        help_text="Select ‘NONE’ if the child has no disability",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        no_date = not data.get("date_of_birth") and not data.get("expected_date_of_birth")
        if no_date and "date_of_birth" not in self.errors:
            self.add_error(
                "date_of_birth",
                "Enter the date of birth, or the expected date of birth for an unborn child",
            )
        return data
