"""Test data: factories for the people and staff, and helpers that build a child's history
through the real services (so a test starts from a state the application could really reach).

Dates are fixed and in the past so that forms which refuse future dates accept them."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from html import unescape
from typing import Any

import factory
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from haven.access import policy
from haven.access.roles import Capability
from haven.assessments import services as assessment_services
from haven.core.models import AuditEvent
from haven.meetings import services as meeting_services
from haven.people.models import Person
from haven.plans import services as plan_services
from haven.referrals import services as referral_services
from haven.workforce import services as workforce_services
from haven.workforce.models import Team, Worker

VALID_NHS_NUMBER = "9434765919"
PASSWORD = "correct horse battery staple"  # noqa: S105


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(PASSWORD)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    kind = Team.Kind.CHILD_PROTECTION


class WorkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Worker

    user = factory.SubFactory(UserFactory)
    full_name = factory.LazyAttribute(
        lambda o: f"{o.user.first_name} {o.user.last_name}" if o.user else "Agency Worker"
    )
    role = Worker.Role.SOCIAL_WORKER
    registration_number = factory.Sequence(lambda n: f"SW{n:06d}")
    team = factory.SubFactory(TeamFactory)
    start_date = datetime.date(2020, 1, 6)


class LeftWorkerFactory(WorkerFactory):
    """A worker who has left: no longer staff."""

    end_date = datetime.date(2025, 12, 31)


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    kind = Person.Kind.CHILD
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    sex = "F"
    date_of_birth = datetime.date(2016, 5, 14)
    la_child_id = factory.Sequence(lambda n: f"T{n:07d}")


class UnbornChildFactory(ChildFactory):
    sex = "U"
    date_of_birth = None
    expected_date_of_birth = datetime.date(2027, 3, 1)


class AdultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    kind = Person.Kind.ADULT
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    sex = "F"
    date_of_birth = datetime.date(1990, 2, 1)
    la_child_id = None


def staff_user(**worker_fields: Any) -> Any:
    """A signed-in-able user with a current Worker profile (authority staff).

    By default an emergency duty social worker: a real role whose scope is the whole authority,
    so that a workflow test does not have to build a relationship first. Tests of access pass
    `role=` and build the relationship they are about (see haven/access/tests)."""
    worker_fields.setdefault("role", Worker.Role.EMERGENCY_DUTY)
    return WorkerFactory(**worker_fields).user


def non_staff_user() -> Any:
    """A user with an account but no Worker profile: not authority staff."""
    return UserFactory()


# --- Multi-step set-up through the real services ---------------------------------------------

REFERRAL_DATE = datetime.date(2026, 3, 2)  # a Monday


def open_episode(
    child: Person, user: Any, referral_date: datetime.date = REFERRAL_DATE, **fields: Any
) -> Any:
    fields.setdefault("referral_source", "2A")
    if not fields.get("referral_nfa"):
        fields.setdefault("primary_need", "N1")
    return referral_services.referral_record(
        acting_user=user, child=child, referral_date=referral_date, **fields
    )


def start_assessment(episode: Any, user: Any, start_date: datetime.date | None = None) -> Any:
    return assessment_services.assessment_start(
        acting_user=user, episode=episode, start_date=start_date or episode.referral_date
    )


def authorise_assessment(
    assessment: Any,
    user: Any,
    authorised_date: datetime.date,
    outcome: str = "CHILD_IN_NEED_PLAN",
    factors: Iterable[str] = ("16A",),
    **fields: Any,
) -> Any:
    return assessment_services.assessment_authorise(
        acting_user=user,
        assessment=assessment,
        authorised_date=authorised_date,
        outcome=outcome,
        factors=list(factors),
        **fields,
    )


def start_section_47(episode: Any, user: Any, held_on: datetime.date) -> Any:
    """A strategy discussion that starts a section 47 enquiry; returns the enquiry."""
    discussion = meeting_services.strategy_discussion_record(
        acting_user=user,
        episode=episode,
        held_on=held_on,
        child_participation="NOT_INVITED",
        starts_section_47=True,
        attendance={"POLICE": True, "HEALTH": False},
    )
    return discussion.section_47_enquiry


def hold_icpc(
    enquiry: Any,
    user: Any,
    held_on: datetime.date,
    outcome: str = "CHILD_PROTECTION_PLAN",
    category_of_abuse: str = "NEG",
) -> Any:
    return meeting_services.initial_conference_record(
        acting_user=user,
        enquiry=enquiry,
        held_on=held_on,
        child_participation="ATTENDED",
        outcome=outcome,
        category_of_abuse=category_of_abuse,
        attendance={"POLICE": True, "EDUCATION": True},
    )


def weekday_on_or_after(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def cp_plan(
    child: Person,
    user: Any,
    referral_date: datetime.date = REFERRAL_DATE,
    strategy_on: datetime.date | None = None,
    icpc_on: datetime.date | None = None,
) -> Any:
    """Referral, strategy discussion and an ICPC that starts a plan; returns the plan."""
    episode = open_episode(child, user, referral_date)
    strategy_on = strategy_on or referral_date + datetime.timedelta(days=1)
    enquiry = start_section_47(episode, user, strategy_on)
    conference = hold_icpc(
        enquiry, user, icpc_on or weekday_on_or_after(strategy_on + datetime.timedelta(days=14))
    )
    return conference.plan


def review(
    plan: Any,
    user: Any,
    held_on: datetime.date,
    outcome: str = "CONTINUE",
    category_of_abuse: str = "NEG",
) -> Any:
    return meeting_services.review_conference_record(
        acting_user=user,
        plan=plan,
        held_on=held_on,
        child_participation="VIEWS_SHARED",
        outcome=outcome,
        category_of_abuse=category_of_abuse,
        attendance={"HEALTH": True},
    )


def core_group(plan: Any, user: Any, held_on: datetime.date) -> Any:
    return meeting_services.core_group_record(
        acting_user=user,
        plan=plan,
        held_on=held_on,
        child_participation="ATTENDED",
        attendance={"EDUCATION": True},
    )


def cin_plan(episode: Any, user: Any, start_date: datetime.date) -> Any:
    return plan_services.cin_plan_start(acting_user=user, episode=episode, start_date=start_date)


def allocate(
    child: Person,
    user: Any,
    worker: Worker,
    start_date: datetime.date = REFERRAL_DATE,
    change_reason: str = "",
) -> Any:
    """Allocate through the real service; if `user` may not allocate (a social worker), an
    emergency duty worker does it, as a manager would."""
    if not policy.can(user, Capability.ALLOCATE, child):
        user = staff_user()
    return workforce_services.allocation_allocate(
        acting_user=user,
        child=child,
        worker=worker,
        start_date=start_date,
        change_reason=change_reason,
    )


# --- Checking that nothing was written -------------------------------------------------------

HAVEN_APPS = (
    "core",
    "workforce",
    "people",
    "referrals",
    "assessments",
    "meetings",
    "plans",
    "casework",
)


def db_snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every Haven table, so a refusal can be shown to have changed nothing
    (no row added, removed or altered)."""
    snapshot: dict[str, list[tuple[Any, ...]]] = {}
    for model in apps.get_models():
        if model._meta.app_label in HAVEN_APPS:
            rows = model.objects.order_by("pk")  # type: ignore[attr-defined]
            if model is AuditEvent:
                # A refusal changes nothing but the audit trail's record of the refusal (R3).
                rows = rows.exclude(action=AuditEvent.Action.DENY)
            snapshot[model._meta.label] = list(rows.values_list())
    snapshot["auth.User"] = list(get_user_model().objects.order_by("pk").values_list("pk"))
    return snapshot


