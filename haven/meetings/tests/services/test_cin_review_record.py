"""Child in need reviews: due dates from the local frequency, refusals, attendance."""

import datetime

import pytest

from haven.access.policy import AccessDenied
from haven.casework import selectors
from haven.core.errors import RuleBroken
from haven.core.models import LocalTimescale
from haven.core.tests import factories as f
from haven.meetings import services
from haven.meetings.models import ChildInNeedReview, MeetingAttendance
from haven.plans import services as plan_services
from haven.statutory.calendar import add_months

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def user():
    return f.staff_user()


@pytest.fixture
def plan(user):
    episode = f.open_episode(f.ChildFactory(), user, D(2026, 3, 2))
    return f.cin_plan(episode, user, D(2026, 3, 16))


def record(plan, user, held_on, **kwargs):
    kwargs.setdefault("child_participation", "ATTENDED")
    kwargs.setdefault("attendance", {"SOCIAL_CARE": True, "EDUCATION": False})
    return services.cin_review_record(acting_user=user, plan=plan, held_on=held_on, **kwargs)


class TestCinReviewRecord:
    def test_first_review_is_due_three_months_after_the_plan_starts(self, plan, user):
        review = record(plan, user, D(2026, 6, 1))

        assert review.due_date == add_months(D(2026, 3, 16), 3)
        assert MeetingAttendance.objects.filter(cin_review=review).count() == 2
        assert f.audited(plan.child, user)

    def test_later_reviews_follow_the_authority_frequency(self, plan, user):
        LocalTimescale.objects.create(code="CIN_PLAN_REVIEW", weeks=6)
        first = record(plan, user, D(2026, 4, 1))
        second = record(plan, user, D(2026, 5, 1))

        assert first.due_date == D(2026, 3, 16) + datetime.timedelta(weeks=6)
        assert second.due_date == D(2026, 4, 1) + datetime.timedelta(weeks=6)

    def test_a_review_before_the_plan_started_is_refused(self, plan, user):
        with pytest.raises(RuleBroken, match="before the plan started"):
            record(plan, user, D(2026, 3, 10))
        assert not ChildInNeedReview.objects.exists()
        assert not MeetingAttendance.objects.exists()

    def test_a_review_of_an_ended_plan_is_refused(self, plan, user):
        plan_services.cin_plan_end(acting_user=user, plan=plan, end_date=D(2026, 5, 1))
        with pytest.raises(RuleBroken, match="has ended"):
            record(plan, user, D(2026, 5, 5))
        assert not ChildInNeedReview.objects.exists()

    def test_a_user_who_is_not_staff_is_refused(self, plan):
        with pytest.raises(AccessDenied):
            record(plan, f.non_staff_user(), D(2026, 6, 1))
        assert not ChildInNeedReview.objects.exists()

    def test_my_work_shows_the_next_review_due(self, plan, user):
        worker = f.WorkerFactory()
        f.allocate(plan.child, user, worker, D(2026, 3, 2))
        record(plan, user, D(2026, 5, 1))

        rows = selectors.my_work(worker=worker, as_of=D(2026, 9, 1))
        due = {d.code: d for d in rows[0].deadlines}

        assert due["CIN_PLAN_REVIEW"].due_date == add_months(D(2026, 5, 1), 3)
        assert due["CIN_PLAN_REVIEW"].status == "overdue"
