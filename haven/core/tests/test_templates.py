"""Smoke test: every template in the project renders.

The templates are found by walking the project's template folders, so a new template is
covered the day it is added. Most render with one rich context (a child with a full history,
their summary card, an empty form); the few that need something else get it from
SPECIFIC_CONTEXTS, keyed by template name."""

import datetime
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.template.loader import get_template
from django.test import RequestFactory

from haven.casework import selectors as casework_selectors
from haven.casework import services as casework_services
from haven.core.forms import GovukDateWidget, GovukRadioSelect, SignInForm
from haven.core.selectors import record_access_log
from haven.core.tests import factories as f
from haven.people import selectors as people_selectors
from haven.people import services as people_services
from haven.people.forms import ChildCreateForm
from haven.people.views import episode_actions
from haven.referrals.forms import ReferralForm
from haven.statutory.deadlines import Deadline

pytestmark = pytest.mark.django_db

D = datetime.date
AS_OF = D(2026, 6, 30)


def project_template_dirs() -> list[Path]:
    base = Path(settings.BASE_DIR)
    dirs = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    dirs += [
        Path(config.path) / "templates"
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(base / "haven")
    ]
    return [d for d in dirs if d.is_dir()]


TEMPLATE_NAMES = sorted(
    str(path.relative_to(folder))
    for folder in project_template_dirs()
    for path in folder.rglob("*.html")
)


