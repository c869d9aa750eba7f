"""The GOV.UK form system: date field messages, required messages and rendered markup."""

import datetime

import pytest
from django import forms
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from haven.core.forms import (
    BaseForm,
    GovukCheckboxSelectMultiple,
    GovukDateField,
    GovukRadioSelect,
    lower_first,
)


class VisitForm(BaseForm):
    title = "Record a visit"
    visit_date = GovukDateField(label="Date of visit", max_today=True)
    seen_alone = forms.ChoiceField(
        label="Was the child seen alone?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=GovukRadioSelect(hints={"no": "Say why in the notes"}),
    )
    concerns = forms.MultipleChoiceField(
        label="Concerns",
        choices=[("home", "Home conditions"), ("school", "School attendance")],
        widget=GovukCheckboxSelectMultiple,
        required=False,
    )
    notes = forms.CharField(
        label="Notes", widget=forms.Textarea, help_text="What you saw and heard"
    )
    worker = forms.ChoiceField(label="Worker", choices=[("", "Choose"), ("a", "Ann")])
    follow_up = forms.BooleanField(label="Needs a follow-up visit", required=False)
    reference = forms.CharField(
        label="Reference", required=False, error_messages={"required": "Own message"}
    )


class DateOnly(BaseForm):
    date_of_birth = GovukDateField()
    optional_date = GovukDateField(label="Date closed", required=False)


def date_errors(**data: str) -> list[str]:
    form = DateOnly(data=data)
    assert not form.is_valid()
    return list(form.errors.get("date_of_birth", []))


def test_date_field_returns_a_date() -> None:
    form = DateOnly(
        data={"date_of_birth_0": "3", "date_of_birth_1": "3", "date_of_birth_2": "2020"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {
        "date_of_birth": datetime.date(2020, 3, 3),
        "optional_date": None,
    }


def test_date_field_accepts_month_names_and_spaces() -> None:
    data = {"date_of_birth_0": " 03 ", "date_of_birth_1": "Mar", "date_of_birth_2": "2020"}
    form = DateOnly(data=data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_of_birth"] == datetime.date(2020, 3, 3)


def test_date_field_required() -> None:
    assert date_errors() == ["Enter the date of birth"]
    assert date_errors(date_of_birth_0=" ", date_of_birth_1="", date_of_birth_2="") == [
        "Enter the date of birth"
    ]


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "3", "2020", "Date of birth must include a day"),
        ("3", "", "2020", "Date of birth must include a month"),
        ("3", "3", "", "Date of birth must include a year"),
        ("", "", "2020", "Date of birth must include a day and month"),
        ("3", "", "", "Date of birth must include a month and year"),
    ],
)
def test_date_field_partial(day: str, month: str, year: str, message: str) -> None:
    errors = date_errors(date_of_birth_0=day, date_of_birth_1=month, date_of_birth_2=year)
    assert errors == [message]


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [
        ("31", "2", "2020"),
        ("3", "13", "2020"),
        ("x", "3", "2020"),
        ("3", "3", "20"),
        ("0", "1", "2020"),
    ],
)
def test_date_field_not_a_real_date(day: str, month: str, year: str) -> None:
    errors = date_errors(date_of_birth_0=day, date_of_birth_1=month, date_of_birth_2=year)
    assert errors == ["Date of birth must be a real date"]


def test_date_field_max_today() -> None:
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)

    def visit_errors(day: datetime.date) -> list[str]:
        data = {"visit_date_0": day.day, "visit_date_1": day.month, "visit_date_2": day.year}
        return list(VisitForm(data=data).errors.get("visit_date", []))

    assert visit_errors(tomorrow) == ["Date of visit must be today or in the past"]
    assert visit_errors(today) == []


def test_date_field_optional_and_own_required_message() -> None:
    class Form(BaseForm):
        closed = GovukDateField(error_messages={"required": "Enter when the case closed"})

    assert DateOnly(
        data={"date_of_birth_0": "1", "date_of_birth_1": "1", "date_of_birth_2": "2020"}
    ).is_valid()
    assert Form(data={}).errors["closed"] == ["Enter when the case closed"]


def test_required_messages_are_govuk_style() -> None:
    form = VisitForm(data={})
    assert not form.is_valid()
    assert form.errors["seen_alone"] == ["Select was the child seen alone?"]
    assert form.errors["notes"] == ["Enter notes"]
    assert form.errors["worker"] == ["Select worker"]
    assert "This field is required." not in str(form.errors)


