import datetime

import pytest
from django.db import IntegrityError, transaction

from haven.access.policy import AccessDenied
from haven.core.errors import RuleBroken
from haven.core.models import HistoryRow
from haven.core.tests import factories as f
from haven.plans import services
from haven.plans.models import PreProceedings
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
    return f.open_episode(child, user, D(2026, 4, 13))


def start(episode, user, start_date, **fields):
    return services.pre_proceedings_start(
        acting_user=user, episode=episode, start_date=start_date, **fields
    )


def refused(call):
    before = f.db_snapshot()
    with pytest.raises(RuleBroken) as error:
        call()
    assert f.db_snapshot() == before
    return error.value


class TestPreProceedingsStart:
    def test_records_the_stage_with_its_steps(self, episode, child, user):
        pre = start(
            episode,
            user,
            D(2026, 6, 1),
            letter_before_proceedings_date=D(2026, 6, 5),
            fgdm_offered=True,
            fgdm_facilitated=False,
            initial_meeting_date=D(2026, 6, 15),
            review_meetings_count=2,
            step_decision_date=D(2026, 9, 14),
            outcome="A",
            court_application_date=D(2026, 9, 21),
            letter_initiating_cp_date=D(2026, 9, 22),
        )

        pre.refresh_from_db()
        assert (pre.child, pre.episode, pre.start_date) == (child, episode, D(2026, 6, 1))
        assert pre.letter_before_proceedings_date == D(2026, 6, 5)
        assert (pre.fgdm_offered, pre.fgdm_facilitated) == (True, False)
        assert pre.review_meetings_count == 2
        assert pre.outcome == "A"
        assert pre.letter_initiating_cp_date == D(2026, 9, 22)
        assert f.audited(child, user)

    def test_the_steps_may_be_unknown_yet(self, episode, user):
        pre = start(episode, user, D(2026, 6, 1))

        pre.refresh_from_db()
        assert pre.letter_before_proceedings_date is None
        assert pre.fgdm_offered is None
        assert pre.outcome == ""

    def test_refused_on_a_referral_with_no_further_action_8831(self, child, user):
        nfa = f.open_episode(child, user, D(2026, 4, 13), referral_nfa=True)

        error = refused(lambda: start(nfa, user, D(2026, 4, 13)))

        assert error.code == "8831"

    def test_refused_after_the_episode_closed_8565(self, episode, user):
        referral_services.episode_close(
            acting_user=user, episode=episode, closure_date=D(2026, 5, 1), closure_reason="RC7"
        )

        error = refused(lambda: start(episode, user, D(2026, 5, 4)))

        assert error.code == "8565"

    def test_a_later_step_after_the_closure_is_refused_8565(self, episode, user):
        referral_services.episode_close(
            acting_user=user, episode=episode, closure_date=D(2026, 7, 1), closure_reason="RC7"
        )

        error = refused(
            lambda: start(episode, user, D(2026, 6, 1), court_application_date=D(2026, 7, 6))
        )

        assert error.code == "8565"

    def test_a_step_before_the_start_is_refused(self, episode, user):
        error = refused(
            lambda: start(
                episode, user, D(2026, 6, 1), letter_before_proceedings_date=D(2026, 5, 29)
            )
        )

        assert error.field == "letter_before_proceedings_date"

    def test_an_unknown_outcome_is_refused_9011(self, episode, user):
        error = refused(lambda: start(episode, user, D(2026, 6, 1), outcome="Z"))

        assert error.code == "9011"

    def test_the_database_refuses_a_court_application_before_the_decision_9012(self, episode, user):
        error = refused(
            lambda: start(
                episode,
                user,
                D(2026, 6, 1),
                step_decision_date=D(2026, 9, 14),
                court_application_date=D(2026, 9, 1),
            )
        )

        assert "9012" in error.message

    def test_a_non_staff_user_is_refused(self, episode):
        outsider = f.non_staff_user()
        before = f.db_snapshot()

        with pytest.raises(AccessDenied):
            start(episode, outsider, D(2026, 6, 1))

        assert f.db_snapshot() == before

    def test_rows_keep_history_and_are_never_deleted(self, episode, user):
        pre = start(episode, user, D(2026, 6, 1))

        assert HistoryRow.objects.filter(
            table_name="plans_preproceedings", row_id=str(pre.pk), operation="INSERT"
        ).exists()
        with pytest.raises(IntegrityError), transaction.atomic():
            PreProceedings.objects.filter(pk=pre.pk).delete()
        assert PreProceedings.objects.filter(pk=pre.pk).exists()
