"""The question pages of "Report a concern about a child" (haven.frontdoor.public_views).

Each form's ``answers()`` is what the session keeps for its page (JSON: dates as ISO strings),
and ``initial_from()`` turns that back into the form's initial values when the page is shown
again. Every text field has a maximum length, checked by the server with a GOV.UK message (no
``maxlength`` attribute: browsers cut text off silently).
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from haven.core.forms import BaseForm, GovukDateField, GovukRadioSelect, yes_no_field
from haven.frontdoor import public
from haven.frontdoor.models import Contact

PHONE_PATTERN = re.compile(r"^\+?[0-9 ()\-]{6,30}$")


class NormalisedTextarea(forms.Textarea):
    """A textarea whose value has Unix line endings: browsers send CRLF, which would count
    each new line twice against the character limit the page shows."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        value = super().value_from_datadict(data, files, name)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value


class OptionalDateField(GovukDateField):
    """A GOV.UK date whose label says "(optional)", and whose messages do not."""

    @property
    def label_text(self) -> str:
        return super().label_text.removesuffix(" (optional)")


class PublicForm(BaseForm):
    """GOV.UK messages for the longest answer, and no ``maxlength`` attribute."""

    submit_label = "Continue"
    # Field name -> how the "too long" message names it, when not by its label.
    length_names: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            max_length = getattr(field, "max_length", None)
            if max_length:
                field.widget.attrs.pop("maxlength", None)
                label = self.length_names.get(name) or str(field.label).removesuffix(" (optional)")
                field.error_messages["max_length"] = (
                    f"{label} must be {max_length:,} characters or fewer"
                )

    def answers(self) -> dict[str, Any]:
        """The cleaned answers as the session keeps them."""
        return {
            name: value.isoformat() if isinstance(value, datetime.date) else value
            for name, value in self.cleaned_data.items()
        }

    @classmethod
    def initial_from(cls, answers: dict[str, Any] | None) -> dict[str, Any]:
        """Initial values for the form from answers kept in the session."""
        initial = dict(answers or {})
        for name, field in cls.base_fields.items():
            value = initial.get(name)
            if isinstance(field, GovukDateField) and isinstance(value, str) and value:
                initial[name] = datetime.date.fromisoformat(value)
            elif isinstance(value, bool):
                initial[name] = "yes" if value else "no"
        return initial


def _text(
    label: str,
    max_length: int,
    *,
    hint: str = "",
    autocomplete: str = "off",
    width: str = "",
    required: bool = False,
    widget: type[forms.Widget] = forms.TextInput,
    attrs: dict[str, str] | None = None,
) -> forms.CharField:
    widget_attrs = {"autocomplete": autocomplete, **(attrs or {})}
    if width:
        widget_attrs["class"] = f"govuk-input--width-{width}"
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        help_text=hint,
        widget=widget(attrs=widget_attrs),
    )


