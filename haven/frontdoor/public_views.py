"""Report a concern about a child: the public's question pages (no account needed).

Start page -> one page per child (up to 5) -> what is worrying you -> an adult (optional) ->
about you -> does the family know -> check your answers -> confirmation with a reference.

Answers in progress live in the (server-side) session and are deleted once the report is sent,
or after ``HAVEN_PUBLIC_ANSWERS_IDLE_SECONDS`` without a page being answered. A page cannot be
reached before the pages it follows are answered: the person is sent to the first question
not yet answered, or to the start page when nothing is. A page opened from "Change" on the
check answers page (``?change=1``) goes back there once everything is answered again.

The send button carries a honeypot field: when a robot fills it, the confirmation page looks
the same as for a real report, but nothing is stored.
"""

from __future__ import annotations

import datetime
import time
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from haven.core.errors import RuleBroken
from haven.core.signin import client_ip
from haven.frontdoor import public, public_forms

SESSION_KEY = "frontdoor_public_concern"
REFERENCE_KEY = "frontdoor_public_reference"
DEFAULT_IDLE_SECONDS = 60 * 60
SERVICE_NAME = "Report a concern about a child"

# The pages after the children, in order; the children's pages come first.
LATER_STEPS = ("concern", "adult", "about_you", "family_aware")
CHECK = "check"


def idle_seconds() -> int:
    return int(getattr(settings, "HAVEN_PUBLIC_ANSWERS_IDLE_SECONDS", DEFAULT_IDLE_SECONDS))


def load_answers(request: HttpRequest) -> dict[str, Any]:
    """The answers so far (empty when none, or when left unused too long)."""
    stored = request.session.get(SESSION_KEY)
    if not isinstance(stored, dict):
        return {}
    if time.time() - float(stored.get("touched", 0)) > idle_seconds():
        clear_answers(request)
        return {}
    answers = stored.get("answers")
    return dict(answers) if isinstance(answers, dict) else {}


def save_answers(request: HttpRequest, answers: dict[str, Any]) -> None:
    request.session[SESSION_KEY] = {"answers": answers, "touched": time.time()}


def clear_answers(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


def children_of(answers: dict[str, Any]) -> list[dict[str, Any]]:
    children = answers.get("children")
    return [c for c in children if isinstance(c, dict)] if isinstance(children, list) else []


def first_unanswered(answers: dict[str, Any]) -> tuple[str, int]:
    """The first page not yet answered: ("child", number), (step, 0), or ("check", 0)."""
    children = children_of(answers)
    if not children:
        return "child", 1
    if children[-1].get("add_another") and len(children) < public.MAX_CHILDREN:
        return "child", len(children) + 1
    for step in LATER_STEPS:
        if step not in answers:
            return step, 0
    return CHECK, 0


def position(step: str, number: int = 0) -> int:
    """Where a page comes in the journey, for comparing pages."""
    if step == "child":
        return number
    if step == CHECK:
        return public.MAX_CHILDREN + len(LATER_STEPS) + 1
    return public.MAX_CHILDREN + LATER_STEPS.index(step) + 1


def step_url(step: str, number: int = 0, *, change: bool = False) -> str:
    url = reverse("public:child", kwargs={"number": number}) if step == "child" else ""
    url = url or reverse(f"public:{step}")
    return f"{url}?change=1" if change and step != CHECK else url


class PublicPageMixin:
    """For every public page: no account, and the service's own name in the page title."""

    request: HttpRequest

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        details = public.contact_details()
        # A phone number should not break across lines on a narrow screen.
        for key in ("phone", "out_of_hours_phone"):
            details[key] = details[key].replace(" ", "\N{NO-BREAK SPACE}")
        context.update(public_service_name=SERVICE_NAME, **details)
        return context


class StartView(PublicPageMixin, TemplateView):
    template_name = "frontdoor/public/start.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            start_url=step_url("child", 1),
            idle_minutes=idle_seconds() // 60,
            max_children=public.MAX_CHILDREN,
        )
        return context


