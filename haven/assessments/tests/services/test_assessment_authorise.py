import datetime

import pytest
from django.db import IntegrityError, transaction

from haven.access.policy import AccessDenied
from haven.assessments import services
from haven.assessments.models import Assessment, AssessmentFactor
from haven.core.errors import RuleBroken
from haven.core.tests import factories as f
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
def assessment(child, user):
    episode = f.open_episode(child, user, D(2026, 3, 2))
    return f.start_assessment(episode, user, D(2026, 3, 9))


def authorise(assessment, user, **fields):
    fields.setdefault("authorised_date", D(2026, 4, 20))
    fields.setdefault("outcome", "CHILD_IN_NEED_PLAN")
    fields.setdefault("factors", ["3B", "16A"])
    return services.assessment_authorise(acting_user=user, assessment=assessment, **fields)


def refused(call):
    before = f.db_snapshot()
    with pytest.raises(RuleBroken) as error:
        call()
    assert f.db_snapshot() == before
    return error.value


class TestAssessmentAuthorise:
    def test_records_the_outcome_factors_and_the_manager(self, assessment, child, user):
        authorise(
            assessment,
            user,
            child_seen_date=D(2026, 3, 12),
            childs_views="I like school",
            analysis="Neglect is likely",
        )

        assessment.refresh_from_db()
        assert assessment.authorised_date == D(2026, 4, 20)
        assert assessment.authorised_by == user.worker
        assert assessment.outcome == "CHILD_IN_NEED_PLAN"
        assert assessment.child_seen_date == D(2026, 3, 12)
        assert assessment.childs_views == "I like school"
        assert sorted(assessment.factors.values_list("code", flat=True)) == ["16A", "3B"]
        assert f.audited(child, user, "UPDATE")

    def test_factor_21_with_another_factor_is_refused_8869(self, assessment, user):
        error = refused(lambda: authorise(assessment, user, factors=["21", "3B"]))

        assert error.code == "8869"
        assert error.field == "factors"
        assert "8869" in error.message

    def test_factor_21_on_its_own_is_accepted(self, assessment, user):
        authorise(assessment, user, factors=["21"], outcome="CLOSE")

        assert list(assessment.factors.values_list("code", flat=True)) == ["21"]

    def test_a_repeated_factor_is_refused_8898(self, assessment, user):
        error = refused(lambda: authorise(assessment, user, factors=["3B", "3B"]))

        assert error.code == "8898"
        assert "3B" in error.message

    def test_the_database_refuses_a_repeated_factor(self, assessment, user):
        authorise(assessment, user, factors=["3B"])

        with pytest.raises(IntegrityError), transaction.atomic():
            AssessmentFactor.objects.create(assessment=assessment, code="3B")

        assert assessment.factors.count() == 1

    def test_a_retired_factor_is_refused(self, assessment, user):
        error = refused(lambda: authorise(assessment, user, factors=["18A"]))

        assert error.code == "8945Q"
        assert "18B or 18C" in error.message

    def test_authorising_before_the_start_is_refused(self, assessment, user):
        error = refused(lambda: authorise(assessment, user, authorised_date=D(2026, 3, 5)))

        assert error.field == "authorised_date"

    @pytest.mark.parametrize("seen_on", [D(2026, 3, 1), D(2026, 4, 21)])
    def test_the_child_seen_outside_referral_to_authorisation_is_refused(
        self, assessment, user, seen_on
    ):
        error = refused(lambda: authorise(assessment, user, child_seen_date=seen_on))

        assert error.field == "child_seen_date"

    def test_authorising_twice_is_refused(self, assessment, user):
        authorise(assessment, user)

        error = refused(lambda: authorise(assessment, user, authorised_date=D(2026, 4, 21)))

        assert "already been authorised" in error.message

    def test_authorising_after_the_episode_closed_is_refused_8565(self, child, user):
        episode = f.open_episode(child, user, D(2026, 3, 2))
        done = f.start_assessment(episode, user, D(2026, 3, 9))
        f.authorise_assessment(done, user, D(2026, 3, 20), outcome="CONTINUE")
        referral_services.episode_close(
            acting_user=user, episode=episode, closure_date=D(2026, 4, 1), closure_reason="RC7"
        )
        late = Assessment.objects.create(
            episode=episode, start_date=D(2026, 3, 25), due_date=D(2026, 5, 7), created_by=user
        )

        error = refused(lambda: authorise(late, user, authorised_date=D(2026, 4, 10)))

        assert error.code == "8565"

    def test_a_non_staff_user_is_refused(self, assessment):
        outsider = f.non_staff_user()
        before = f.db_snapshot()

        with pytest.raises(AccessDenied):
            authorise(assessment, outsider)

        assert f.db_snapshot() == before
