"""My work: the deadlines each allocated child shows, their order, and a fixed query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from haven.casework import selectors
from haven.casework import services as casework_services
from haven.core.tests import factories as f
from haven.meetings import services as meeting_services
from haven.statutory.calendar import add_months, build_calendar

pytestmark = pytest.mark.django_db

D = datetime.date
AS_OF = D(2026, 4, 10)
CALENDAR = build_calendar()


@pytest.fixture
def user():
    return f.staff_user()


@pytest.fixture
def worker():
    return f.WorkerFactory()


def allocated_child(user, worker, **fields):
    child = f.ChildFactory(**fields)
    f.allocate(child, user, worker, D(2026, 3, 2))
    return child


def due(rows, child):
    """{code: due date} for the child's row."""
    row = next(r for r in rows if r.child.pk == child.pk)
    return {d.code: d.due_date for d in row.deadlines}


class TestMyWorkDeadlines:
    def test_a_new_referral_shows_the_assessment_due_45_working_days_later(self, user, worker):
        child = allocated_child(user, worker)
        f.open_episode(child, user, D(2026, 3, 2))

        rows = selectors.my_work(worker=worker, as_of=AS_OF)

        assert due(rows, child) == {"ASSESSMENT_COMPLETION": D(2026, 5, 7)}
        assert rows[0].status == "Open since referral on 2 March 2026"

    def test_an_open_assessment_shows_its_stored_due_date(self, user, worker):
        child = allocated_child(user, worker)
        episode = f.open_episode(child, user, D(2026, 3, 2))
        first = f.start_assessment(episode, user, D(2026, 3, 3))
        f.authorise_assessment(first, user, D(2026, 3, 5), outcome="CONTINUE")
        second = f.start_assessment(episode, user, D(2026, 3, 9))

        rows = selectors.my_work(worker=worker, as_of=AS_OF)

        assert due(rows, child) == {"ASSESSMENT_COMPLETION": second.due_date}
        assert second.due_date == CALENDAR.add_working_days(D(2026, 3, 9), 45)
        assert rows[0].status == "Assessment in progress"

    def test_a_section_47_shows_the_icpc_due_15_working_days_after_the_discussion(
        self, user, worker
    ):
        child = allocated_child(user, worker)
        episode = f.open_episode(child, user, D(2026, 3, 2))
        f.start_section_47(episode, user, D(2026, 3, 3))

        rows = selectors.my_work(worker=worker, as_of=AS_OF)

        assert due(rows, child)["ICPC"] == D(2026, 3, 24)
        assert rows[0].status == "Section 47 enquiry: conference due"

    def test_a_new_protection_plan_shows_core_group_review_and_visit(self, user, worker):
        child = allocated_child(user, worker)
        f.cp_plan(child, user, D(2026, 3, 2), strategy_on=D(2026, 3, 3), icpc_on=D(2026, 3, 17))

        rows = selectors.my_work(worker=worker, as_of=AS_OF)

        assert due(rows, child) == {
            "FIRST_CORE_GROUP": D(2026, 3, 31),  # ICPC + 10 working days
            "FIRST_REVIEW_CONFERENCE": D(2026, 6, 17),  # ICPC + 3 months
            "CP_VISIT": D(2026, 3, 31),  # plan start + 10 working days
        }
        assert rows[0].status == "Child protection plan since 17 March 2026"

    def test_the_protection_visit_is_due_from_the_last_visit(self, user, worker):
        child = allocated_child(user, worker)
        plan = f.cp_plan(
            child, user, D(2026, 3, 2), strategy_on=D(2026, 3, 3), icpc_on=D(2026, 3, 17)
        )
        f.core_group(plan, user, D(2026, 3, 26))
        f.review(plan, user, D(2026, 6, 10))
        casework_services.visit_record(
            acting_user=user,
            child=child,
            visit_date=D(2026, 4, 1),
            child_seen=True,
            seen_alone=True,
            bedroom_seen=True,
        )

        rows = selectors.my_work(worker=worker, as_of=AS_OF)

        assert due(rows, child) == {
            "CP_VISIT": D(2026, 4, 17),  # 1 April + 10 WD, past Good Friday and Easter Monday
            "CORE_GROUP_FREQUENCY": CALENDAR.add_working_days(D(2026, 3, 26), 20),
            "LATER_REVIEW_CONFERENCE": D(2026, 12, 10),  # last review + 6 months
        }

    def test_a_child_in_need_outcome_asks_for_the_plan_to_start(self, user, worker):
        child = allocated_child(user, worker)
        episode = f.open_episode(child, user, D(2026, 3, 2))
        assessment = f.start_assessment(episode, user, D(2026, 3, 3))
        f.authorise_assessment(assessment, user, D(2026, 4, 1), outcome="CHILD_IN_NEED_PLAN")

        rows = selectors.my_work(worker=worker, as_of=AS_OF)

        assert due(rows, child) == {"CIN_PLAN_START": D(2026, 4, 17)}

    def test_once_the_plan_starts_a_child_in_need_visit_is_due(self, user, worker):
        child = allocated_child(user, worker)
        episode = f.open_episode(child, user, D(2026, 3, 2))
        assessment = f.start_assessment(episode, user, D(2026, 3, 3))
        f.authorise_assessment(assessment, user, D(2026, 4, 1), outcome="CHILD_IN_NEED_PLAN")
        f.cin_plan(episode, user, D(2026, 4, 8))

        rows = selectors.my_work(worker=worker, as_of=AS_OF)

        assert due(rows, child) == {
            "CIN_VISIT": CALENDAR.add_working_days(D(2026, 4, 8), 20),
            "CIN_PLAN_REVIEW": add_months(D(2026, 4, 8), 3),
        }
        assert rows[0].status == "Child in need plan since 8 April 2026"

    def test_a_closed_or_nfa_case_shows_nothing_due(self, user, worker):
        nfa = allocated_child(user, worker)
        f.open_episode(nfa, user, D(2026, 3, 2), referral_nfa=True)
        never_referred = allocated_child(user, worker)

        rows = selectors.my_work(worker=worker, as_of=AS_OF)

        assert due(rows, nfa) == {}
        assert due(rows, never_referred) == {}
        assert {r.status for r in rows} == {"No open episode"}

    def test_only_the_workers_current_children_are_listed(self, user, worker):
        mine = allocated_child(user, worker)
        moved_on = allocated_child(user, worker)
        f.allocate(moved_on, user, f.WorkerFactory(), D(2026, 4, 1), change_reason="MANAGE")
        f.ChildFactory()

        rows = selectors.my_work(worker=worker, as_of=AS_OF)

        assert [r.child for r in rows] == [mine]