def test_the_project_templates_were_found():
    assert len(TEMPLATE_NAMES) >= 29
    assert {"layouts/base.html", "core/step_form.html", "500.html"} <= set(TEMPLATE_NAMES)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[dict[str, Any]]:
    """A child with a little of everything recorded, through the real services: built once
    for the module in a transaction that is rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def build_world() -> dict[str, Any]:
    staff = f.staff_user(full_name="Ann Archer")
    child = f.ChildFactory(first_name="Sam", last_name="Taylor", known_as="Sammy")
    plan = f.cp_plan(child, staff, D(2026, 3, 2), strategy_on=D(2026, 3, 3), icpc_on=D(2026, 3, 17))
    f.core_group(plan, staff, D(2026, 3, 26))
    f.review(plan, staff, D(2026, 6, 10), category_of_abuse="EMO")
    assessment = f.start_assessment(plan.episode, staff, D(2026, 3, 4))
    f.authorise_assessment(
        assessment, staff, D(2026, 3, 16), child_seen_date=D(2026, 3, 5), outcome="CONTINUE"
    )
    casework_services.visit_record(
        acting_user=staff,
        child=child,
        visit_date=D(2026, 4, 1),
        child_seen=True,
        seen_alone=True,
        bedroom_seen=True,
        childs_words="I like my room.\nIt is blue.",
    )
    note = casework_services.case_note_add(
        acting_user=staff, child=child, title="Call", body="School rang."
    )
    casework_services.case_note_amend(
        acting_user=staff, note=note, title="Call", body="College rang.", reason="Wrong caller"
    )
    f.allocate(child, staff, staff.worker, D(2026, 3, 2))
    mother = f.AdultFactory(first_name="Jo", last_name="Taylor")
    people_services.relationship_add(
        acting_user=staff,
        person=child,
        related_person=mother,
        kind="MOTHER",
        has_parental_responsibility=True,
    )
    people_services.address_move(
        acting_user=staff,
        person=child,
        line_1="1 High Street",
        town="Sutton",
        postcode="SM1 1AA",
        start_date=D(2025, 1, 1),
    )
    return {"staff": staff, "child": child}


def generic_context(world: dict[str, Any]) -> dict[str, Any]:
    child, staff = world["child"], world["staff"]
    episodes = people_selectors.child_episodes(child)
    for episode in episodes:
        episode.actions = episode_actions(child, episode)
    rows = casework_selectors.my_work(worker=staff.worker, as_of=AS_OF)
    teams = casework_selectors.teams_for(staff.worker)
    overview = casework_selectors.team_overview(teams=teams, as_of=AS_OF)
    form = ReferralForm()
    return {
        "child": child,
        "summary": people_selectors.child_summary(child, as_of=AS_OF),
        "active_tab": "chronology",
        "as_of": AS_OF,
        "form": form,
        "title": form.title,
        "submit_label": form.submit_label,
        "cancel_url": "/",
        "events": people_selectors.child_chronology(child),
        "kinds": people_selectors.CHRONOLOGY_KINDS,
        "chosen_kinds": {"visit"},
        **people_selectors.child_family(child),
        "episodes": episodes,
        "can_refer": False,
        "visits": people_selectors.child_visits(child),
        "notes": people_selectors.child_notes(child),
        "allocations": people_selectors.child_allocations(child),
        "rows": rows,
        "overdue_total": sum(len(r.overdue) for r in rows),
        "teams": teams,
        "overview": overview,
        "caseload_total": sum(w.caseload for w in overview),
        "overdue_total_team": sum(w.overdue_count for w in overview),
    }


def _form_with_errors() -> ChildCreateForm:
    form = ChildCreateForm(data={"first_name": ""})
    form.is_valid()
    form.add_error(None, "A rule was broken (census rule 8750).")
    return form


def _search_context(world: dict[str, Any]) -> dict[str, Any]:
    from haven.search.forms import PersonSearchForm

    child = world["child"]
    return {
        "form": PersonSearchForm(),
        "searched": True,
        "matches": [
            {
                "is_child": True,
                "person_id": child.pk,
                "full_name": child.full_name,
                "known_as": child.known_as,
                "date_of_birth": child.date_of_birth,
                "postcode": "SM1 1AA",
                "reasons": ["Same name"],
                "score_percent": 95,
            }
        ],
    }


def _widget(widget: Any, name: str, value: Any) -> dict[str, Any]:
    return widget.get_context(name, value, {"id": f"id_{name}"})


SPECIFIC_CONTEXTS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "500.html": lambda world: {},
    "core/sign_in.html": lambda world: {"form": SignInForm()},
    "people/child_create.html": lambda world: {"form": _form_with_errors()},
    "components/error_summary.html": lambda world: {"form": _form_with_errors()},
    "components/deadline_tag.html": lambda world: {
        "deadline": Deadline("ICPC", "Initial conference", D(2026, 3, 24), "overdue", 3)
    },
    "govuk_forms/form.html": lambda world: _form_with_errors().get_context(),
    "govuk_forms/field.html": lambda world: {"field": _form_with_errors()["date_of_birth"]},
    "govuk_forms/hint_and_error.html": lambda world: {"field": _form_with_errors()["sex"]},
    "govuk_forms/widgets/attrs.html": lambda world: {
        "widget": {"attrs": {"id": "x", "disabled": True, "class": "c", "maxlength": 3}}
    },
    "govuk_forms/widgets/radios.html": lambda world: _widget(
        GovukRadioSelect(choices=[("yes", "Yes"), ("no", "No")], hints={"no": "Say why"}),
        "answer",
        "yes",
    ),
    "govuk_forms/widgets/checkboxes.html": lambda world: ChildCreateForm()[
        "disabilities"
    ].field.widget.get_context("disabilities", ["MOB"], {"id": "id_d"}),
    "govuk_forms/widgets/date.html": lambda world: _widget(
        GovukDateWidget(), "held_on", D(2026, 3, 3)
    ),
    "search/person_search.html": _search_context,
    "people/child_access_log.html": lambda world: {
        "events": record_access_log(child_id=world["child"].pk)
    },
    "frontdoor/contact.html": lambda world: {"contact": _contact()},
    "frontdoor/contact_triage.html": lambda world: {"contact": _contact()},
    "frontdoor/_rag.html": lambda world: {"contact": _contact()},
    "frontdoor/_dashboard_chart.html": lambda world: {"chart": _dashboard_chart()},
    "frontdoor/_contact_people.html": lambda world: {"contact": _contact()},
    "frontdoor/contact_people.html": lambda world: _contact_people_context(world),
    "people/person_merge.html": lambda world: _merge_context(world),
    "people/person_merges.html": lambda world: _merges_context(world),
}


def _dashboard_chart() -> Any:
    from haven.frontdoor.dashboard import SOURCE_GROUPS, Bucket
    from haven.frontdoor.dashboard_views import stacked_chart

    sources = tuple(group for group, _ in SOURCE_GROUPS)
    counts = {s.key: n for n, s in enumerate(sources)}
    return stacked_chart([Bucket(D(2026, 3, 2), 15, counts, {})], sources, "by_source", "week")


def _contact_people_context(world: dict[str, Any]) -> dict[str, Any]:
    """One person named with a match, a restricted stub and a refused choice; one linked."""
    from dataclasses import replace

    from haven.frontdoor.matching import NamedPerson
    from haven.frontdoor.matching_forms import LinkRecordForm, NewRecordForm, UnlinkForm
    from haven.frontdoor.matching_views import Panel
    from haven.frontdoor.models import ContactPerson
    from haven.search.selectors import PersonMatch

    contact = _contact()
    named = ContactPerson(
        pk=10**9,
        contact=contact,
        kind="CHILD",
        first_name="Sam",
        last_name="Tailor",
        date_of_birth=D(2016, 5, 14),
        address="1 High Street",
        postcode="SM1 1AA",
    )
    match = PersonMatch(
        person_id=world["child"].pk,
        full_name="Sam Taylor",
        known_as="",
        kind="CHILD",
        date_of_birth=D(2016, 5, 14),
        expected_date_of_birth=None,
        postcode="SM1 1AA",
        score=0.95,
        reasons=("Spelt like Taylor",),
    )
    stub = replace(
        match, person_id=10**9, full_name="Restricted record", reasons=(), restricted=True
    )
    person = NamedPerson(named=named, linked=None, candidates=(match, stub), can_change=True)
    refused = LinkRecordForm({}, named=named, matches=(match,))
    refused.is_valid()
    panel = Panel(
        person=person,
        title="Sam Tailor",
        link_form=refused,
        new_form=NewRecordForm(named=named),
        unlink_form=UnlinkForm(named=named),
        link_url="/",
        new_url="/",
        unlink_url="/",
    )
    linked = replace(panel, person=replace(person, linked=world["child"]))
    return {"contact": contact, "panels": [panel, linked], "error_form": refused, "decided": False}


def _merge_context(world: dict[str, Any]) -> dict[str, Any]:
    from haven.people import merging
    from haven.people.merge_forms import MergeConfirmForm, MergeFindForm

    child, other = world["child"], f.ChildFactory(first_name="Sam", last_name="Tailor")
    return {
        "child_number": merging.record_number(child),
        "find_form": MergeFindForm(),
        "other": other,
        "sides": (merging.merge_side(child), merging.merge_side(other)),
        "confirm_form": MergeConfirmForm(child=child, other=other),
        "record_url": "/",
    }


def _merges_context(world: dict[str, Any]) -> dict[str, Any]:
    from django.utils import timezone

    from haven.people.merge_forms import MergeReverseForm
    from haven.people.models import PersonMerge

    other = f.ChildFactory(first_name="Sam", last_name="Tailor")
    merge = PersonMerge(
        pk=10**9,
        survivor=world["child"],
        duplicate=other,
        reason="Same NHS number",
        merged_by=world["staff"],
        merged_at=timezone.now(),
    )
    return {
        "child_number": "HV00000001",
        "merges": [merge],
        "chosen": merge,
        "moved": ("2 case notes",),
        "reverse_form": MergeReverseForm(initial={"merge": merge.pk}),
        "record_url": "/",
    }


def _contact() -> Any:
    from haven.frontdoor.models import Contact

    received = datetime.datetime(2026, 11, 27, 9, 30, tzinfo=datetime.UTC)
    return Contact(
        pk=10**9,
        reference="HV-0000001",
        received_at=received,
        due_at=received + datetime.timedelta(hours=4),
        channel="PHONE",
        source="2A",
        concern="A line.\nAnother line.",
        rag="RED",
        rag_reason="Injury seen today.",
        status="IN_PROGRESS",
    )


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_every_template_renders(name, world):
    request = RequestFactory().get("/")
    request.user = world["staff"]
    context = generic_context(world)
    if name in SPECIFIC_CONTEXTS:
        context.update(SPECIFIC_CONTEXTS[name](world))

    html = (
        get_template(name).render(context)
        if name == "500.html"  # Django renders it with no request
        else get_template(name).render(context, request)
    )

    assert isinstance(html, str)
    assert html.strip() or name == "govuk_forms/widgets/attrs.html"
    if name.startswith(("layouts/", "people/", "casework/", "core/", "search/")) or name in (
        "403.html",
        "404.html",
        "500.html",
    ):
        assert html.rstrip().endswith("</html>")