def row_counts() -> dict[str, int]:
    return {label: len(rows) for label, rows in db_snapshot().items()}


def count(model: type[models.Model]) -> int:
    return model.objects.count()  # type: ignore[attr-defined]


# --- Forms ------------------------------------------------------------------------------------


def date_fields(name: str, value: datetime.date | None) -> dict[str, str]:
    """POST data for a GOV.UK date input (name_0, name_1, name_2 = day, month, year)."""
    if value is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {
        f"{name}_0": str(value.day),
        f"{name}_1": str(value.month),
        f"{name}_2": str(value.year),
    }


def audited(child: Person, user: Any, action: str = "CREATE") -> bool:
    """True if an audit row records `user` doing `action` to the child's record."""
    from haven.core.models import AuditEvent

    return AuditEvent.objects.filter(child_id=child.pk, actor=user, action=action).exists()


# --- Pages ------------------------------------------------------------------------------------


def signed_in(client: Any, user: Any) -> Any:
    client.force_login(user)
    return client


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def page_heading(response: Any) -> str:
    """The text of the page's <h1>."""
    match = re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S)
    return _text(match.group(1)) if match else ""


def error_summary(response: Any) -> list[str]:
    """The messages in the GOV.UK error summary ("There is a problem"), or [] if none."""
    html = response.content.decode()
    if "There is a problem" not in html:
        return []
    block = html.split("govuk-error-summary__list", 1)[1].split("</ul>", 1)[0]
    return [_text(item) for item in re.findall(r"<li>(.*?)</li>", block, re.S)]


def redirects_to_sign_in(response: Any) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/sign-in/?next=")
