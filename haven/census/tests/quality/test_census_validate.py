"""census_validate: the year's rules over the children in scope, streamed from the database."""

from __future__ import annotations

import pytest

from haven.census.quality.selectors import census_validate, census_year_for, child_census_checks
from haven.census.tests.quality.stories import (
    D,
    child_with_a_query,
    child_with_an_error,
    clean_child,
)
from haven.census.years import census_year
from haven.core.tests import factories as f

pytestmark = pytest.mark.django_db

YEAR = census_year("2025-26")
AFTER_THE_YEAR = D(2026, 5, 11)


@pytest.fixture
def user():
    return f.staff_user()


def test_it_checks_every_child_in_scope_and_keeps_the_failures(user) -> None:
    clean = clean_child(user)
    query = child_with_a_query(user)
    error = child_with_an_error(user)
    f.AdultFactory()  # not a child: out of scope

    report = census_validate(year=YEAR, today=AFTER_THE_YEAR)

    assert report.children_checked == 3
    assert report.as_of_date == D(2026, 3, 31)
    by_child = {(r.person_id, r.code) for r in report.failures if r.person_id}
    assert (query.pk, "8670Q") in by_child
    assert (error.pk, "8540") in by_child
    assert not any(pk == clean.pk for pk, _ in by_child)
    assert report.errors >= 1
    assert report.queries >= 1
    assert report.children_failing == 2
    row = next(r for r in report.failures if r.code == "8670Q")
    assert row.la_child_id == query.la_child_id
    assert row.episode_id == query.episodes.get().pk


def test_the_whole_return_rules_run_only_over_the_whole_authority(user) -> None:
    clean_child(user)
    child = child_with_an_error(user)

    whole = census_validate(year=YEAR, today=AFTER_THE_YEAR)
    one = census_validate(year=YEAR, person_ids=[child.pk], today=AFTER_THE_YEAR)

    # Two children, each with at most one disability code: the 2887Q query (fewer than 8
    # codes used) is about the whole return.
    assert any(r.code == "2887Q" and r.person_id is None for r in whole.failures)
    assert one.children_checked == 1
    assert all(r.person_id == child.pk for r in one.failures)


def test_by_rule_counts_children_errors_first(user) -> None:
    child_with_a_query(user)
    child_with_an_error(user)
    child_with_an_error(user)

    summary = census_validate(year=YEAR, today=AFTER_THE_YEAR).by_rule()

    kinds = [line.kind for line in summary]
    assert kinds == sorted(kinds, key=lambda k: k != "error")
    line = next(s for s in summary if s.code == "8540")
    assert (line.children, line.failures) == (2, 2)
    assert line.description == "Child's disability is missing or invalid"


def test_the_census_year_of_a_day() -> None:
    assert census_year_for(D(2025, 4, 1)).label == "2025-26"
    assert census_year_for(D(2026, 3, 31)).label == "2025-26"
    assert census_year_for(D(2026, 4, 1)).label == "2026-27"
    assert census_year_for(D(2031, 6, 1)) is None


def test_one_childs_checks_for_the_record_page(user) -> None:
    query = child_with_a_query(user)
    clean = clean_child(user)
    # Out of scope of 2025-26: referred after it ended.
    later = f.ChildFactory()
    f.open_episode(later, user, D(2026, 4, 6))

    checks = child_census_checks(child_id=query.pk, today=D(2026, 3, 20))

    assert checks is not None
    assert checks.year.label == "2025-26"
    assert [x.code for x in checks.failures] == ["8670Q"]
    assert checks.queries == 1
    assert checks.errors == 0
    assert child_census_checks(child_id=clean.pk, today=D(2026, 3, 20)).failures == []
    assert child_census_checks(child_id=later.pk, today=D(2026, 3, 20)) is None


def test_the_record_check_measures_timescales_to_today_while_the_year_runs(user) -> None:
    child = child_with_a_query(user)  # assessment from 1 December 2025

    # By 5 January 2026 the assessment has been open 23 working days: no query yet.
    assert child_census_checks(child_id=child.pk, today=D(2026, 1, 5)).failures == []
