from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from haven.core.forms import BaseForm, GovukDateField, GovukRadioSelect
from haven.frontdoor.models import Contact
from haven.statutory import codes

CHILD_SLOTS = 3
ADULT_SLOTS = 2


class ContactRecordForm(BaseForm):
    title = "Record a contact"
    submit_label = "Save the contact"

    channel = forms.ChoiceField(
        label="How did the contact come in?",
        choices=[
            (Contact.Channel.PHONE.value, Contact.Channel.PHONE.label),
            (Contact.Channel.EMAIL.value, Contact.Channel.EMAIL.label),
        ],
        widget=GovukRadioSelect,
        error_messages={"required": "Select how the contact came in"},
    )
    received_on = GovukDateField(label="Date it came in", max_today=True)
    received_time = forms.TimeField(
        label="Time it came in",
        help_text="For example, 14:30",
        error_messages={
            "required": "Enter the time the contact came in",
            "invalid": "Enter the time as hours and minutes, for example 14:30",
        },
        widget=forms.TimeInput(attrs={"class": "govuk-input--width-5"}, format="%H:%M"),
    )
    source = forms.ChoiceField(
        label="Who made the contact?",
        choices=[("", "Select who made the contact"), *codes.choices(codes.ReferralSource)],
        error_messages={"required": "Select who made the contact"},
    )
    referrer_name = forms.CharField(label="Their name", max_length=150, required=False)
    referrer_role = forms.CharField(label="Their role", max_length=150, required=False)
    referrer_organisation = forms.CharField(
        label="Their organisation", max_length=150, required=False
    )
    referrer_phone = forms.CharField(label="Their phone number", max_length=30, required=False)
    referrer_email = forms.EmailField(label="Their email address", required=False)
    concern = forms.CharField(
        label="The concern, as they described it",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        error_messages={"required": "Enter the concern as the referrer described it"},
    )
    family_aware = forms.ChoiceField(
        label="Does the family know about the contact?",
        choices=Contact.FamilyAware.choices,
        widget=GovukRadioSelect,
        error_messages={"required": "Select whether the family knows about the contact"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, CHILD_SLOTS + 1):
            self.fields[f"child{n}_first_name"] = forms.CharField(
                label=f"Child {n}: first name", max_length=100, required=False
            )
            self.fields[f"child{n}_last_name"] = forms.CharField(
                label=f"Child {n}: last name", max_length=100, required=False
            )
            self.fields[f"child{n}_date_of_birth"] = GovukDateField(
                label=f"Child {n}: date of birth", required=False, max_today=True
            )
            self.fields[f"child{n}_age_description"] = forms.CharField(
                label=f"Child {n}: age or description, if the name or date of birth is not known",
                max_length=60,
                required=False,
            )
        for n in range(1, ADULT_SLOTS + 1):
            self.fields[f"adult{n}_first_name"] = forms.CharField(
                label=f"Adult {n}: first name", max_length=100, required=False
            )
            self.fields[f"adult{n}_last_name"] = forms.CharField(
                label=f"Adult {n}: last name", max_length=100, required=False
            )
            self.fields[f"adult{n}_relationship_to_child"] = forms.CharField(
                label=f"Adult {n}: relationship to the child", max_length=100, required=False
            )

    def people(self, prefix: str, slots: int, names: tuple[str, ...]) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [
            {name: data.get(f"{prefix}{n}_{name}") for name in names} for n in range(1, slots + 1)
        ]

    def received_at(self) -> datetime.datetime:
        data = self.cleaned_data
        return timezone.make_aware(
            datetime.datetime.combine(data["received_on"], data["received_time"])
        )


class TriageForm(BaseForm):
    title = "Rate this contact"
    submit_label = "Save the rating"
    rag = forms.ChoiceField(
        label="RAG rating",
        choices=Contact.Rating.choices,
        widget=GovukRadioSelect,
        error_messages={"required": "Select red, amber or green"},
    )
    reason = forms.CharField(
        label="Why this rating?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Say why you chose this rating"},
    )