class QuestionView(PublicPageMixin, FormView):  # type: ignore[type-arg]
    """One question page. Subclasses set `step`, `form_class` and `title`, and may change how
    the page's answers are kept (`stored`, `store`)."""

    template_name = "frontdoor/public/question.html"
    step = ""
    title = ""
    intro = ""
    answers: dict[str, Any]

    @property
    def number(self) -> int:
        return 0

    @property
    def changing(self) -> bool:
        return self.request.GET.get("change") == "1"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.answers = load_answers(request)
        if not self.answers and (self.step, self.number) != ("child", 1):
            return HttpResponseRedirect(reverse("public:start"))
        step, number = first_unanswered(self.answers)
        if not self.reachable(step, number):
            return HttpResponseRedirect(step_url(step, number))
        return super().dispatch(request, *args, **kwargs)

    def reachable(self, step: str, number: int) -> bool:
        """Whether this page may be shown, given the first page not yet answered."""
        return position(self.step, self.number) <= position(step, number)

    def stored(self) -> dict[str, Any] | None:
        value = self.answers.get(self.step)
        return value if isinstance(value, dict) else None

    def store(self, form: Any) -> None:
        self.answers[self.step] = form.answers()

    def get_initial(self) -> dict[str, Any]:
        form_class: Any = self.get_form_class()
        initial: dict[str, Any] = form_class.initial_from(self.stored())
        return initial

    def form_valid(self, form: Any) -> HttpResponse:
        self.store(form)
        save_answers(self.request, self.answers)
        return HttpResponseRedirect(self.get_success_url())

    def get_success_url(self) -> str:
        if self.changing:
            return step_url(*first_unanswered(self.answers))
        return step_url(*self.next_step())

    def next_step(self) -> tuple[str, int]:
        index = LATER_STEPS.index(self.step) + 1
        return (LATER_STEPS[index], 0) if index < len(LATER_STEPS) else (CHECK, 0)

    def back_url(self) -> str:
        if self.changing:
            return step_url(CHECK)
        index = LATER_STEPS.index(self.step)
        if index == 0:
            return step_url("child", max(len(children_of(self.answers)), 1))
        return step_url(LATER_STEPS[index - 1])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(title=self.title, intro=self.intro, back_url=self.back_url())
        return context


class ChildView(QuestionView):
    step = "child"
    form_class = public_forms.ChildForm

    @property
    def number(self) -> int:
        return int(self.kwargs["number"])

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not 1 <= int(kwargs["number"]) <= public.MAX_CHILDREN:
            raise Http404("No such question")
        return super().dispatch(request, *args, **kwargs)

    def reachable(self, step: str, number: int) -> bool:
        # A child already told about, or the next one when the last said there is another.
        answered = len(children_of(self.answers))
        return self.number <= answered or (step, number) == ("child", self.number)

    @property
    def title(self) -> str:  # type: ignore[override]
        return "Tell us about the child" if self.number == 1 else "Tell us about another child"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["can_add_another"] = self.number < public.MAX_CHILDREN
        return kwargs

    def stored(self) -> dict[str, Any] | None:
        children = children_of(self.answers)
        return children[self.number - 1] if self.number <= len(children) else None

    def store(self, form: Any) -> None:
        children = children_of(self.answers)[: self.number - 1]
        child = form.answers()
        children.append(child)
        if child["add_another"]:
            # Keep the children after this one: they are shown again, filled in.
            children += children_of(self.answers)[self.number :]
        self.answers["children"] = children

    def next_step(self) -> tuple[str, int]:
        children = children_of(self.answers)
        if children[self.number - 1]["add_another"]:
            return "child", self.number + 1
        return LATER_STEPS[0], 0

    def back_url(self) -> str:
        if self.changing:
            return step_url(CHECK)
        if self.number == 1:
            return reverse("public:start")
        return step_url("child", self.number - 1)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            caption=f"Child {self.number}" if self.number > 1 else "",
            intro=(
                "Tell us as much as you know. Give their name, or if you do not know it, "
                "their age or a description of them."
            ),
        )
        return context


class ConcernView(QuestionView):
    step = "concern"
    form_class = public_forms.ConcernForm
    template_name = "frontdoor/public/concern.html"
    title = str(public_forms.ConcernForm.base_fields["concern"].label)

    def stored(self) -> dict[str, Any] | None:
        concern = self.answers.get("concern")
        return {"concern": concern} if isinstance(concern, str) else None

    def store(self, form: Any) -> None:
        self.answers["concern"] = form.cleaned_data["concern"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            max_length=public.CONCERN_MAX_LENGTH,
            max_length_text=f"{public.CONCERN_MAX_LENGTH:,}",
        )
        return context


class AdultView(QuestionView):
    step = "adult"
    form_class = public_forms.AdultForm
    title = "Is there an adult you want to tell us about?"
    intro = (
        "For example, a parent or carer, or someone you are worried about. "
        "You do not have to answer this question: leave it blank and continue."
    )


class AboutYouView(QuestionView):
    step = "about_you"
    form_class = public_forms.AboutYouForm
    template_name = "frontdoor/public/about_you.html"
    title = "About you"


class FamilyAwareView(QuestionView):
    step = "family_aware"
    form_class = public_forms.FamilyAwareForm
    title = str(public_forms.FamilyAwareForm.base_fields["family_aware"].label)

    def stored(self) -> dict[str, Any] | None:
        value = self.answers.get("family_aware")
        return {"family_aware": value} if isinstance(value, str) else None

    def store(self, form: Any) -> None:
        self.answers["family_aware"] = form.cleaned_data["family_aware"]


