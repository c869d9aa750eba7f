import datetime

import pytest
from django.db import IntegrityError, transaction

from haven.access.policy import AccessDenied
from haven.core.errors import RuleBroken
from haven.core.tests import factories as f
from haven.meetings import services
from haven.meetings.models import InitialChildProtectionConference, MeetingAttendance
from haven.plans.models import ChildProtectionPlan
from haven.statutory import rules

pytestmark = pytest.mark.django_db

D = datetime.date
SATURDAY = D(2026, 11, 21)


@pytest.fixture
def user():
    return f.staff_user()


@pytest.fixture
def child():
    return f.ChildFactory()


@pytest.fixture
def episode(child, user):
    return f.open_episode(child, user, D(2026, 11, 2))


@pytest.fixture
def enquiry(episode, user):
    return f.start_section_47(episode, user, D(2026, 11, 3))


def record(enquiry, user, held_on=None, **fields):
    fields.setdefault("child_participation", "ATTENDED")
    fields.setdefault("outcome", "CHILD_PROTECTION_PLAN")
    fields.setdefault("category_of_abuse", "NEG")
    fields.setdefault("attendance", {"POLICE": True, "HEALTH": False})
    return services.initial_conference_record(
        acting_user=user, enquiry=enquiry, held_on=held_on or D(2026, 11, 20), **fields
    )


def refused(call):
    before = f.db_snapshot()
    with pytest.raises(RuleBroken) as error:
        call()
    assert f.db_snapshot() == before
    return error.value


class TestInitialConferenceRecord:
    def test_a_plan_decision_starts_the_plan_on_the_conference_day_2885(self, enquiry, child, user):
        conference = record(enquiry, user, D(2026, 11, 20), category_of_abuse="EMO")

        plan = conference.plan
        assert plan.child == child
        assert plan.start_date == conference.held_on == D(2026, 11, 20)
        assert rules.check_cp_plan_start(plan.start_date, conference.held_on) == []
        assert plan.initial_category == plan.latest_category == "EMO"
        assert plan.end_date is None
        assert conference.target_date == enquiry.icpc_target_date
        assert conference.chair == user.worker
        assert f.audited(child, user)

    def test_the_open_enquiry_ends_on_the_conference_day(self, enquiry, user):
        record(enquiry, user, D(2026, 11, 20))

        enquiry.refresh_from_db()
        assert enquiry.end_date == D(2026, 11, 20)
        assert enquiry.outcome == "ICPC"

    def test_attendance_is_stored_per_agency(self, enquiry, user):
        conference = record(enquiry, user, attendance={"POLICE": True, "HEALTH": False})

        rows = MeetingAttendance.objects.filter(initial_conference=conference)
        assert {(r.agency, r.attended) for r in rows} == {("POLICE", True), ("HEALTH", False)}

    def test_an_open_child_in_need_plan_ends_on_the_conference_day(self, episode, enquiry, user):
        cin = f.cin_plan(episode, user, D(2026, 11, 4))

        record(enquiry, user, D(2026, 11, 20))

        cin.refresh_from_db()
        assert cin.end_date == D(2026, 11, 20)

    def test_no_plan_decision_leaves_a_child_in_need_plan_open(self, episode, enquiry, user):
        cin = f.cin_plan(episode, user, D(2026, 11, 4))

        conference = record(enquiry, user, outcome="CHILD_IN_NEED_PLAN", category_of_abuse="")

        cin.refresh_from_db()
        assert cin.end_date is None
        assert not ChildProtectionPlan.objects.filter(initial_conference=conference).exists()

    def test_a_conference_on_a_saturday_is_refused_8875(self, enquiry, user):
        error = refused(lambda: record(enquiry, user, SATURDAY))

        assert error.code == "8875"
        assert error.field == "held_on"
        assert "Saturday 21 November 2026" in error.message

    def test_the_database_refuses_a_weekend_conference(self, episode, enquiry, user):
        with pytest.raises(IntegrityError), transaction.atomic():
            InitialChildProtectionConference.objects.create(
                episode=episode,
                section_47_enquiry=enquiry,
                target_date=enquiry.icpc_target_date,
                held_on=SATURDAY,
                child_participation="ATTENDED",
                outcome="NO_FURTHER_ACTION",
                created_by=user,
            )

        assert not InitialChildProtectionConference.objects.exists()

    def test_a_plan_needs_a_category_of_abuse(self, enquiry, user):
        error = refused(lambda: record(enquiry, user, category_of_abuse=""))

        assert error.field == "category_of_abuse"

    def test_the_database_refuses_a_plan_decision_without_a_category(self, episode, enquiry, user):
        with pytest.raises(IntegrityError), transaction.atomic():
            InitialChildProtectionConference.objects.create(
                episode=episode,
                section_47_enquiry=enquiry,
                target_date=enquiry.icpc_target_date,
                held_on=D(2026, 11, 20),
                child_participation="ATTENDED",
                outcome="CHILD_PROTECTION_PLAN",
                category_of_abuse="",
                created_by=user,
            )

    def test_a_conference_before_the_strategy_discussion_is_refused(self, enquiry, user):
        error = refused(lambda: record(enquiry, user, D(2026, 11, 2)))

        assert error.field == "held_on"

    def test_a_second_conference_for_the_enquiry_is_refused(self, enquiry, user):
        record(enquiry, user, D(2026, 11, 20))

        error = refused(lambda: record(enquiry, user, D(2026, 11, 23)))

        assert "already has" in error.message

    def test_a_non_staff_user_is_refused(self, enquiry):
        outsider = f.non_staff_user()
        before = f.db_snapshot()

        with pytest.raises(AccessDenied):
            record(enquiry, outsider)

        assert f.db_snapshot() == before