class TestMyWorkOrder:
    def test_overdue_first_most_overdue_first_then_soonest_due(self, user, worker):
        on_track = allocated_child(user, worker, last_name="Adams")
        f.open_episode(on_track, user, D(2026, 3, 30))
        nothing_due = allocated_child(user, worker, last_name="Baker")
        a_little_late = allocated_child(user, worker, last_name="Clark")
        f.start_section_47(f.open_episode(a_little_late, user, D(2026, 3, 9)), user, D(2026, 3, 10))
        very_late = allocated_child(user, worker, last_name="Dunn")
        f.start_section_47(f.open_episode(very_late, user, D(2026, 2, 23)), user, D(2026, 2, 24))
        due_sooner = allocated_child(user, worker, last_name="Evans")
        f.open_episode(due_sooner, user, D(2026, 3, 4))

        rows = selectors.my_work(worker=worker, as_of=AS_OF)

        assert [r.child for r in rows] == [
            very_late,
            a_little_late,
            due_sooner,
            on_track,
            nothing_due,
        ]
        late = rows[0].overdue
        assert [d.code for d in late] == ["ICPC"]
        assert late[0].due_date == D(2026, 3, 17)
        assert late[0].days_overdue == CALENDAR.working_days_between(D(2026, 3, 17), AS_OF)
        assert rows[2].deadlines[0].status == "on_track"

    def test_a_deadline_within_5_working_days_is_due_soon(self, user, worker):
        child = allocated_child(user, worker)
        f.start_section_47(f.open_episode(child, user, D(2026, 3, 23)), user, D(2026, 3, 24))

        [row] = selectors.my_work(worker=worker, as_of=D(2026, 4, 14))

        assert row.deadlines[0].due_date == D(2026, 4, 16)
        assert row.deadlines[0].status == "due_soon"


def build_caseload(user, worker, n):
    """n allocated children in a spread of states (new, assessment, s47, CP plan, CIN)."""
    for i in range(n):
        child = allocated_child(user, worker)
        state = i % 5
        if state == 4:
            f.cp_plan(child, user, D(2026, 3, 2), strategy_on=D(2026, 3, 3), icpc_on=D(2026, 3, 17))
            casework_services.visit_record(
                acting_user=user,
                child=child,
                visit_date=D(2026, 3, 20),
                child_seen=True,
                seen_alone=False,
                bedroom_seen=True,
            )
            continue
        episode = f.open_episode(child, user, D(2026, 3, 2))
        if state == 1:
            f.start_assessment(episode, user, D(2026, 3, 3))
        elif state == 2:
            meeting_services.strategy_discussion_record(
                acting_user=user,
                episode=episode,
                held_on=D(2026, 3, 3),
                child_participation="NOT_INVITED",
                starts_section_47=True,
                attendance={},
            )
        elif state == 3:
            assessment = f.start_assessment(episode, user, D(2026, 3, 3))
            f.authorise_assessment(assessment, user, D(2026, 3, 20))
            f.cin_plan(episode, user, D(2026, 3, 25))


def queries_for(call):
    call()  # warm any per-process caches first
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


class TestMyWorkQueries:
    def test_the_number_of_queries_does_not_grow_with_the_caseload(self, user, worker):
        build_caseload(user, worker, 3)
        small = queries_for(lambda: selectors.my_work(worker=worker, as_of=AS_OF))

        build_caseload(user, worker, 9)
        assert len(selectors.my_work(worker=worker, as_of=AS_OF)) == 12
        large = queries_for(lambda: selectors.my_work(worker=worker, as_of=AS_OF))

        assert large == small
