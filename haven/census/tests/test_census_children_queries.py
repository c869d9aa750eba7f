"""census_children reads a batch of children with the same few queries however many children,
episodes and modules the batch holds (no query per child), and streams batch by batch."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from haven.census import selectors
from haven.census.years import census_year
from haven.core.tests import factories as f
from haven.plans import services as plan_services

pytestmark = pytest.mark.django_db

D = datetime.date


def add_children(user, how_many: int) -> None:
    """Children with every kind of module: assessment and factors, section 47, ICPC, a CP plan
    with reviews, disabilities and pre-proceedings."""
    for _ in range(how_many):
        child = f.ChildFactory()
        child.disabilities.create(code="AUT")
        plan = f.cp_plan(child, user, D(2026, 4, 6), icpc_on=D(2026, 4, 20))
        assessment = f.start_assessment(plan.episode, user, D(2026, 4, 6))
        f.authorise_assessment(assessment, user, D(2026, 5, 1), factors=("16A", "3B"))
        f.review(plan, user, D(2026, 7, 14))
        f.review(plan, user, D(2026, 10, 13))
        plan_services.pre_proceedings_start(
            acting_user=user, episode=plan.episode, start_date=D(2026, 8, 3)
        )


def queries(**kwargs) -> tuple[int, int]:
    """(queries, children) for reading the whole 2026-27 return."""
    with CaptureQueriesContext(connection) as captured:
        children = list(selectors.census_children(year=census_year("2026-27"), **kwargs))
    return len(captured), len(children)


def test_one_batch_costs_the_same_for_3_children_as_for_9():
    user = f.staff_user()
    add_children(user, 3)
    few, three = queries()
    add_children(user, 6)

    many, nine = queries()

    assert (three, nine) == (3, 9)
    assert many == few
    assert few <= 12  # a handful: the page of ids and one query per table


def test_batches_add_the_same_few_queries_each():
    user = f.staff_user()
    add_children(user, 6)
    one_batch, _ = queries()

    in_three, children = queries(batch_size=2)

    assert children == 6
    # The ids in scope once, then three batches of the same queries.
    assert in_three - 1 == 3 * (one_batch - 1)


def test_the_children_come_in_id_order_across_batches():
    user = f.staff_user()
    add_children(user, 5)

    ids = [
        c.person_id for c in selectors.census_children(year=census_year("2026-27"), batch_size=2)
    ]

    assert ids == sorted(ids)
    assert len(set(ids)) == 5
