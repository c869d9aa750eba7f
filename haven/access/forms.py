from __future__ import annotations

from django import forms

from haven.access.models import AccessGrant, Restriction
from haven.core.forms import BaseForm, GovukRadioSelect


class RestrictForm(BaseForm):
    title = "Restrict this record"
    submit_label = "Restrict the record"
    reason = forms.ChoiceField(
        label="Why is the record being restricted?",
        choices=Restriction.Reason.choices,
        widget=GovukRadioSelect,
        error_messages={"required": "Select why the record is being restricted"},
    )
    explanation = forms.CharField(
        label="Explain the decision",
        help_text="Say who asked for it and when it should be reviewed. Do not copy case notes.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Explain the decision to restrict the record"},
    )


class NamedGrantForm(BaseForm):
    title = "Give a named person access"
    submit_label = "Give access"
    username = forms.CharField(
        label="Their username",
        max_length=150,
        error_messages={"required": "Enter the username of the person who needs access"},
    )
    reason = forms.CharField(
        label="Why do they need access?",
        max_length=500,
        error_messages={"required": "Explain why they need access"},
    )


class EmergencyAccessForm(BaseForm):
    title = "Emergency access to a record"
    submit_label = "Open the record for 60 minutes"
    reason_category = forms.ChoiceField(
        label="Why do you need access?",
        choices=[c for c in AccessGrant.ReasonCategory.choices if c[0] != "WORK"],
        widget=GovukRadioSelect,
        error_messages={"required": "Select why you need emergency access"},
    )
    reason = forms.CharField(
        label="Explain what has happened and why you cannot wait",
        help_text="At least 40 characters. Your manager and the data protection officer will "
        "read this.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Explain what has happened and why you cannot wait"},
    )
    password = forms.CharField(
        label="Your password", widget=forms.PasswordInput(render_value=False), max_length=256
    )
    code = forms.CharField(
        label="Security code from your authenticator app",
        help_text="Leave this empty if you have not set up an authenticator app.",
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
