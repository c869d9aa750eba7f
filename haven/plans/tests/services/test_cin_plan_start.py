import datetime

import pytest

from haven.access.policy import AccessDenied
from haven.core.errors import RuleBroken
from haven.core.tests import factories as f
from haven.plans import services
from haven.plans.models import ChildInNeedPlan
from haven.referrals import services as referral_services

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def user():
    return f.staff_user()


@pytest.fixture
def child():
    return f.ChildFactory()


@pytest.fixture
def episode(child, user):
    return f.open_episode(child, user, D(2026, 3, 2))


def start(episode, user, start_date):
    return services.cin_plan_start(acting_user=user, episode=episode, start_date=start_date)


def refused(call):
    before = f.db_snapshot()
    with pytest.raises(RuleBroken) as error:
        call()
    assert f.db_snapshot() == before
    return error.value


class TestChildInNeedPlanStart:
    def test_starts_a_plan_for_the_child(self, episode, child, user):
        plan = start(episode, user, D(2026, 4, 1))

        plan.refresh_from_db()
        assert plan.child == child
        assert plan.episode == episode
        assert plan.start_date == D(2026, 4, 1)
        assert plan.end_date is None
        assert f.audited(child, user)

    def test_refused_while_a_child_protection_plan_is_open_4001(self, child, user):
        cp = f.cp_plan(child, user, D(2026, 3, 2))

        error = refused(lambda: start(cp.episode, user, D(2026, 4, 1)))

        assert error.code == "4001"
        assert "4001" in error.message

    def test_allowed_from_the_day_the_protection_plan_ends(self, child, user):
        cp = f.cp_plan(child, user, D(2026, 3, 2))
        f.review(cp, user, D(2026, 6, 10), outcome="END")

        plan = start(cp.episode, user, D(2026, 6, 10))

        assert plan.start_date == D(2026, 6, 10)

    def test_a_second_open_plan_is_refused(self, episode, user):
        start(episode, user, D(2026, 4, 1))

        error = refused(lambda: start(episode, user, D(2026, 5, 1)))

        assert "already open" in error.message

    def test_plans_cannot_overlap_an_ended_one(self, episode, child, user):
        first = start(episode, user, D(2026, 4, 1))
        services.cin_plan_end(acting_user=user, plan=first, end_date=D(2026, 6, 1))

        error = refused(lambda: start(episode, user, D(2026, 5, 1)))

        assert "cannot overlap" in error.message
        assert ChildInNeedPlan.objects.filter(child=child).count() == 1

    def test_a_new_plan_can_start_the_day_the_last_ended(self, episode, user):
        first = start(episode, user, D(2026, 4, 1))
        services.cin_plan_end(acting_user=user, plan=first, end_date=D(2026, 6, 1))

        second = start(episode, user, D(2026, 6, 1))

        assert second.start_date == D(2026, 6, 1)

    def test_refused_after_the_episode_closed_8565(self, episode, user):
        referral_services.episode_close(
            acting_user=user, episode=episode, closure_date=D(2026, 4, 1), closure_reason="RC7"
        )

        error = refused(lambda: start(episode, user, D(2026, 4, 2)))

        assert error.code == "8565"

    def test_a_non_staff_user_is_refused(self, episode):
        outsider = f.non_staff_user()
        before = f.db_snapshot()

        with pytest.raises(AccessDenied):
            start(episode, outsider, D(2026, 4, 1))

        assert f.db_snapshot() == before
