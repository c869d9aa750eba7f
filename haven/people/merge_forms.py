"""Forms for merging two records of one person and for reversing a merge."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from haven.core.forms import BaseForm, GovukRadioSelect
from haven.people.merging import record_number
from haven.people.models import Person

REASON_MAX_LENGTH = 2000


class MergeFindForm(BaseForm):
    """Which record is the other one: asked by number, never by name, so that the manager
    names the record they have already checked rather than picking one from a list."""

    submit_label = "Continue"

    record = forms.CharField(
        label="Number of the other record",
        help_text="Its LA child ID, for example HV00000123, or for an adult the record number",
        max_length=20,
        error_messages={"required": "Enter the number of the other record"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["record"].widget.attrs.update(
            {"class": "govuk-input--width-20", "autocomplete": "off", "spellcheck": "false"}
        )


class MergeConfirmForm(BaseForm):
    """Which record is kept, and how the manager knows the two are one person."""

    submit_label = "Merge these records"

    keep = forms.ChoiceField(
        label="Which record do you want to keep?",
        help_text=(
            "Everything recorded on the other record moves to the one you keep. The other "
            "record is kept too, marked as merged, and the merge can be reversed."
        ),
        widget=GovukRadioSelect,
        error_messages={"required": "Select the record you want to keep"},
    )
    reason = forms.CharField(
        label="How do you know these are the same person?",
        help_text="For example, the NHS number and the parents' names are the same",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=REASON_MAX_LENGTH,
        error_messages={"required": "Say how you know these records are the same person"},
    )
    other = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, child: Person, other: Person, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"other": other.pk})
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["keep"]).choices = [
            ("this", f"{child.full_name} ({record_number(child)}), this record"),
            ("other", f"{other.full_name} ({record_number(other)}), the other record"),
        ]


class MergeReverseForm(BaseForm):
    """Why a merge is being reversed."""

    submit_label = "Reverse this merge"

    reason = forms.CharField(
        label="Why are you reversing this merge?",
        help_text="For example, the records are twins with the same date of birth",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=REASON_MAX_LENGTH,
        error_messages={"required": "Say why you are reversing this merge"},
    )
    merge = forms.IntegerField(widget=forms.HiddenInput)
