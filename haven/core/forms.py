"""GOV.UK Design System markup for Django forms.

``GovukFormRenderer`` (settings.FORM_RENDERER) makes ``{{ form }}`` and
``{{ field.as_field_group }}`` render GOV.UK form groups for *any* form: its bound field class
adds the GOV.UK classes and ``aria-describedby`` ids, its field template adds the label, hint
and error message, and Django's radio and checkbox templates are swapped for GOV.UK ones.
``BaseForm`` adds GOV.UK-style "required" messages and a page title; ``GovukDateField`` is
the GOV.UK day/month/year date input.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates, TemplatesSetting
from django.forms.utils import pretty_name
from django.http import HttpRequest
from django.template import TemplateDoesNotExist
from django.utils import timezone

from haven.core import mfa, signin

DJANGO_REQUIRED_MESSAGE = forms.Field.default_error_messages["required"]

# Django's own widget templates that have a GOV.UK replacement, so that plain
# forms.RadioSelect and forms.CheckboxSelectMultiple render GOV.UK markup too.
WIDGET_TEMPLATES = {
    "django/forms/widgets/radio.html": "govuk_forms/widgets/radios.html",
    "django/forms/widgets/checkbox_select.html": "govuk_forms/widgets/checkboxes.html",
}

# GOV.UK class and error class for each kind of widget that takes classes itself.
WIDGET_CLASSES = {
    "input": ("govuk-input", "govuk-input--error"),
    "textarea": ("govuk-textarea", "govuk-textarea--error"),
    "select": ("govuk-select", "govuk-select--error"),
    "file": ("govuk-file-upload", "govuk-file-upload--error"),
    "checkbox": ("govuk-checkboxes__input", ""),
}


def lower_first(text: str) -> str:
    """'Date of birth' -> 'date of birth', but 'NHS number' stays: messages sit mid-sentence."""
    if len(text) > 1 and text[:2].isupper():
        return text
    return text[:1].lower() + text[1:]


class GovukBoundField(BoundField):
    """A bound field that knows its GOV.UK kind, hint and error ids, and widget classes."""

    @functools.cached_property
    def govuk_kind(self) -> str:
        """Which GOV.UK component the field is: the field template branches on it."""
        widget = self.field.widget
        kinds: list[tuple[type[forms.Widget], str]] = [
            (GovukDateWidget, "date"),
            (forms.CheckboxSelectMultiple, "checkboxes"),  # before RadioSelect: a subclass
            (forms.RadioSelect, "radios"),
            (forms.CheckboxInput, "checkbox"),
            (forms.Textarea, "textarea"),
            (forms.Select, "select"),
            (forms.FileInput, "file"),
        ]
        return next((kind for cls, kind in kinds if isinstance(widget, cls)), "input")

    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}-hint" if self.auto_id else ""

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}-error" if self.auto_id else ""

    @property
    def error_target_id(self) -> str:
        """The id an error summary link points at: the first input of a group."""
        if self.govuk_kind in ("date", "radios", "checkboxes"):
            return f"{self.auto_id}_0" if self.auto_id else ""
        return str(self.id_for_label)

    @property
    def first_error(self) -> str:
        """GOV.UK shows one error per field: the first."""
        return str(self.errors[0]) if self.errors else ""

    @property
    def is_page_heading(self) -> bool:
        """True for the question of a one-question page (form.page_heading_field)."""
        return getattr(self.form, "page_heading_field", None) == self.name

    @property
    def aria_describedby(self) -> str | None:  # type: ignore[override]
        """GOV.UK ids for the hint and error message, in that order."""
        if self.field.widget.attrs.get("aria-describedby"):
            return None
        ids = [self.hint_id if self.help_text else "", self.error_id if self.errors else ""]
        return " ".join(i for i in ids if i)

    def build_widget_attrs(
        self, attrs: dict[str, Any], widget: forms.Widget | None = None
    ) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        attrs.pop("required", None)  # Forms are novalidate; errors come from the server.
        widget = widget or self.field.widget
        if self.govuk_kind in WIDGET_CLASSES and not widget.is_hidden:
            base, error = WIDGET_CLASSES[self.govuk_kind]
            classes = [base, error if self.errors else "", widget.attrs.get("class", "")]
            classes.append(attrs.get("class", ""))
            attrs["class"] = " ".join(c for c in classes if c)
        return attrs


@functools.cache
def _django_renderer() -> DjangoTemplates:
    return DjangoTemplates()


class GovukFormRenderer(TemplatesSetting):
    """Renders forms with the project's GOV.UK templates, falling back to Django's own.

    The fallback means "django.forms" need not be in INSTALLED_APPS for widgets that
    keep Django's markup (text inputs, selects, hidden inputs, error lists).
    """

    form_template_name = "govuk_forms/form.html"
    field_template_name = "govuk_forms/field.html"
    bound_field_class: type[BoundField] | None = GovukBoundField

    def get_template(self, template_name: str) -> Any:
        template_name = WIDGET_TEMPLATES.get(template_name, template_name)
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return _django_renderer().get_template(template_name)


class _OptionHintsMixin:
    """Adds an optional hint under each radio or checkbox: hints={value: text}."""

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        choices: Any = (),
        hints: Mapping[Any, str] | None = None,
    ) -> None:
        super().__init__(attrs, choices)  # type: ignore[call-arg]
        self.hints = {str(value): hint for value, hint in (hints or {}).items()}

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option: dict[str, Any] = super().create_option(*args, **kwargs)  # type: ignore[misc]
        option["hint"] = self.hints.get(str(option["value"]), "")
        return option


class GovukRadioSelect(_OptionHintsMixin, forms.RadioSelect):
    """GOV.UK radios. attrs={"class": "govuk-radios--inline"} or "--small" for variants."""

    template_name = "govuk_forms/widgets/radios.html"


class GovukCheckboxSelectMultiple(_OptionHintsMixin, forms.CheckboxSelectMultiple):
    """GOV.UK checkboxes in a fieldset. attrs={"class": "govuk-checkboxes--small"} works."""

    template_name = "govuk_forms/widgets/checkboxes.html"


class GovukCheckbox(forms.CheckboxInput):
    """A single GOV.UK checkbox; the field template puts the field's label beside it."""


