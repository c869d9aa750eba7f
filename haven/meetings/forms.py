"""Forms for strategy discussions, section 47 outcomes and conferences."""

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
from haven.meetings.models import (
    ChildParticipation,
    InitialChildProtectionConference,
    MeetingAttendance,
    ReviewConference,
    Section47Enquiry,
)
from haven.statutory import codes


class MeetingForm(BaseForm):
    """Date, the child's participation and attendance by agency: every meeting has them."""

    held_on = GovukDateField(label="Date of the meeting", max_today=True)
    child_participation = forms.ChoiceField(
        label="How did the child take part?",
        choices=ChildParticipation.choices,
        widget=GovukRadioSelect,
        error_messages={"required": "Select how the child took part"},
    )
    agencies_invited = forms.MultipleChoiceField(
        label="Agencies invited",
        choices=MeetingAttendance.Agency.choices,
        widget=GovukCheckboxSelectMultiple,
        required=False,
    )
    agencies_attended = forms.MultipleChoiceField(
        label="Agencies that attended",
        choices=MeetingAttendance.Agency.choices,
        widget=GovukCheckboxSelectMultiple,
        required=False,
    )
    summary = forms.CharField(label="Summary and decisions", widget=forms.Textarea, required=False)

    field_order = ["held_on"]


class StrategyDiscussionForm(MeetingForm):
    title = "Record a strategy discussion"
    starts_section_47 = yes_no_field(
        "Did the discussion decide to start a section 47 enquiry?",
        required_message="Select yes if a section 47 enquiry starts",
    )
    field_order = ["held_on", "starts_section_47"]


class Section47OutcomeForm(BaseForm):
    title = "Record the outcome of the section 47 enquiry"
    end_date = GovukDateField(label="Date the enquiry ended", max_today=True)
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Section47Enquiry.Outcome.choices,
        widget=GovukRadioSelect,
        error_messages={"required": "Select the outcome of the enquiry"},
    )


CATEGORY_CHOICES = [("", "Not applicable"), *codes.choices(codes.CategoryOfAbuse)]


class InitialConferenceForm(MeetingForm):
    title = "Record the initial child protection conference"
    outcome = forms.ChoiceField(
        label="Decision",
        choices=InitialChildProtectionConference.Outcome.choices,
        widget=GovukRadioSelect,
        error_messages={"required": "Select the conference's decision"},
    )
    category_of_abuse = forms.ChoiceField(
        label="Category of abuse (for a child protection plan)",
        choices=CATEGORY_CHOICES,
        required=False,
    )
    field_order = ["held_on", "outcome", "category_of_abuse"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        is_plan = (
            data.get("outcome") == InitialChildProtectionConference.Outcome.CHILD_PROTECTION_PLAN
        )
        if is_plan and not data.get("category_of_abuse"):
            self.add_error(
                "category_of_abuse", "Select the category of abuse for the child protection plan"
            )
        return data


class ReviewConferenceForm(MeetingForm):
    title = "Record a review child protection conference"
    outcome = forms.ChoiceField(
        label="Decision",
        choices=ReviewConference.Outcome.choices,
        widget=GovukRadioSelect,
        error_messages={"required": "Select the conference's decision"},
    )
    category_of_abuse = forms.ChoiceField(
        label="Category of abuse after the review",
        choices=codes.choices(codes.CategoryOfAbuse),
        error_messages={"required": "Select the category of abuse"},
    )
    field_order = ["held_on", "outcome", "category_of_abuse"]


class CoreGroupForm(MeetingForm):
    title = "Record a core group meeting"


class ChildInNeedReviewForm(MeetingForm):
    title = "Record a child in need review"
