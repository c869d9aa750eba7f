from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from haven.core.forms import BaseForm, GovukCheckbox, GovukDateField, GovukRadioSelect
from haven.frontdoor.models import Contact, PartnerAgency
from haven.frontdoor.services import AGENCY_SOURCES
from haven.statutory import codes
from haven.workforce.models import Team

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

    def named(self) -> dict[str, Any]:
        """The children, adults and referrer as the contact services take them."""
        data = self.cleaned_data
        return {
            "children": self.people(
                "child",
                CHILD_SLOTS,
                ("first_name", "last_name", "date_of_birth", "age_description"),
            ),
            "adults": self.people(
                "adult", ADULT_SLOTS, ("first_name", "last_name", "relationship_to_child")
            ),
            **{
                name: data[name]
                for name in (
                    "referrer_name",
                    "referrer_role",
                    "referrer_organisation",
                    "referrer_phone",
                    "referrer_email",
                )
            },
        }

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


class ProfessionalReferralForm(ContactRecordForm):
    """The multi-agency referral form for a signed-in partner practitioner: the contact's
    fields, what has been tried, the family's consent and the lawful basis for sharing."""

    title = "Make a referral about a child"
    submit_label = "Send the referral"

    tried_so_far = forms.CharField(
        label="What has been tried so far?",
        help_text="Support your agency or others have offered, and what happened.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        required=False,
    )
    consent = forms.ChoiceField(
        label="Does the family agree to this referral?",
        choices=Contact.Consent.choices,
        widget=GovukRadioSelect,
        error_messages={"required": "Say whether the family agrees to this referral"},
    )
    consent_reason = forms.CharField(
        label="If not, why are you referring without their agreement?",
        help_text="For example, asking would put the child at greater risk.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis for sharing this information",
        choices=Contact.LawfulBasis.choices,
        widget=GovukRadioSelect,
        error_messages={"required": "Select the lawful basis for sharing this information"},
    )

    field_order = [
        "source",
        "concern",
        "tried_so_far",
        "family_aware",
        "consent",
        "consent_reason",
        "lawful_basis",
        "referrer_name",
        "referrer_role",
        "referrer_organisation",
        "referrer_phone",
        "referrer_email",
    ]

    def __init__(self, *args: Any, agency: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["channel"], self.fields["received_on"], self.fields["received_time"]
        allowed = set(AGENCY_SOURCES.get(agency, ()))
        self.fields["source"] = forms.ChoiceField(
            label="Where do you work?",
            choices=[c for c in codes.choices(codes.ReferralSource) if c[0] in allowed],
            widget=GovukRadioSelect,
            error_messages={"required": "Select where you work"},
        )
        self.fields["referrer_name"].label = "Your name"
        self.fields["referrer_name"].required = True
        self.fields["referrer_name"].error_messages["required"] = "Enter your name"
        self.fields["referrer_role"].label = "Your role"
        self.fields["referrer_organisation"].label = "Your organisation"
        self.fields["referrer_phone"].label = "Your phone number"
        self.fields["referrer_email"].label = "Your email address"
        self.fields["concern"].label = "What are you worried about?"
        self.fields["concern"].error_messages["required"] = "Enter what you are worried about"
        self.fields["family_aware"].label = "Does the family know you are making this referral?"
        self.order_fields(self.field_order)


class InformationRequestForm(BaseForm):
    title = "Ask a partner agency"
    submit_label = "Send the request"
    agency = forms.ChoiceField(
        label="Which agency?",
        choices=PartnerAgency.choices,
        widget=GovukRadioSelect,
        error_messages={"required": "Select the agency to ask"},
    )
    question = forms.CharField(
        label="What should they check?",
        help_text="Who to check and what you need to know. Their answer is seen by the hub.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "Enter what you want the agency to check"},
    )
    due_in_hours = forms.TypedChoiceField(
        label="Answer needed within",
        coerce=int,
        choices=[(2, "2 hours"), (4, "4 hours"), (8, "8 hours"), (24, "24 hours")],
        initial=4,
        widget=GovukRadioSelect,
        error_messages={"required": "Select when the answer is needed"},
    )


class InformationAnswerForm(BaseForm):
    title = "Answer the hub's request"
    submit_label = "Send the answer"
    answer = forms.CharField(
        label="What does your agency know?",
        help_text="If your agency holds nothing about these people, say so.",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20000,
        error_messages={"required": "Enter what your agency knows, or that it holds nothing"},
    )
    not_for_family = forms.BooleanField(
        label="This must not be shared with the family",
        help_text="For example, police intelligence. It will not go into letters or reports "
        "for the family.",
        required=False,
        widget=GovukCheckbox,
    )


class DecisionForm(BaseForm):
    title = "Decide what happens next"
    submit_label = "Record the decision"
    decision = forms.ChoiceField(
        label="Decision",
        choices=Contact.Decision.choices,
        widget=GovukRadioSelect,
        error_messages={"required": "Select the decision"},
    )
    reason = forms.CharField(
        label="Reasons for the decision",
        help_text="Seen by the hub and the social workers who work with the child, not the "
        "referrer.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        error_messages={"required": "Give the reasons for the decision"},
    )
    primary_need = forms.ChoiceField(
        label="Primary need (for a referral)",
        choices=[("", "Select the primary need"), *codes.choices(codes.PrimaryNeed)],
        required=False,
    )
    team = forms.ModelChoiceField(
        label="Assessment team (for a referral)",
        queryset=Team.objects.filter(kind=Team.Kind.ASSESSMENT).order_by("name"),
        required=False,
        empty_label="Select the team",
    )
    referrer_outcome = forms.CharField(
        label="What the referrer will be told",
        help_text="In words fit for them: what happens next, not the hub's reasons. Leave it "
        "empty to use the standard words for the decision. If they gave an email address, it "
        "is sent to them.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )
