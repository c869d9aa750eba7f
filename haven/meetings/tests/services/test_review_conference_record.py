import datetime

import pytest

from haven.access.policy import AccessDenied
from haven.core.errors import RuleBroken
from haven.core.tests import factories as f
from haven.meetings import services
from haven.meetings.models import MeetingAttendance

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


def review(plan, user, held_on, **fields):
    fields.setdefault("child_participation", "VIEWS_SHARED")
    fields.setdefault("outcome", "CONTINUE")
    fields.setdefault("category_of_abuse", "NEG")
    fields.setdefault("attendance", {"HEALTH": True, "POLICE": False})
    return services.review_conference_record(acting_user=user, plan=plan, held_on=held_on, **fields)


def refused(call):
    before = f.db_snapshot()
    with pytest.raises(RuleBroken) as error:
        call()
    assert f.db_snapshot() == before
    return error.value


class TestReviewConferenceRecord:
    def test_the_first_review_is_due_3_months_after_the_icpc(self, plan, child, user):
        first = review(plan, user, D(2026, 6, 10))

        assert first.due_date == D(2026, 6, 17)
        assert first.chair == user.worker
        assert {
            (a.agency, a.attended)
            for a in MeetingAttendance.objects.filter(review_conference=first)
        } == {("HEALTH", True), ("POLICE", False)}
        assert f.audited(child, user)

    def test_later_reviews_are_due_6_months_after_the_previous_one(self, plan, user):
        review(plan, user, D(2026, 6, 10))

        second = review(plan, user, D(2026, 11, 2))

        assert second.due_date == D(2026, 12, 10)

    def test_the_category_after_the_review_becomes_the_latest(self, plan, user):
        review(plan, user, D(2026, 6, 10), category_of_abuse="EMO")

        plan.refresh_from_db()
        assert plan.latest_category == "EMO"
        assert plan.initial_category == "NEG"
        assert plan.end_date is None

    def test_an_end_decision_ends_the_plan_that_day(self, plan, user):
        review(plan, user, D(2026, 6, 10), outcome="END")

        plan.refresh_from_db()
        assert plan.end_date == D(2026, 6, 10)

    def test_a_review_of_an_ended_plan_is_refused(self, plan, user):
        review(plan, user, D(2026, 6, 10), outcome="END")

        error = refused(lambda: review(plan, user, D(2026, 7, 1)))

        assert "has ended" in error.message

    @pytest.mark.parametrize("held_on", [ICPC, ICPC - datetime.timedelta(days=1)])
    def test_a_review_on_or_before_the_plan_start_is_refused_8841(self, plan, user, held_on):
        error = refused(lambda: review(plan, user, held_on))

        assert error.code == "8841"
        assert "8841" in error.message

    def test_a_review_must_follow_the_previous_review(self, plan, user):
        review(plan, user, D(2026, 6, 10))

        error = refused(lambda: review(plan, user, D(2026, 6, 10)))

        assert error.field == "held_on"

    def test_a_non_staff_user_is_refused(self, plan):
        outsider = f.non_staff_user()
        before = f.db_snapshot()

        with pytest.raises(AccessDenied):
            review(plan, outsider, D(2026, 6, 10))

        assert f.db_snapshot() == before
