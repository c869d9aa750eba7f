"""Child in need plans in place on time, against a small borough built through the real
services, with the answers worked out by hand.

The local timescale CIN_PLAN_START is 10 working days from the assessment's authorisation
(haven/statutory/timescales.py). Easter 2026: Good Friday 3 April and Easter Monday 6 April are
bank holidays, so an assessment authorised on Wednesday 1 April is due a plan by Friday 17 April
(2 Apr = day 1, 7-10 Apr = days 2-5, 13-17 Apr = days 6-10).
"""

from __future__ import annotations

import datetime

import pytest

from haven.core.models import ClosureDay, LocalTimescale
from haven.core.tests import factories as f
from haven.inspection.measures.base import Period
from haven.inspection.measures.cin_plans import ChildInNeedPlansOnTime
from haven.people.models import Person
from haven.plans import services as plan_services

pytestmark = pytest.mark.django_db

D = datetime.date
PERIOD = Period(D(2026, 4, 1), D(2026, 6, 30))
TODAY = D(2026, 7, 3)
MEASURE = ChildInNeedPlansOnTime()


def decided(user, authorised_on, *, plan_on=None, outcome="CHILD_IN_NEED_PLAN", child=None):
    """A child referred in March whose assessment, authorised on `authorised_on`, decided
    `outcome`, with a child in need plan from `plan_on` if given."""
    child = child or f.ChildFactory()
    episode = f.open_episode(child, user, D(2026, 3, 2))
    assessment = f.start_assessment(episode, user)
    if plan_on is not None and plan_on < authorised_on:
        f.cin_plan(episode, user, plan_on)  # a plan put in place while the assessment ran
    f.authorise_assessment(assessment, user, authorised_on, outcome=outcome)
    if plan_on is not None and plan_on >= authorised_on:
        f.cin_plan(episode, user, plan_on)
    return child


@pytest.fixture
def borough():
    user = f.staff_user()
    children = {
        # April: authorised Wednesday 1 April, due 17 April (Easter inside the 10 days).
        "on_the_deadline": decided(user, D(2026, 4, 1), plan_on=D(2026, 4, 17)),
        "a_day_late": decided(user, D(2026, 4, 1), plan_on=D(2026, 4, 20)),
        # Authorised 15 April, due 29 April: no plan by 3 July.
        "no_plan": decided(user, D(2026, 4, 15)),
        # May: the plan was already in place before the assessment was authorised.
        "plan_first": decided(user, D(2026, 5, 13), plan_on=D(2026, 5, 11)),
        # June: authorised Monday 29 June, due 13 July; no plan yet on 3 July, not late.
        "not_yet_due": decided(user, D(2026, 6, 29)),
        # Left out: authorised the day before the period; another outcome; a merged record.
        "before": decided(user, D(2026, 3, 31), plan_on=D(2026, 4, 30)),
        "closed": decided(user, D(2026, 5, 6), outcome="CLOSE"),
        "merged": decided(user, D(2026, 5, 5)),
    }
    survivor = f.ChildFactory()
    Person.objects.filter(pk=children["merged"].pk).update(merged_into=survivor)
    return {name: child.pk for name, child in children.items()}


def people(key, period=PERIOD, today=TODAY):
    return sorted(row.person_id for row in MEASURE.rows(period, today=today, key=key))


def test_on_time_late_and_no_plan(borough):
    result = MEASURE.result(PERIOD, today=TODAY)

    # 2 on time (on the deadline; a plan already in place) of the 4 due by 3 July: 50%.
    assert (result.headline.numerator, result.headline.denominator) == (2, 4)
    assert result.headline.value == 50.0
    figures = {f.key: (f.value, f.numerator) for f in result.breakdown}
    assert figures == {
        "late": (25.0, 1),
        "no-plan": (25.0, 1),
        "not-yet-due": (1.0, 1),  # a count: not yet in the percentages
    }


def test_monthly_trend_by_the_month_of_authorisation(borough):
    result = MEASURE.result(PERIOD, today=TODAY)

    # April: 1 of 3 (on the deadline; late and no plan). May: 1 of 1. June: none due yet.
    assert [(p.month, p.value, p.numerator, p.denominator) for p in result.monthly] == [
        (D(2026, 4, 1), 33.3, 1, 3),
        (D(2026, 5, 1), 100.0, 1, 1),
        (D(2026, 6, 1), None, 0, 0),
    ]


def test_the_children_behind_each_figure(borough):
    assert people("on-time") == sorted([borough["on_the_deadline"], borough["plan_first"]])
    assert people("late") == [borough["a_day_late"]]
    assert people("no-plan") == [borough["no_plan"]]
    assert people("not-yet-due") == [borough["not_yet_due"]]
    late = MEASURE.rows(PERIOD, today=TODAY, key="late")[0]
    assert late.on_date == D(2026, 4, 1)
    assert late.detail == (
        "Assessment authorised 1 April 2026; plan due by 17 April 2026; plan started 20 April 2026"
    )


def test_no_plan_becomes_late_the_day_after_the_deadline(borough):
    # On 13 July (the deadline) the June assessment is still in time; on 14 July it is not.
    assert people("not-yet-due", today=D(2026, 7, 13)) == [borough["not_yet_due"]]
    assert borough["not_yet_due"] in people("no-plan", today=D(2026, 7, 14))


def test_the_authoritys_own_timescale_and_closure_days(borough):
    # 11 working days: the plan started on 20 April is now in time.
    LocalTimescale.objects.create(code="CIN_PLAN_START", working_days=11)
    assert borough["a_day_late"] in people("on-time")

    # A closure day on 16 April pushes the 1 April deadline back to 20 April as well.
    LocalTimescale.objects.all().delete()
    ClosureDay.objects.create(date=D(2026, 4, 16), reason="Staff training")
    assert borough["a_day_late"] in people("on-time")


def test_a_plan_that_ended_before_the_assessment_started_does_not_count():
    user = f.staff_user()
    child = f.ChildFactory()
    episode = f.open_episode(child, user, D(2026, 3, 2))
    plan = f.cin_plan(episode, user, D(2026, 3, 3))
    plan_services.cin_plan_end(acting_user=user, plan=plan, end_date=D(2026, 3, 20))
    assessment = f.start_assessment(episode, user, D(2026, 3, 23))
    f.authorise_assessment(assessment, user, D(2026, 4, 1))

    assert people("no-plan") == [child.pk]
