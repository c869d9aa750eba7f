import datetime

import pytest
from django.urls import reverse

from haven.core.tests import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date
URL = reverse("casework:team")


@pytest.fixture
def team():
    return f.TeamFactory(name="Child Protection North")


@pytest.fixture
def manager(team):
    manager = f.WorkerFactory(team=team, role="TEAM_MANAGER", full_name="Mia Manager")
    team.manager = manager
    team.save()
    return manager


class TestTeamView:
    def test_signed_out_goes_to_sign_in(self, client):
        assert f.redirects_to_sign_in(client.get(URL))

    def test_a_user_who_is_not_staff_is_forbidden(self, client):
        assert f.signed_in(client, f.non_staff_user()).get(URL).status_code == 403

    def test_shows_each_workers_caseload_and_overdue_work(self, client, team, manager):
        ann = f.WorkerFactory(team=team, full_name="Ann Archer")
        f.WorkerFactory(team=team, full_name="Bob Brown")
        late = f.ChildFactory(first_name="Sam", last_name="Taylor")
        on_time = f.ChildFactory()
        for child in (late, on_time):
            f.allocate(child, manager.user, ann, D(2026, 1, 5))
        f.open_episode(late, manager.user, D(2026, 1, 5))  # assessment due 9 March

        response = f.signed_in(client, manager.user).get(URL)

        html = " ".join(response.content.decode().split())
        assert response.status_code == 200
        assert f.page_heading(response) == "Child Protection North"
        assert "3 workers, 2 children allocated, 1 overdue item." in html
        assert (
            'Ann Archer</a></th> <td class="govuk-table__cell govuk-table__cell--numeric">'
            '1.00</td> <td class="govuk-table__cell govuk-table__cell--numeric">2</td>'
        ) in html
        assert (
            'Bob Brown</a></th> <td class="govuk-table__cell govuk-table__cell--numeric">'
            '1.00</td> <td class="govuk-table__cell govuk-table__cell--numeric">0</td>'
        ) in html
        assert "Sam Taylor</a>: Complete the assessment" in html
        assert "Overdue by" in html

    def test_a_social_worker_is_forbidden(self, client, team):
        assert f.signed_in(client, f.WorkerFactory(team=team).user).get(URL).status_code == 403

    def test_a_manager_without_a_team_sees_an_empty_page(self, client):
        response = f.signed_in(client, f.WorkerFactory(team=None, role="TEAM_MANAGER").user).get(
            URL
        )

        assert response.status_code == 200
        assert "You do not manage a team with allocated workers." in response.content.decode()