class CheckView(PublicPageMixin, FormView):  # type: ignore[type-arg]
    """Check your answers, and send them (POST). A honeypot hit looks like a sent report."""

    template_name = "frontdoor/public/check.html"
    form_class = public_forms.SendForm
    answers: dict[str, Any]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.answers = load_answers(request)
        if not self.answers:
            return HttpResponseRedirect(reverse("public:start"))
        step, number = first_unanswered(self.answers)
        if step != CHECK:
            return HttpResponseRedirect(step_url(step, number))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        if form.is_robot():
            return self.sent(plausible_reference())
        try:
            contact = public.public_concern_submit(
                address=client_ip(self.request) or "unknown", answers=self.answers
            )
        except RuleBroken as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        return self.sent(contact.reference)

    def form_invalid(self, form: Any) -> HttpResponse:
        if form.is_robot():  # Even a honeypot answer too long to be valid.
            return self.sent(plausible_reference())
        return super().form_invalid(form)

    def sent(self, reference: str) -> HttpResponse:
        clear_answers(self.request)
        self.request.session[REFERENCE_KEY] = reference
        return HttpResponseRedirect(reverse("public:confirmation"))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title="Check your answers before sending your report",
            summary=answers_summary(self.answers),
            back_url=step_url(LATER_STEPS[-1]),
        )
        return context


class ConfirmationView(PublicPageMixin, TemplateView):
    template_name = "frontdoor/public/confirmation.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not isinstance(request.session.get(REFERENCE_KEY), str):
            return HttpResponseRedirect(reverse("public:start"))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(reference=self.request.session[REFERENCE_KEY], title="Report sent")
        return context


def plausible_reference() -> str:
    """A reference like the next real one, without taking a number from the sequence."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_value, is_called FROM frontdoor_contact_reference_seq")
        last_value, is_called = cursor.fetchone()
    number = int(last_value) + 1 if is_called else int(last_value)
    return f"HV-{number:07d}"


def answers_summary(answers: dict[str, Any]) -> list[dict[str, Any]]:
    """The check answers page's summary cards: a heading, the page that changes them (and the
    words that tell screen reader users what "Change" is for) and rows of (key, value)."""
    relationships = dict(public.Relationship.choices)
    family_field: Any = public_forms.FamilyAwareForm.base_fields["family_aware"]
    family = dict(family_field.choices)
    cards = []
    children = children_of(answers)
    for number, child in enumerate(children, start=1):
        heading = f"Child {number}" if len(children) > 1 else "The child"
        cards.append(
            _card(
                heading,
                step_url("child", number, change=True),
                heading.lower(),
                [
                    ("Name", _name(child)),
                    ("Date of birth", _long_date(child.get("date_of_birth"))),
                    ("Age or description", child.get("age_description")),
                    ("Address", _lines(child.get("address"), child.get("postcode"))),
                    ("School or nursery", child.get("school")),
                ],
            )
        )
    cards.append(
        _card(
            "Your concern",
            step_url("concern", change=True),
            "what is worrying you",
            [("What is worrying you", answers.get("concern"))],
        )
    )
    adult = _dict(answers.get("adult"))
    if any(adult.values()):
        rows = [
            ("Name", _name(adult)),
            ("Age or description", adult.get("age_description")),
            ("Relationship to the child", adult.get("relationship_to_child")),
            ("Address", adult.get("address")),
        ]
    else:
        rows = [("Adult", "None")]
    cards.append(_card("An adult", step_url("adult", change=True), "the adult", rows))
    about_you = _dict(answers.get("about_you"))
    cards.append(
        _card(
            "About you",
            step_url("about_you", change=True),
            "your details",
            [
                (
                    "Relationship to the child",
                    relationships.get(str(about_you.get("relationship", ""))),
                ),
                ("Your name", about_you.get("name")),
                ("Phone number", about_you.get("phone")),
                ("Email address", about_you.get("email")),
            ],
        )
    )
    cards.append(
        _card(
            "The child's family",
            step_url("family_aware", change=True),
            "whether the family knows",
            [
                (
                    "Does the family know you are reporting this?",
                    family.get(str(answers.get("family_aware", ""))),
                )
            ],
        )
    )
    return cards


def _card(heading: str, url: str, hidden: str, rows: list[tuple[str, Any]]) -> dict[str, Any]:
    return {
        "heading": heading,
        "url": url,
        "hidden": hidden,
        "rows": [{"key": key, "value": str(value) if value else ""} for key, value in rows],
    }


def _lines(*values: Any) -> str:
    return "\n".join(str(v) for v in values if v)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _name(values: dict[str, Any]) -> str:
    return " ".join(str(values.get(n) or "") for n in ("first_name", "last_name")).strip()


def _long_date(value: Any) -> str:
    """An ISO date as the pages show dates: 27 March 2015."""
    if not value:
        return ""
    day = datetime.date.fromisoformat(str(value))
    return f"{day.day} {day:%B %Y}"
