"""The casework measures keep the inspection lens's contract (haven/inspection/measures/base.py):
stable slugs, a one-line definition, a result for any period with a point for every month, the
children behind every figure, and one or two queries whatever the size of the borough."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from haven.inspection.measures import casework
from haven.inspection.measures.base import Period

pytestmark = pytest.mark.django_db

PERIOD = Period(datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))
TODAY = datetime.date(2026, 7, 3)
IDS = [m.slug for m in casework.MEASURES]


def test_every_casework_measure_is_in_the_registry_under_a_stable_slug():
    slugs = [m.slug for m in casework.MEASURES]

    assert slugs == [
        "cin-plans-on-time",
        "three-or-more-social-workers",
        "social-worker-changes",
        "caseloads",
        "child-participation",
        "assessments-childs-views",
        "cp-plans-by-category",
        "cp-plans-length",
        "cp-plans-second-or-later",
    ]
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) for slug in slugs)


def test_the_registry_lists_them_after_the_timeliness_measures():
    from haven.inspection.measures import registry

    assert registry.MEASURES[-len(casework.MEASURES) :] == casework.MEASURES
    assert all(registry.BY_SLUG[m.slug] is m for m in casework.MEASURES)


@pytest.mark.parametrize("measure", casework.MEASURES, ids=IDS)
def test_a_title_a_one_line_definition_and_a_page_section(measure):
    assert measure.title
    assert measure.group
    assert measure.definition.endswith(".")
    assert "\n" not in measure.definition
    assert len(measure.definition) < 260


@pytest.mark.parametrize("measure", casework.MEASURES, ids=IDS)
def test_an_empty_borough_gives_a_point_for_every_month_and_no_children(measure):
    result = measure.result(PERIOD, today=TODAY)

    assert [p.month for p in result.monthly] == PERIOD.months()
    figures = (result.headline, *result.breakdown)
    keys = [f.key for f in figures]
    assert len(keys) == len(set(keys)), "figure keys are unique within a measure"
    for figure in figures:
        assert figure.value in (None, 0.0), figure
        assert list(measure.rows(PERIOD, today=TODAY, key=figure.key)) == []
    with pytest.raises(KeyError):
        measure.rows(PERIOD, today=TODAY, key="no-such-figure")


@pytest.mark.parametrize("measure", casework.MEASURES, ids=IDS)
def test_one_aggregate_query_for_the_whole_period(measure):
    year = Period(datetime.date(2025, 7, 1), datetime.date(2026, 6, 30))

    with CaptureQueriesContext(connection) as queries:
        measure.result(year, today=TODAY)

    # The child in need plan deadline also reads the authority's closure days and timescales.
    allowed = 3 if measure.slug == "cin-plans-on-time" else 1
    assert len(queries) <= allowed, [q["sql"][:80] for q in queries]


@pytest.mark.parametrize("measure", casework.MEASURES, ids=IDS)
def test_months_not_begun_yet_have_no_value(measure):
    result = measure.result(PERIOD, today=datetime.date(2026, 5, 15))

    june = result.monthly[-1]
    assert june.month == datetime.date(2026, 6, 1)
    assert june.value in (None, 0.0)


@pytest.mark.parametrize(
    "measure",
    [m for m in casework.MEASURES if m.slug in ("three-or-more-social-workers", "caseloads")],
    ids=["three-or-more-social-workers", "caseloads"],
)
def test_a_period_longer_than_62_months_takes_a_second_query(measure):
    # A month end is a bit of a bigint bitmask: 62 fit in one query.
    six_years = Period(datetime.date(2020, 7, 1), datetime.date(2026, 6, 30))

    with CaptureQueriesContext(connection) as queries:
        result = measure.result(six_years, today=TODAY)

    assert len(queries) == 2
    assert len(result.monthly) == 72
    assert all(p.value in (None, 0.0) for p in result.monthly)