class ChildForm(PublicForm):
    """About one child. Everything is optional except a name, or an age or description."""

    first_name = _text("First name", 100, attrs={"spellcheck": "false"})
    last_name = _text("Last name", 100, attrs={"spellcheck": "false"})
    date_of_birth = OptionalDateField(
        label="Date of birth (optional)",
        required=False,
        max_today=True,
        help_text="For example, 27 3 2015",
    )
    age_description = _text(
        "Their age, or a description of them",
        60,
        hint="If you do not know their name or date of birth. For example, about 8 years old",
    )
    address = _text(
        "Address (optional)",
        300,
        widget=forms.Textarea,
        attrs={"rows": "3"},
    )
    postcode = _text("Postcode (optional)", 10, width="10", attrs={"spellcheck": "false"})
    school = _text("School or nursery (optional)", 150)
    add_another = yes_no_field(
        "Is there another child you are worried about?",
        required_message="Select yes if there is another child you are worried about",
    )

    length_names = {"age_description": "Their age or description"}

    def __init__(self, *args: Any, can_add_another: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if can_add_another:
            self.fields[
                "add_another"
            ].help_text = f"You can tell us about up to {public.MAX_CHILDREN} children"
        else:
            del self.fields["add_another"]

    def clean_postcode(self) -> str:
        return " ".join(str(self.cleaned_data["postcode"]).upper().split())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        names = ("first_name", "last_name", "age_description")
        if not any(data.get(name) for name in names) and not self.has_error("first_name"):
            self.add_error(
                "first_name",
                ValidationError(
                    "Enter the child's name, or their age or a description of them",
                    code="undescribed",
                ),
            )
        return data

    def answers(self) -> dict[str, Any]:
        answers = super().answers()
        answers.setdefault("add_another", False)
        return answers


class ConcernForm(PublicForm):
    page_heading_field = "concern"
    concern = forms.CharField(
        label="What is worrying you about the child?",
        max_length=public.CONCERN_MAX_LENGTH,
        help_text=(
            "Tell us what you have seen or heard, when it happened and who was involved. "
            "Do not worry about spelling or grammar"
        ),
        widget=NormalisedTextarea(attrs={"rows": "10", "spellcheck": "true"}),
        error_messages={"required": "Enter what is worrying you about the child"},
    )
    length_names = {"concern": "What is worrying you"}


class AdultForm(PublicForm):
    """An adult the person wants to tell us about: optional, so a blank page is fine."""

    first_name = _text("First name (optional)", 100, attrs={"spellcheck": "false"})
    last_name = _text("Last name (optional)", 100, attrs={"spellcheck": "false"})
    age_description = _text(
        "Their age, or a description of them (optional)",
        60,
        hint="If you do not know their name. For example, about 30, tall with a beard",
    )
    relationship_to_child = _text(
        "Their relationship to the child (optional)",
        100,
        hint="For example, mum, stepdad or mum's partner",
    )
    address = _text(
        "Address (optional)",
        300,
        hint="If it is not the same as the child's",
        widget=forms.Textarea,
        attrs={"rows": "3"},
    )

    length_names = {"age_description": "Their age or description"}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        given = any(data.get(name) for name in self.fields)
        described = any(data.get(n) for n in ("first_name", "last_name", "age_description"))
        if given and not described and not self.has_error("first_name"):
            self.add_error(
                "first_name",
                ValidationError(
                    "Enter the adult's name, or their age or a description of them",
                    code="undescribed",
                ),
            )
        return data


class AboutYouForm(PublicForm):
    relationship = forms.ChoiceField(
        label="What is your relationship to the child?",
        choices=public.Relationship.choices,
        widget=GovukRadioSelect(
            hints={public.Relationship.ANONYMOUS: "We will record your report as anonymous"}
        ),
        error_messages={
            "required": "Select your relationship to the child",
            "invalid_choice": "Select your relationship to the child",
        },
    )
    name = _text("Your name (optional)", 150, autocomplete="name", attrs={"spellcheck": "false"})
    phone = _text(
        "Phone number (optional)",
        30,
        autocomplete="tel",
        width="20",
        widget=forms.TextInput,
        attrs={"type": "tel"},
    )
    email = forms.EmailField(
        label="Email address (optional)",
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )

    length_names = {"name": "Your name"}

    def clean_phone(self) -> str:
        phone = " ".join(str(self.cleaned_data["phone"]).split())
        if phone and not PHONE_PATTERN.match(phone):
            raise ValidationError(
                "Enter a phone number, like 01632 960 001 or 07700 900 982", code="invalid"
            )
        return phone


class FamilyAwareForm(PublicForm):
    page_heading_field = "family_aware"
    family_aware = forms.ChoiceField(
        label="Does the child's family know you are reporting this?",
        choices=[
            (Contact.FamilyAware.YES, "Yes"),
            (Contact.FamilyAware.NO, "No"),
            (Contact.FamilyAware.NOT_KNOWN, "I do not know"),
        ],
        widget=GovukRadioSelect,
        error_messages={
            "required": "Select if the child's family knows you are reporting this",
            "invalid_choice": "Select if the child's family knows you are reporting this",
        },
    )


class SendForm(forms.Form):
    """The check answers page's button, and a honeypot: a field people never see or reach
    (hidden, out of the tab order, labelled "Leave this empty") that form-filling robots do."""

    website = forms.CharField(
        label="Leave this empty",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))