class GovukDateWidget(forms.MultiWidget):
    """GOV.UK date input: Day, Month and Year boxes named <name>_0, _1, _2."""

    template_name = "govuk_forms/widgets/date.html"
    parts = (("Day", 2, "day"), ("Month", 2, "month"), ("Year", 4, "year"))

    def __init__(self, attrs: dict[str, Any] | None = None, autocomplete: str = "") -> None:
        """autocomplete="bday" gives bday-day, bday-month, bday-year (a person's own birth)."""
        self.autocomplete = autocomplete
        widgets = [forms.TextInput(attrs={"inputmode": "numeric"}) for _ in self.parts]
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(name, value, attrs)
        has_error = context["widget"]["attrs"].get("aria-invalid") == "true"
        for sub, (label, width, part) in zip(
            context["widget"]["subwidgets"], self.parts, strict=True
        ):
            sub["label"] = label
            classes = f"govuk-input govuk-date-input__input govuk-input--width-{width}"
            sub["attrs"]["class"] = classes + (" govuk-input--error" if has_error else "")
            if self.autocomplete:
                sub["attrs"]["autocomplete"] = f"{self.autocomplete}-{part}"
        return context


MONTH_NAMES = {
    name: number
    for number in range(1, 13)
    for name in (
        datetime.date(2000, number, 1).strftime("%B").lower(),
        datetime.date(2000, number, 1).strftime("%b").lower(),
    )
}


class GovukDateField(forms.MultiValueField):
    """A date from GOV.UK day/month/year boxes, with the GOV.UK date input error messages.

    Messages are built from the label when the form is cleaned, so a label set by the form
    (or the default from the field name) is used.
    """

    widget = GovukDateWidget

    def __init__(self, *, max_today: bool = False, **kwargs: Any) -> None:
        self.max_today = max_today
        self.own_required_message = "required" in (kwargs.get("error_messages") or {})
        parts = [forms.CharField(required=False) for _ in GovukDateWidget.parts]
        super().__init__(fields=parts, require_all_fields=False, **kwargs)

    @property
    def label_text(self) -> str:
        return str(self.label) if self.label else "Date"

    def clean(self, value: Any) -> Any:
        if not self.own_required_message:
            self.error_messages["required"] = f"Enter the {lower_first(self.label_text)}"
        return super().clean(value)

    def compress(self, data_list: Sequence[str]) -> datetime.date | None:
        label = self.label_text
        if not data_list or not any(data_list):
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        parts = [part for _, _, part in GovukDateWidget.parts]
        missing = [part for part, text in zip(parts, data_list, strict=True) if not text]
        if missing:
            raise ValidationError(
                f"{label} must include a {' and '.join(missing)}", code="incomplete"
            )
        day, month, year = data_list
        month_number = MONTH_NAMES.get(month.lower()) or (int(month) if month.isdigit() else 0)
        try:
            if not (day.isdigit() and year.isdigit() and len(year) == 4):
                raise ValueError(year)
            date = datetime.date(int(year), month_number, int(day))
        except ValueError:
            raise ValidationError(f"{label} must be a real date", code="invalid") from None
        if self.max_today and date > timezone.localdate():
            raise ValidationError(f"{label} must be today or in the past", code="future")
        return date