def test_lower_first_keeps_acronyms() -> None:
    assert lower_first("Date of birth") == "date of birth"
    assert lower_first("NHS number") == "NHS number"


def render_form(form: forms.Form, **extra: object) -> str:
    request = RequestFactory().post("/")
    return render_to_string("components/form.html", {"form": form, **extra}, request=request)


def test_form_with_errors_renders_error_summary_with_links() -> None:
    html = render_form(VisitForm(data={"visit_date_0": "3", "notes": ""}))
    assert 'class="govuk-error-summary"' in html
    assert "There is a problem" in html
    assert '<a href="#id_visit_date_0">Date of visit must include a month and year</a>' in html
    assert '<a href="#id_seen_alone_0">Select was the child seen alone?</a>' in html
    assert '<a href="#id_notes">Enter notes</a>' in html
    assert '<a href="#id_worker">Select worker</a>' in html
    assert "govuk-form-group--error" in html
    assert '<span class="govuk-visually-hidden">Error:</span> Enter notes' in html
    assert 'aria-describedby="id_notes-hint id_notes-error"' in html
    assert 'class="govuk-textarea govuk-textarea--error"' in html
    assert 'class="govuk-select govuk-select--error"' in html
    assert "govuk-input govuk-date-input__input govuk-input--width-2 govuk-input--error" in html
    assert "This field is required." not in html


def test_form_renders_govuk_components() -> None:
    html = render_form(VisitForm(), submit_label="Save visit", cancel_url="/back/")
    assert "govuk-error-summary" not in html
    assert '<form method="post" novalidate>' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'role="group"' in html  # the date's fieldset
    assert 'class="govuk-date-input" id="id_visit_date"' in html
    assert 'name="visit_date_1"' in html
    assert 'inputmode="numeric"' in html
    assert 'class="govuk-radios" data-module="govuk-radios"' in html
    assert 'id="id_seen_alone_1-hint" class="govuk-hint govuk-radios__hint"' in html
    assert 'class="govuk-checkboxes" data-module="govuk-checkboxes"' in html
    assert 'class="govuk-checkboxes__input" id="id_follow_up"' in html
    assert '<div id="id_notes-hint" class="govuk-hint">What you saw and heard</div>' in html
    assert " required" not in html
    assert ">Save visit</button>" in html
    assert '<a class="govuk-link" href="/back/">Cancel</a>' in html


def test_plain_django_form_gets_govuk_markup() -> None:
    class Plain(forms.Form):
        name = forms.CharField(widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}))
        colour = forms.ChoiceField(choices=[("r", "Red")], widget=forms.RadioSelect)

    html = str(Plain())
    assert 'class="govuk-input govuk-input--width-20"' in html
    assert '<label class="govuk-label" for="id_name">Name</label>' in html
    assert 'class="govuk-radios__input"' in html
    assert '<legend class="govuk-fieldset__legend">' in html


def test_page_heading_field() -> None:
    class OneQuestion(BaseForm):
        page_heading_field = "reason"
        reason = forms.CharField(label="Why are you closing the case?")

    html = str(OneQuestion())
    assert '<h1 class="govuk-label-wrapper"><label class="govuk-label govuk-label--l"' in html


@pytest.mark.parametrize(
    ("status", "days", "text", "colour"),
    [
        ("overdue", 3, "Overdue by 3 working days", "red"),
        ("overdue", 1, "Overdue by 1 working day", "red"),
        ("due_soon", 0, "Due soon", "yellow"),
        ("on_track", 0, "On track", "green"),
    ],
)
def test_deadline_tag(status: str, days: int, text: str, colour: str) -> None:
    deadline = {"due_date": datetime.date(2026, 3, 3), "status": status, "days_overdue": days}
    html = render_to_string("components/deadline_tag.html", {"deadline": deadline})
    assert "3 March 2026" in html
    assert f'<strong class="govuk-tag govuk-tag--{colour}">{text}</strong>' in html


def test_timeline() -> None:
    events = [
        {
            "date": datetime.date(2026, 3, 3),
            "title": "Home visit",
            "description": "Seen alone.\nRoom was clean.",
            "kind": "Visit",
            "by": "Ann Social Worker",
        }
    ]
    html = render_to_string("components/timeline.html", {"events": events})
    assert 'class="moj-timeline__title">Home visit</h2>' in html
    assert "by Ann Social Worker" in html
    assert '<time datetime="2026-03-03">3 March 2026</time>' in html
    assert "Seen alone.<br>Room was clean." in html
    assert "Nothing has been recorded yet." in render_to_string(
        "components/timeline.html", {"events": []}
    )
