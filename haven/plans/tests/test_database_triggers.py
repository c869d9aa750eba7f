"""Cross-table census rules hold in the database itself, whoever writes (a bulk load, raw SQL)."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from haven.core.errors import RuleBroken, constraint_messages
from haven.core.tests import factories as f
from haven.meetings.models import ReviewConference
from haven.plans.models import ChildInNeedPlan, ChildProtectionPlan

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def user():
    return f.staff_user()


@pytest.fixture
def plan(user):
    return f.cp_plan(f.ChildFactory(), user, D(2026, 3, 2))


def test_a_plan_moved_off_its_icpc_date_is_refused_2885(plan):
    with pytest.raises(RuleBroken, match="2885"), transaction.atomic(), constraint_messages():
        ChildProtectionPlan.objects.filter(pk=plan.pk).update(
            start_date=plan.start_date + datetime.timedelta(days=1)
        )
    plan.refresh_from_db()
    assert plan.start_date == plan.initial_conference.held_on


def test_a_cin_plan_inside_a_cp_plan_is_refused_4001(plan, user):
    with pytest.raises(RuleBroken, match="4001"), transaction.atomic(), constraint_messages():
        ChildInNeedPlan.objects.create(
            episode=plan.episode,
            child=plan.child,
            start_date=plan.start_date + datetime.timedelta(days=5),
            created_by=user,
        )
    assert not ChildInNeedPlan.objects.exists()


def test_a_cin_plan_may_end_the_day_a_cp_plan_starts(plan, user):
    ChildInNeedPlan.objects.create(
        episode=plan.episode,
        child=plan.child,
        start_date=plan.episode.referral_date,
        end_date=plan.start_date,
        created_by=user,
    )
    assert ChildInNeedPlan.objects.count() == 1


def test_a_review_on_the_plan_start_is_refused_8841(plan, user):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewConference.objects.create(
            plan=plan,
            held_on=plan.start_date,
            due_date=plan.start_date,
            child_participation="NOT_INVITED",
            outcome="CONTINUE",
            category_of_abuse="NEG",
            created_by=user,
        )
    assert not ReviewConference.objects.exists()
