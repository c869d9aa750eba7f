from __future__ import annotations

from django import forms

from haven.assessments.models import Assessment
from haven.core.forms import BaseForm, GovukCheckboxSelectMultiple, GovukDateField, GovukRadioSelect
from haven.statutory import codes


class AssessmentStartForm(BaseForm):
    title = "Start an assessment"
    start_date = GovukDateField(label="Start date", max_today=True)


class AssessmentAuthoriseForm(BaseForm):
    title = "Complete and authorise the assessment"
    child_seen_date = GovukDateField(
        label="Date the child was seen",
        required=False,
        max_today=True,
        help_text="Leave blank if the child was not seen",
    )
    childs_views = forms.CharField(
        label="The child's views, in their words where possible",
        widget=forms.Textarea,
        required=False,
    )
    analysis = forms.CharField(label="Analysis", widget=forms.Textarea, required=False)
    factors = forms.MultipleChoiceField(
        label="Factors identified at assessment",
        help_text="Select all that apply. ‘21: no factors identified’ must be used alone.",
        choices=codes.choices(codes.AssessmentFactor),
        widget=GovukCheckboxSelectMultiple,
        error_messages={"required": "Select the factors identified, or 21 if there were none"},
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Assessment.Outcome.choices,
        widget=GovukRadioSelect,
        error_messages={"required": "Select the outcome of the assessment"},
    )
    authorised_date = GovukDateField(label="Authorisation date", max_today=True)