class GovukFormMixin:
    """GOV.UK behaviour for any form class: markup, no 'required' attribute, plain messages.

    Replaces Django's "This field is required." with "Enter <label>" (or "Select <label>"
    for choices and checkboxes) unless the field sets its own message.
    """

    bound_field_class: type[BoundField] | None = GovukBoundField
    use_required_attribute = False
    # For a one-question page: that field's label or legend becomes the page's <h1>.
    page_heading_field: str | None = None
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.label is None:
                field.label = pretty_name(name)
            if isinstance(field, GovukDateField):
                continue  # It builds "Enter the <label>" itself.
            if field.error_messages.get("required") == DJANGO_REQUIRED_MESSAGE:
                choice = isinstance(field, forms.ChoiceField | forms.BooleanField)
                verb = "Select" if choice else "Enter"
                field.error_messages["required"] = f"{verb} {lower_first(str(field.label))}"


def yes_no_field(label: str, *, required_message: str = "") -> forms.TypedChoiceField:
    """A GOV.UK yes/no radios question whose cleaned value is a bool."""
    return forms.TypedChoiceField(
        label=label,
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=GovukRadioSelect,
        error_messages={"required": required_message or f"Select yes or no: {lower_first(label)}"},
    )


class BaseForm(GovukFormMixin, forms.Form):
    """Base for Haven's forms: ``title`` is the page heading, ``submit_label`` the button."""

    template_name = "govuk_forms/form.html"
    title: str = ""
    submit_label: str = "Save"


class BaseModelForm(GovukFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    """BaseForm for model forms."""

    template_name = "govuk_forms/form.html"
    title: str = ""
    submit_label: str = "Save"


class BruteForceProtectedMixin:
    """For an AuthenticationForm: check the username and password behind the lock and
    throttle of haven.core.signin (security reference R35), and record the attempt.

    Used by the sign-in page and by the admin's login page, so neither is a way round the
    other's limits.
    """

    cleaned_data: dict[str, Any]
    request: HttpRequest | None
    user_cache: Any

    def clean(self) -> dict[str, Any]:
        """AuthenticationForm.clean, with signin.sign_in_authenticate for authenticate."""
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            self.user_cache = signin.sign_in_authenticate(
                request=self.request, username=username, password=password
            )
            if self.user_cache is None:
                raise self.get_invalid_login_error()  # type: ignore[attr-defined]
            self.confirm_login_allowed(self.user_cache)  # type: ignore[attr-defined]
        return self.cleaned_data


class SignInForm(BruteForceProtectedMixin, GovukFormMixin, AuthenticationForm):
    """Django's sign-in form with GOV.UK wording and no autofocus (it confuses screen readers),
    and with brute-force protection (haven.core.signin, security reference R35).

    An unknown username, a wrong password, an account disabled for dormancy and a locked
    username or throttled address all get the one "invalid_login" message, so the page never
    says which accounts exist or are locked. The pause after failed attempts is explained in
    the password hint, which every visitor sees whether or not anything is locked.
    """

    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "Enter a correct username and password",
    }
    submit_label = "Sign in"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        username, password = self.fields["username"], self.fields["password"]
        username.label, password.label = "Username", "Password"
        username.error_messages["required"] = "Enter your username"
        password.error_messages["required"] = "Enter your password"
        username.widget.attrs.pop("autofocus", None)
        username.widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        )
        password.widget.attrs["autocomplete"] = "current-password"
        minutes = settings.HAVEN_SIGNIN_LOCK_SECONDS // 60
        password.help_text = (
            f"After several failed attempts, sign-in is paused for {minutes} minutes"
        )


class SignInCodeForm(BaseForm):
    """The second step of signing in: the 6-digit code from an authenticator app (security
    reference R15). The label is the page's heading. The view checks the code itself, behind
    the sign-in lock, and adds the "not correct" error when it is wrong."""

    page_heading_field: str | None = "code"
    submit_label = "Continue"
    wrong_code_message = "The code is not correct. Enter the code your authenticator app shows now"

    code = forms.CharField(
        label="Enter the 6-digit code from your authenticator app",
        max_length=20,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input--width-5 govuk-input--extra-letter-spacing",
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "spellcheck": "false",
            }
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        minutes = settings.HAVEN_SIGNIN_LOCK_SECONDS // 60
        self.fields["code"].help_text = (
            "The code changes every 30 seconds. After several failed attempts, sign-in is "
            f"paused for {minutes} minutes"
        )

    def clean_code(self) -> str:
        code = mfa.normalise_code(self.cleaned_data["code"])
        if not mfa.CODE_PATTERN.match(code):
            raise ValidationError("The code must be 6 digits", code="format")
        return code

    def add_wrong_code_error(self) -> None:
        self.add_error("code", ValidationError(self.wrong_code_message, code="wrong"))


class SignInSetUpForm(SignInCodeForm):
    """Setting up an authenticator app: the first code it shows confirms it. The page's heading
    is "Set up your authenticator app", so the code's label is a plain label here."""

    page_heading_field = None
    submit_label = "Continue"
