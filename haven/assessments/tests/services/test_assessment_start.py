import datetime

import pytest
from django.db import IntegrityError, transaction

from haven.access.policy import AccessDenied
from haven.assessments import services
from haven.assessments.models import Assessment
from haven.core.errors import RuleBroken
from haven.core.tests import factories as f
from haven.statutory.calendar import build_calendar

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
    return services.assessment_start(acting_user=user, episode=episode, start_date=start_date)


class TestAssessmentStart:
    def test_the_first_assessment_is_due_when_the_episode_said(self, episode, child, user):
        assessment = start(episode, user, D(2026, 3, 9))

        assessment.refresh_from_db()
        assert assessment.start_date == D(2026, 3, 9)
        assert assessment.due_date == episode.assessment_due_date == D(2026, 5, 7)
        assert assessment.authorised_date is None
        assert assessment.created_by == user
        assert f.audited(child, user)

    def test_a_later_assessment_is_due_45_working_days_from_its_own_start(self, episode, user):
        first = start(episode, user, D(2026, 3, 9))
        f.authorise_assessment(first, user, D(2026, 4, 1), outcome="CONTINUE")

        second = start(episode, user, D(2026, 9, 1))

        assert second.due_date == build_calendar().add_working_days(D(2026, 9, 1), 45)
        assert second.due_date == D(2026, 11, 3)

    def test_a_second_open_assessment_is_refused_8896(self, episode, user):
        start(episode, user, D(2026, 3, 9))
        before = f.db_snapshot()

        with pytest.raises(RuleBroken) as refused:
            start(episode, user, D(2026, 3, 20))

        assert refused.value.code == "8896"
        assert "8896" in refused.value.message
        assert f.db_snapshot() == before

    def test_the_database_refuses_a_second_open_assessment(self, episode, user):
        start(episode, user, D(2026, 3, 9))

        with pytest.raises(IntegrityError), transaction.atomic():
            Assessment.objects.create(
                episode=episode,
                start_date=D(2026, 3, 20),
                due_date=D(2026, 5, 7),
                created_by=user,
            )

        assert Assessment.objects.filter(episode=episode).count() == 1

    def test_starting_before_the_referral_is_refused(self, episode, user):
        before = f.db_snapshot()

        with pytest.raises(RuleBroken) as refused:
            start(episode, user, D(2026, 3, 1))

        assert "2 March 2026" in refused.value.message
        assert f.db_snapshot() == before

    def test_a_non_staff_user_is_refused(self, episode):
        outsider = f.non_staff_user()
        before = f.db_snapshot()

        with pytest.raises(AccessDenied):
            start(episode, outsider, D(2026, 3, 9))

        assert f.db_snapshot() == before
