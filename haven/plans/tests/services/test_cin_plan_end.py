import datetime

import pytest

from haven.access.policy import AccessDenied
from haven.core.errors import RuleBroken
from haven.core.tests import factories as f
from haven.plans import services

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def user():
    return f.staff_user()


@pytest.fixture
def child():
    return f.ChildFactory()


@pytest.fixture
def plan(child, user):
    episode = f.open_episode(child, user, D(2026, 3, 2))
    return f.cin_plan(episode, user, D(2026, 4, 1))


def end(plan, user, end_date):
    return services.cin_plan_end(acting_user=user, plan=plan, end_date=end_date)


def refused(call):
    before = f.db_snapshot()
    with pytest.raises(RuleBroken) as error:
        call()
    assert f.db_snapshot() == before
    return error.value


class TestChildInNeedPlanEnd:
    def test_ends_the_plan(self, plan, child, user):
        end(plan, user, D(2026, 7, 1))

        plan.refresh_from_db()
        assert plan.end_date == D(2026, 7, 1)
        assert f.audited(child, user, "UPDATE")

    def test_ending_before_the_start_is_refused(self, plan, user):
        error = refused(lambda: end(plan, user, D(2026, 3, 31)))

        assert error.field == "end_date"

    def test_ending_twice_is_refused(self, plan, user):
        end(plan, user, D(2026, 7, 1))

        error = refused(lambda: end(plan, user, D(2026, 7, 2)))

        assert "already ended" in error.message

    def test_a_non_staff_user_is_refused(self, plan):
        outsider = f.non_staff_user()
        before = f.db_snapshot()

        with pytest.raises(AccessDenied):
            end(plan, outsider, D(2026, 7, 1))

        assert f.db_snapshot() == before
