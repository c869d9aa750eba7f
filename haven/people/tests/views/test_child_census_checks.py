"""The census checks on a child's record: the year's census rules, run on the record as it is
now, so the social worker sees what to fix as soon as the data is saved (issue 5)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.core.tests import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 11, 27)  # a Friday in census year 2026-27


def school_age_child(**fields):
    """A child of 10 with the reason their UPN is not known yet (UN4): census query 8770Q asks
    for one or the other."""
    return f.ChildFactory(upn_unknown_reason="UN4", **fields)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY)


def record(client, user, child, tab: str = "people:child_episodes") -> str:
    response = f.signed_in(client, user).get(reverse(tab, kwargs={"pk": child.pk}))
    assert response.status_code == 200
    return response.content.decode()


def test_an_assessment_open_beyond_45_working_days_shows_query_8670q(client) -> None:
    user = f.staff_user()
    child = school_age_child()
    child.disabilities.create(code="NONE")
    episode = f.open_episode(child, user, D(2026, 7, 6))
    f.start_assessment(episode, user, D(2026, 7, 6))

    html = record(client, user, child)

    assert "Census checks" in html
    assert "For the 2026-27 children in need census, this record has 1 query." in html
    assert '<strong class="govuk-tag govuk-tag--yellow">Query</strong>' in html
    assert "Please check: the assessment started on 6 July 2026 has been open for" in html
    assert "(census query 8670Q)" in html


def test_a_child_who_passes_every_rule_sees_no_panel(client) -> None:
    user = f.staff_user()
    child = school_age_child()
    child.disabilities.create(code="NONE")
    f.open_episode(child, user, D(2026, 11, 2))

    for tab in ("people:child_chronology", "people:child_episodes"):
        assert "Census checks" not in record(client, user, child, tab)


def test_an_error_is_tagged_and_says_what_to_fix(client) -> None:
    user = f.staff_user()
    child = school_age_child()  # no disability recorded
    f.open_episode(child, user, D(2026, 11, 2))

    html = record(client, user, child, "people:child_chronology")

    assert "this record has 1 error." in html
    assert '<strong class="govuk-tag govuk-tag--red">Error</strong>' in html
    assert "(census rule 8540)" in html


def test_the_panel_changes_as_soon_as_the_data_is_saved(client) -> None:
    user = f.staff_user()
    child = school_age_child()
    child.disabilities.create(code="NONE")
    episode = f.open_episode(child, user, D(2026, 7, 6))
    assessment = f.start_assessment(episode, user, D(2026, 7, 6))
    assert "8670Q" in record(client, user, child)

    f.authorise_assessment(assessment, user, D(2026, 8, 28))

    assert "Census checks" not in record(client, user, child)


def test_a_child_outside_the_census_year_sees_no_panel(client) -> None:
    user = f.staff_user()
    child = f.ChildFactory()  # no episode: not in the census

    assert "Census checks" not in record(client, user, child, "people:child_chronology")


def test_the_data_protection_officer_sees_no_census_checks(client) -> None:
    user = f.staff_user()
    child = f.ChildFactory()
    f.open_episode(child, user, D(2026, 11, 2))
    dpo = f.staff_user(role="AUDITOR")

    html = record(client, dpo, child, "people:child_access_log")

    assert "Census checks" not in html
