import datetime

import pytest

from haven.access.policy import AccessDenied
from haven.assessments import services as assessment_services
from haven.casework import services as casework_services
from haven.core.errors import RuleBroken
from haven.core.models import ClosureDay
from haven.core.tests import factories as f
from haven.meetings import services as meeting_services
from haven.plans import services as plan_services
from haven.referrals import services
from haven.referrals.models import EpisodeOfNeed
from haven.statutory.calendar import WorkingDayCalendar, build_calendar

pytestmark = pytest.mark.django_db

D = datetime.date
REFERRAL = D(2026, 3, 2)


def record(child, user, referral_date=REFERRAL, **fields):
    fields.setdefault("referral_source", "3A")
    fields.setdefault("primary_need", "N1")
    return services.referral_record(
        acting_user=user, child=child, referral_date=referral_date, **fields
    )


class TestReferralRecord:
    def test_opens_an_episode_with_the_assessment_due_45_working_days_later(self):
        user, child = f.staff_user(), f.ChildFactory()

        episode = record(child, user, D(2026, 3, 2), referral_summary="Bruising seen at school")

        episode.refresh_from_db()
        assert episode.is_open
        assert episode.referral_source == "3A"
        assert episode.primary_need == "N1"
        assert episode.referral_summary == "Bruising seen at school"
        assert episode.created_by == user
        # 2 March 2026 + 45 working days: 9 weeks, plus Good Friday, Easter Monday and the
        # early May bank holiday (3 April, 6 April, 4 May).
        assert episode.assessment_due_date == D(2026, 5, 7)
        assert f.audited(child, user)

    def test_christmas_2026_referral_is_due_on_the_statutory_calendar(self):
        user, child = f.staff_user(), f.ChildFactory()

        episode = record(child, user, D(2026, 12, 24))

        # 25 Dec, 28 Dec (Boxing Day substitute) and 1 Jan 2027 are bank holidays.
        assert episode.assessment_due_date == D(2027, 3, 2)
        assert episode.assessment_due_date == build_calendar().add_working_days(D(2026, 12, 24), 45)
        assert episode.assessment_due_date != WorkingDayCalendar().add_working_days(
            D(2026, 12, 24), 45
        )

    def test_an_authority_closure_day_moves_the_due_date(self):
        user, child = f.staff_user(), f.ChildFactory()
        ClosureDay.objects.create(date=D(2026, 12, 29), reason="Christmas shutdown")

        episode = record(child, user, D(2026, 12, 24))

        assert episode.assessment_due_date == D(2027, 3, 3)

    def test_referral_more_than_40_weeks_before_birth_is_refused_8606(self):
        user = f.staff_user()
        child = f.UnbornChildFactory(expected_date_of_birth=D(2026, 12, 1))
        before = f.db_snapshot()

        with pytest.raises(RuleBroken) as refused:
            record(child, user, D(2026, 12, 1) - datetime.timedelta(days=281))

        assert refused.value.code == "8606"
        assert "8606" in refused.value.message
        assert refused.value.field == "referral_date"
        assert f.db_snapshot() == before

    def test_referral_exactly_40_weeks_before_birth_is_allowed(self):
        user = f.staff_user()
        child = f.UnbornChildFactory(expected_date_of_birth=D(2026, 12, 1))

        episode = record(child, user, D(2026, 12, 1) - datetime.timedelta(days=280))

        assert episode.pk is not None

    def test_primary_need_is_required_unless_nfa_8610(self):
        user, child = f.staff_user(), f.ChildFactory()
        before = f.db_snapshot()

        with pytest.raises(RuleBroken) as refused:
            record(child, user, primary_need="")

        assert refused.value.code == "8610"
        assert refused.value.field == "primary_need"
        assert "8610" in refused.value.message
        assert f.db_snapshot() == before

    def test_a_second_open_episode_is_refused_8815(self):
        user, child = f.staff_user(), f.ChildFactory()
        record(child, user, D(2026, 3, 2))
        before = f.db_snapshot()

        with pytest.raises(RuleBroken) as refused:
            record(child, user, D(2026, 4, 1))

        assert refused.value.code == "8815"
        assert "2 March 2026" in refused.value.message
        assert f.db_snapshot() == before

    def test_nfa_closes_the_episode_on_the_referral_date_with_rc8(self):
        user, child = f.staff_user(), f.ChildFactory()

        episode = record(child, user, D(2026, 3, 2), primary_need="", referral_nfa=True)

        episode.refresh_from_db()
        assert episode.referral_nfa
        assert episode.closure_date == D(2026, 3, 2)
        assert episode.closure_reason == "RC8"
        assert not episode.is_open

    def test_after_nfa_a_new_referral_can_be_recorded(self):
        user, child = f.staff_user(), f.ChildFactory()
        record(child, user, D(2026, 3, 2), primary_need="", referral_nfa=True)

        later = record(child, user, D(2026, 5, 4))

        assert later.is_open
        assert EpisodeOfNeed.objects.filter(child=child).count() == 2

    @pytest.mark.parametrize(
        "activity",
        ["assessment", "strategy discussion", "visit", "child in need plan"],
    )
    def test_no_activity_can_be_recorded_on_an_nfa_referral_8831(self, activity):
        user, child = f.staff_user(), f.ChildFactory()
        episode = record(child, user, D(2026, 3, 2), primary_need="", referral_nfa=True)
        on = D(2026, 3, 2)
        steps = {
            "assessment": lambda: assessment_services.assessment_start(
                acting_user=user, episode=episode, start_date=on
            ),
            "strategy discussion": lambda: meeting_services.strategy_discussion_record(
                acting_user=user,
                episode=episode,
                held_on=on,
                child_participation="ATTENDED",
                starts_section_47=True,
                attendance={},
            ),
            "visit": lambda: casework_services.visit_record(
                acting_user=user,
                child=child,
                visit_date=on,
                child_seen=True,
                seen_alone=True,
                bedroom_seen=True,
            ),
            "child in need plan": lambda: plan_services.cin_plan_start(
                acting_user=user, episode=episode, start_date=on
            ),
        }
        before = f.db_snapshot()

        with pytest.raises(RuleBroken) as refused:
            steps[activity]()

        assert refused.value.code == "8831"
        assert "no further action" in refused.value.message
        assert f.db_snapshot() == before

    def test_a_referral_dated_inside_a_closed_episode_is_refused_by_the_database_8816(self):
        user, child = f.staff_user(), f.ChildFactory()
        episode = record(child, user, D(2026, 3, 2))
        services.episode_close(
            acting_user=user, episode=episode, closure_date=D(2026, 6, 1), closure_reason="RC7"
        )
        before = f.db_snapshot()

        with pytest.raises(RuleBroken) as refused:
            record(child, user, D(2026, 4, 1))

        assert "8816/8820" in refused.value.message
        assert f.db_snapshot() == before

    def test_only_a_child_can_be_referred(self):
        user, adult = f.staff_user(), f.AdultFactory()
        before = f.db_snapshot()

        with pytest.raises(RuleBroken):
            record(adult, user)

        assert f.db_snapshot() == before

    @pytest.mark.parametrize("who", ["no worker", "left", "signed out"])
    def test_a_non_staff_user_is_refused(self, who):
        from django.contrib.auth.models import AnonymousUser

        users = {
            "no worker": f.non_staff_user,
            "left": lambda: f.LeftWorkerFactory().user,
            "signed out": AnonymousUser,
        }
        child = f.ChildFactory()
        user = users[who]()
        before = f.db_snapshot()

        with pytest.raises(AccessDenied):
            record(child, user)

        assert f.db_snapshot() == before
