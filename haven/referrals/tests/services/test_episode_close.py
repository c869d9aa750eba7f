import datetime

import pytest

from haven.access.policy import AccessDenied
from haven.assessments import services as assessment_services
from haven.casework import services as casework_services
from haven.core.errors import RuleBroken
from haven.core.tests import factories as f
from haven.plans import services as plan_services
from haven.plans.models import ChildInNeedPlan
from haven.referrals import services

pytestmark = pytest.mark.django_db

D = datetime.date
REFERRAL = D(2026, 3, 2)
CLOSURE = D(2026, 6, 1)


def close(episode, user, closure_date=CLOSURE, closure_reason="RC7"):
    return services.episode_close(
        acting_user=user,
        episode=episode,
        closure_date=closure_date,
        closure_reason=closure_reason,
    )


@pytest.fixture
def user():
    return f.staff_user()


@pytest.fixture
def child():
    return f.ChildFactory()


@pytest.fixture
def episode(child, user):
    return f.open_episode(child, user, REFERRAL)


def refused(call):
    """Run `call`, expecting a refusal that writes nothing; return the RuleBroken."""
    before = f.db_snapshot()
    with pytest.raises(RuleBroken) as error:
        call()
    assert f.db_snapshot() == before
    return error.value


class TestEpisodeClose:
    def test_closes_the_episode_with_its_date_and_reason(self, episode, child, user):
        close(episode, user, D(2026, 6, 1), "RC7")

        episode.refresh_from_db()
        assert episode.closure_date == D(2026, 6, 1)
        assert episode.closure_reason == "RC7"
        assert not episode.is_open
        assert f.audited(child, user, "UPDATE")

    def test_a_closure_date_without_a_reason_is_refused_8805(self, episode, user):
        error = refused(lambda: close(episode, user, D(2026, 6, 1), ""))

        assert error.code == "8805"
        assert "8805" in error.message

    def test_a_reason_without_a_closure_date_is_refused_8810(self, episode, user):
        error = refused(lambda: close(episode, user, None, "RC7"))

        assert error.code == "8810"
        assert "8810" in error.message

    def test_closing_before_the_referral_is_refused(self, episode, user):
        error = refused(lambda: close(episode, user, D(2026, 3, 1)))

        assert error.field == "closure_date"
        assert "2 March 2026" in error.message

    def test_closing_twice_is_refused(self, episode, user):
        close(episode, user, D(2026, 6, 1))

        error = refused(lambda: close(episode, user, D(2026, 7, 1)))

        assert "already closed" in error.message

    def test_closing_before_the_last_activity_is_refused_8565(self, episode, user):
        assessment = f.start_assessment(episode, user, D(2026, 3, 10))
        f.authorise_assessment(assessment, user, D(2026, 4, 20), outcome="CLOSE")

        error = refused(lambda: close(episode, user, D(2026, 4, 1)))

        assert error.code == "8565"
        assert "20 April 2026" in error.message

    def test_closing_before_a_child_in_need_plan_ended_is_refused_8565(self, episode, user):
        plan = f.cin_plan(episode, user, D(2026, 3, 10))
        plan_services.cin_plan_end(acting_user=user, plan=plan, end_date=D(2026, 5, 1))

        error = refused(lambda: close(episode, user, D(2026, 4, 1)))

        assert error.code == "8565"
        assert "1 May 2026" in error.message

    def test_closing_on_the_day_of_the_last_activity_is_allowed(self, episode, user):
        assessment = f.start_assessment(episode, user, D(2026, 3, 10))
        f.authorise_assessment(assessment, user, D(2026, 4, 20), outcome="CLOSE")

        close(episode, user, D(2026, 4, 20), "RC8")

        episode.refresh_from_db()
        assert episode.closure_date == D(2026, 4, 20)

    def test_closing_with_an_assessment_in_progress_is_refused(self, episode, user):
        f.start_assessment(episode, user, D(2026, 3, 10))

        error = refused(lambda: close(episode, user))

        assert "assessment" in error.message

    def test_closing_with_a_section_47_enquiry_in_progress_is_refused(self, episode, user):
        f.start_section_47(episode, user, D(2026, 3, 3))

        error = refused(lambda: close(episode, user))

        assert "section 47" in error.message

    def test_closing_while_the_child_is_on_a_protection_plan_is_refused(self, child, user):
        plan = f.cp_plan(child, user, REFERRAL)

        error = refused(lambda: close(plan.episode, user))

        assert "child protection plan" in error.message

    def test_an_open_child_in_need_plan_ends_on_the_closure_date(self, episode, child, user):
        plan = f.cin_plan(episode, user, D(2026, 3, 10))

        close(episode, user, D(2026, 6, 1))

        plan.refresh_from_db()
        assert plan.end_date == D(2026, 6, 1)
        assert ChildInNeedPlan.objects.filter(child=child, end_date__isnull=True).count() == 0

    def test_no_activity_can_be_dated_after_closure_8565(self, episode, child, user):
        close(episode, user, D(2026, 6, 1))

        error = refused(
            lambda: casework_services.visit_record(
                acting_user=user,
                child=child,
                visit_date=D(2026, 6, 10),
                child_seen=True,
                seen_alone=False,
                bedroom_seen=False,
            )
        )
        assert error.code == "8565"
        assert "1 June 2026" in error.message

        error = refused(
            lambda: assessment_services.assessment_start(
                acting_user=user, episode=episode, start_date=D(2026, 6, 2)
            )
        )
        assert error.code == "8565"

    def test_a_late_entry_dated_within_the_episode_is_allowed(self, episode, child, user):
        close(episode, user, D(2026, 6, 1))

        visit = casework_services.visit_record(
            acting_user=user,
            child=child,
            visit_date=D(2026, 5, 20),
            child_seen=True,
            seen_alone=True,
            bedroom_seen=True,
        )

        assert visit.episode == episode

    def test_a_referral_dated_inside_a_closed_episode_is_refused_8816_8820(
        self, episode, child, user
    ):
        close(episode, user, D(2026, 6, 1))

        for referral_date in (D(2026, 4, 1), D(2026, 2, 2)):
            error = refused(lambda d=referral_date: f.open_episode(child, user, d))
            assert "8816/8820" in error.message

    def test_a_non_staff_user_is_refused(self, episode):
        outsider = f.non_staff_user()
        before = f.db_snapshot()

        with pytest.raises(AccessDenied):
            close(episode, outsider)

        assert f.db_snapshot() == before
