"""Team: each worker's caseload and overdue work, for the teams a manager oversees."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from haven.casework import selectors
from haven.core.tests import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date
AS_OF = D(2026, 4, 10)


@pytest.fixture
def user():
    return f.staff_user()


@pytest.fixture
def team():
    return f.TeamFactory(name="Child Protection North")


def child_of(worker, user, referral_date=None):
    child = f.ChildFactory()
    f.allocate(child, user, worker, D(2026, 3, 2))
    if referral_date:
        f.open_episode(child, user, referral_date)
    return child


class TestTeamsFor:
    def test_a_manager_oversees_the_teams_they_manage(self, team):
        manager = f.WorkerFactory(role="TEAM_MANAGER", team=f.TeamFactory(name="Managers"))
        team.manager = manager
        team.save()
        other = f.TeamFactory(name="Assessment East", manager=manager)

        assert selectors.teams_for(manager) == [other, team]

    def test_a_worker_who_manages_nobody_sees_their_own_team(self, team):
        worker = f.WorkerFactory(team=team)

        assert selectors.teams_for(worker) == [team]

    def test_a_worker_without_a_team_sees_none(self):
        assert selectors.teams_for(f.WorkerFactory(team=None)) == []


class TestTeamOverview:
    def test_each_current_worker_with_their_caseload_and_overdue_count(self, user, team):
        ann = f.WorkerFactory(team=team, full_name="Ann Archer")
        bob = f.WorkerFactory(team=team, full_name="Bob Brown")
        f.WorkerFactory(team=team, full_name="Cat Left", end_date=D(2026, 1, 31))
        f.WorkerFactory(full_name="Dan Elsewhere")
        child_of(ann, user, D(2026, 3, 30))  # assessment due 3 June: on track
        child_of(ann, user)  # no episode: nothing due
        late = child_of(bob, user, D(2026, 1, 5))  # assessment was due 9 March: overdue

        overview = selectors.team_overview(teams=[team], as_of=AS_OF)

        assert [(w.worker.full_name, w.caseload, w.overdue_count) for w in overview] == [
            ("Bob Brown", 1, 1),  # most overdue first
            ("Ann Archer", 2, 0),
        ]
        bob_row = overview[0]
        assert [r.child for r in bob_row.overdue_rows] == [late]
        assert bob_row.overdue_rows[0].overdue[0].code == "ASSESSMENT_COMPLETION"
        assert overview[1].overdue_rows == []

    def test_a_worker_with_no_children_is_listed_with_none(self, team):
        f.WorkerFactory(team=team, full_name="New Starter")

        [only] = selectors.team_overview(teams=[team], as_of=AS_OF)

        assert only.caseload == 0
        assert only.overdue_count == 0

    def test_the_number_of_queries_does_not_grow_with_the_children(self, user, team):
        workers = [f.WorkerFactory(team=team) for _ in range(3)]

        def add_children(n):
            for i in range(n):
                child_of(workers[i % 3], user, D(2026, 1, 5) if i % 2 else D(2026, 3, 30))

        def run():
            return selectors.team_overview(teams=[team], as_of=AS_OF)

        add_children(3)
        run()
        with CaptureQueriesContext(connection) as small:
            run()
        add_children(9)
        assert sum(w.caseload for w in run()) == 12
        with CaptureQueriesContext(connection) as large:
            run()

        assert len(large) == len(small)
