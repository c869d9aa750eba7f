"""The person search form: one box for a name or identifier, and an optional date of birth."""

from __future__ import annotations

from typing import Any

from django import forms

from haven.core.forms import BaseForm, GovukDateField
from haven.search.parsing import MAX_QUERY_LENGTH


class PersonSearchForm(BaseForm):
    title = "Find a child or adult"
    submit_label = "Search"

    q = forms.CharField(
        label="Name, NHS number, UPN, LA child ID or postcode",
        help_text="For example, Jo Smith, 943 476 5919 or HV1 2AB",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": f"Search for {MAX_QUERY_LENGTH} characters or fewer",
        },
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        help_text="Optional. For example, 27 3 2015",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update(
            {"autocomplete": "off", "spellcheck": "false", "class": "govuk-!-width-two-thirds"}
        )

    @property
    def has_search(self) -> bool:
        """True once cleaned when there is something to search for."""
        data = getattr(self, "cleaned_data", {})
        return bool(data.get("q", "").strip() or data.get("date_of_birth"))
