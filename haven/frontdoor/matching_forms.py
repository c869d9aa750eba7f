"""The forms on the "find their records" page: for each person named in a contact, which
existing record is them, or a new record from the contact's details, or undo a link."""

from __future__ import annotations

from typing import Any

from django import forms

from haven.core.forms import BaseForm, GovukDateField, GovukRadioSelect
from haven.frontdoor.models import ContactPerson
from haven.search.selectors import PersonMatch


def described(named: ContactPerson) -> str:
    """How the page names someone from the contact: their name, or the description given."""
    name = f"{named.first_name} {named.last_name}".strip()
    return name or named.age_description or "this person"


def match_hint(match: PersonMatch) -> str:
    """Everything that identifies the record, and why it matches, in one line."""
    if match.date_of_birth:
        born = f"Born {match.date_of_birth:%-d %B %Y}"
    elif match.expected_date_of_birth:
        born = f"Due {match.expected_date_of_birth:%-d %B %Y}"
    else:
        born = "Date of birth not known"
    kind = "Child" if match.is_child else "Adult"
    facts = [born, match.postcode or "Postcode not known", kind, f"{match.score_percent}% match"]
    return f"{'. '.join(facts)}. Why: {'; '.join(match.reasons) or 'no reasons recorded'}."


class LinkRecordForm(BaseForm):
    """Which of the proposed records is this person. The service checks the choice is one of
    the records the matcher proposes, so the radios need not be rebuilt to validate a POST."""

    submit_label = "Link this record"

    record = forms.CharField(widget=GovukRadioSelect)

    def __init__(
        self, *args: Any, named: ContactPerson, matches: tuple[PersonMatch, ...], **kwargs: Any
    ) -> None:
        super().__init__(*args, prefix=f"link-{named.pk}", **kwargs)
        field = self.fields["record"]
        field.label = f"Which record is {described(named)}?"
        field.error_messages["required"] = (
            f"Select the record that is {described(named)}, or add a new record"
        )
        field.widget = GovukRadioSelect(
            choices=[(str(m.person_id), m.full_name) for m in matches],
            hints={str(m.person_id): match_hint(m) for m in matches},
        )

    def clean_record(self) -> int:
        value: str = self.cleaned_data["record"]
        if not value.isdigit() or int(value) >= 2**63:
            raise forms.ValidationError("Select one of the records shown")
        return int(value)


class NewRecordForm(BaseForm):
    """A new record from the contact's details, which the officer may correct first."""

    submit_label = "Add a new record"

    first_name = forms.CharField(label="First name", max_length=100)
    last_name = forms.CharField(label="Surname", max_length=100)
    date_of_birth = GovukDateField(label="Date of birth", required=False, max_today=True)

    def __init__(self, *args: Any, named: ContactPerson, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "first_name": named.first_name,
                "last_name": named.last_name,
                "date_of_birth": named.date_of_birth,
            },
        )
        super().__init__(*args, prefix=f"new-{named.pk}", **kwargs)
        if named.kind == ContactPerson.Kind.CHILD:
            self.fields["date_of_birth"].help_text = "A child's record needs a date of birth"
        else:
            self.fields["date_of_birth"].help_text = "Optional for an adult"


class UnlinkForm(BaseForm):
    """Undo a wrong link (a button only)."""

    submit_label = "Unlink this record"

    def __init__(self, *args: Any, named: ContactPerson, **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"unlink-{named.pk}", **kwargs)
