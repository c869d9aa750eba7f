from __future__ import annotations

from typing import Any

from django import forms

from haven.core.forms import (
    BaseForm,
    GovukCheckboxSelectMultiple,
    GovukDateField,
    GovukRadioSelect,
    yes_no_field,
)
from haven.people.models import ProfessionalInvolvement, Relationship
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


class ChildDetailsForm(ChildCreateForm):
    title = "Change the child's details"
    version = forms.IntegerField(widget=forms.HiddenInput)


class FamilyMemberForm(BaseForm):
    title = "Add a family member or carer"
    first_name = forms.CharField(label="First name", max_length=100)
    last_name = forms.CharField(label="Last name", max_length=100)
    kind = forms.ChoiceField(
        label="Relationship to the child",
        choices=[("", "Select the relationship"), *Relationship.Kind.choices],
        error_messages={"required": "Select how they are related to the child"},
    )
    date_of_birth = GovukDateField(label="Date of birth (optional)", required=False, max_today=True)
    has_parental_responsibility = yes_no_field(
        "Do they have parental responsibility?",
        required_message="Select yes if they have parental responsibility",
    )
    lives_with_child = yes_no_field(
        "Do they live with the child?", required_message="Select yes if they live with the child"
    )


class AddressForm(BaseForm):
    title = "Record a new address"
    line_1 = forms.CharField(
        label="Address line 1", max_length=100, error_messages={"required": "Enter address line 1"}
    )
    line_2 = forms.CharField(label="Address line 2 (optional)", max_length=100, required=False)
    town = forms.CharField(
        label="Town or city", max_length=60, error_messages={"required": "Enter the town or city"}
    )
    postcode = forms.RegexField(
        label="Postcode",
        regex=r"^\s*[A-Za-z]{1,2}[0-9][A-Za-z0-9]?\s*[0-9][A-Za-z]{2}\s*$",
        max_length=10,
        error_messages={
            "required": "Enter the postcode",
            "invalid": "Enter a real postcode, like SM1 1EA",
        },
    )
    start_date = GovukDateField(label="Living there from")


class InvolvementForm(BaseForm):
    title = "Add a professional"
    agency = forms.ChoiceField(
        label="Agency",
        choices=[("", "Select the agency"), *ProfessionalInvolvement.Agency.choices],
        error_messages={"required": "Select the agency"},
    )
    name = forms.CharField(
        label="Name", max_length=150, error_messages={"required": "Enter the professional's name"}
    )
    role = forms.CharField(label="Role (optional)", max_length=100, required=False)
    organisation = forms.CharField(label="Organisation (optional)", max_length=150, required=False)
    phone = forms.CharField(label="Phone (optional)", max_length=30, required=False)
    email = forms.EmailField(
        label="Email (optional)",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )
    start_date = GovukDateField(label="Involved from")
