import datetime

import pytest

from haven.access.policy import AccessDenied
from haven.core.errors import RuleBroken
from haven.core.tests import factories as f
from haven.meetings import services
from haven.meetings.models import MeetingAttendance, Section47Enquiry
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


def record(episode, user, held_on, starts_section_47=True, attendance=None, **fields):
    fields.setdefault("child_participation", "NOT_INVITED")
    return services.strategy_discussion_record(
        acting_user=user,
        episode=episode,
        held_on=held_on,
        starts_section_47=starts_section_47,
        attendance=attendance if attendance is not None else {"POLICE": True},
        **fields,
    )


class TestStrategyDiscussionRecord:
    def test_a_decision_starts_a_section_47_with_the_icpc_due_in_15_working_days(
        self, episode, child, user
    ):
        discussion = record(episode, user, D(2026, 3, 3), summary="Police and health agreed")

        enquiry = discussion.section_47_enquiry
        assert enquiry.episode == episode
        assert enquiry.start_date == D(2026, 3, 3)
        assert enquiry.icpc_target_date == D(2026, 3, 24)
        assert enquiry.end_date is None
        assert discussion.chair == user.worker
        assert discussion.summary == "Police and health agreed"
        assert f.audited(child, user)

    def test_the_icpc_target_skips_the_easter_bank_holidays(self, episode, user):
        enquiry = record(episode, user, D(2026, 3, 27)).section_47_enquiry

        assert enquiry.icpc_target_date == D(2026, 4, 21)
        assert enquiry.icpc_target_date == build_calendar().add_working_days(D(2026, 3, 27), 15)

    def test_a_discussion_without_a_section_47_starts_nothing(self, episode, user):
        discussion = record(episode, user, D(2026, 3, 3), starts_section_47=False)

        assert not discussion.starts_section_47
        assert not Section47Enquiry.objects.filter(episode=episode).exists()

    def test_attendance_is_stored_per_agency(self, episode, user):
        discussion = record(
            episode,
            user,
            D(2026, 3, 3),
            attendance={"POLICE": True, "HEALTH": False, "EDUCATION": True},
        )

        rows = MeetingAttendance.objects.filter(strategy_discussion=discussion)
        assert {(r.agency, r.attended) for r in rows} == {
            ("POLICE", True),
            ("HEALTH", False),
            ("EDUCATION", True),
        }

    def test_a_second_open_section_47_is_refused_8839(self, episode, user):
        record(episode, user, D(2026, 3, 3))
        before = f.db_snapshot()

        with pytest.raises(RuleBroken) as refused:
            record(episode, user, D(2026, 3, 10))

        assert refused.value.code == "8839"
        assert refused.value.field == "starts_section_47"
        assert f.db_snapshot() == before

    def test_a_further_discussion_without_a_new_enquiry_is_allowed_during_one(self, episode, user):
        record(episode, user, D(2026, 3, 3))

        record(episode, user, D(2026, 3, 10), starts_section_47=False)

        assert episode.strategy_discussions.count() == 2

    def test_a_new_enquiry_can_start_once_the_last_one_is_complete(self, episode, user):
        enquiry = record(episode, user, D(2026, 3, 3)).section_47_enquiry
        services.section_47_complete(
            acting_user=user, enquiry=enquiry, end_date=D(2026, 3, 10), outcome="NOT_SUBSTANTIATED"
        )

        record(episode, user, D(2026, 4, 1))

        assert episode.section_47_enquiries.count() == 2

    def test_a_discussion_before_the_referral_is_refused(self, episode, user):
        before = f.db_snapshot()

        with pytest.raises(RuleBroken) as refused:
            record(episode, user, D(2026, 2, 27))

        assert refused.value.code == "8565"
        assert f.db_snapshot() == before

    def test_a_non_staff_user_is_refused(self, episode):
        outsider = f.non_staff_user()
        before = f.db_snapshot()

        with pytest.raises(AccessDenied):
            record(episode, outsider, D(2026, 3, 3))

        assert f.db_snapshot() == before
