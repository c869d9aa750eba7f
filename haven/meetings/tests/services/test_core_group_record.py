import datetime

import pytest

from haven.access.policy import AccessDenied
from haven.core.errors import RuleBroken
from haven.core.tests import factories as f
from haven.meetings import services
from haven.meetings.models import MeetingAttendance
from haven.statutory.calendar import build_calendar

pytestmark = pytest.mark.django_db

D = datetime.date
ICPC = D(2026, 3, 17)


@pytest.fixture
def user():
    return f.staff_user()


@pytest.fixture
def child():
    return f.ChildFactory()


@pytest.fixture
def plan(child, user):
    return f.cp_plan(child, user, D(2026, 3, 2), strategy_on=D(2026, 3, 3), icpc_on=ICPC)


def meet(plan, user, held_on, **fields):
    fields.setdefault("child_participation", "ATTENDED")
    fields.setdefault("attendance", {"EDUCATION": True, "HEALTH": False})
    return services.core_group_record(acting_user=user, plan=plan, held_on=held_on, **fields)


def refused(call):
    before = f.db_snapshot()
    with pytest.raises(RuleBroken) as error:
        call()
    assert f.db_snapshot() == before
    return error.value


class TestCoreGroupRecord:
    def test_the_first_core_group_is_due_10_working_days_after_the_icpc(self, plan, child, user):
        meeting = meet(plan, user, D(2026, 3, 26))

        # 17 March + 10 working days: no bank holiday in the way.
        assert meeting.due_date == D(2026, 3, 31)
        assert {
            (a.agency, a.attended) for a in MeetingAttendance.objects.filter(core_group=meeting)
        } == {("EDUCATION", True), ("HEALTH", False)}
        assert f.audited(child, user)

    def test_later_core_groups_are_due_on_the_local_frequency(self, plan, user):
        meet(plan, user, D(2026, 3, 26))

        second = meet(plan, user, D(2026, 4, 20))

        assert second.due_date == build_calendar().add_working_days(D(2026, 3, 26), 20)
        assert second.due_date == D(2026, 4, 27)  # past Good Friday and Easter Monday

    def test_a_core_group_before_the_plan_started_is_refused(self, plan, user):
        error = refused(lambda: meet(plan, user, D(2026, 3, 16)))

        assert error.field == "held_on"

    def test_a_core_group_of_an_ended_plan_is_refused(self, plan, user):
        f.review(plan, user, D(2026, 6, 10), outcome="END")

        error = refused(lambda: meet(plan, user, D(2026, 6, 15)))

        assert "has ended" in error.message

    def test_a_non_staff_user_is_refused(self, plan):
        outsider = f.non_staff_user()
        before = f.db_snapshot()

        with pytest.raises(AccessDenied):
            meet(plan, outsider, D(2026, 3, 26))

        assert f.db_snapshot() == before
