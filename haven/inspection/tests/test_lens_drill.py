"""The drill-down from a figure of the inspection lens to the children behind it (issue 5):
only the children the viewer may see, a count of the others, one audit row per child shown."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from haven.core.models import AuditEvent
from haven.core.tests import factories as f
from haven.inspection import views

pytestmark = pytest.mark.django_db

D = datetime.date
SLUG = "re-referrals-within-12-months"
URL = reverse("inspection:drill", kwargs={"measure": SLUG})
MARCH_APRIL = {"from": "2026-03-01", "to": "2026-04-30"}


def listed(user) -> list[int]:
    """The children an audit row says `user` saw on the drill-down."""
    return sorted(
        AuditEvent.objects.filter(
            actor=user, action="VIEW", detail="inspection lens drill-down"
        ).values_list("child_id", flat=True)
    )


@pytest.fixture
def borough():
    """Two teams under their managers; the North team manager reports to the service
    manager. Nora (North) and Sid (South) were each referred twice in March and April (so
    both are re-referrals once)."""
    setup = f.staff_user(full_name="Setup Duty Worker")
    north, south = f.TeamFactory(name="North"), f.TeamFactory(name="South")
    service_manager = f.WorkerFactory(role="SERVICE_MANAGER", team=None)
    tm_north = f.WorkerFactory(role="TEAM_MANAGER", team=north, line_manager=service_manager)
    tm_south = f.WorkerFactory(role="TEAM_MANAGER", team=south)
    north.manager, south.manager = tm_north, tm_south
    north.save()
    south.save()
    sw_north = f.WorkerFactory(role="SOCIAL_WORKER", team=north, line_manager=tm_north)
    sw_south = f.WorkerFactory(role="SOCIAL_WORKER", team=south, line_manager=tm_south)
    nora = f.ChildFactory(first_name="Nora", last_name="North", la_child_id="N0000001")
    sid = f.ChildFactory(first_name="Sid", last_name="South", la_child_id="S0000001")
    f.allocate(nora, setup, sw_north, D(2026, 1, 5))
    f.allocate(sid, setup, sw_south, D(2026, 1, 5))
    for child in (nora, sid):
        f.open_episode(child, setup, D(2026, 3, 2), referral_nfa=True)
        f.open_episode(child, setup, D(2026, 4, 1), referral_nfa=True)
    return {
        "service_manager": service_manager.user,
        "social_worker": sw_north.user,
        "nora": nora,
        "sid": sid,
    }


def names(response) -> list[str]:
    return [line.child.first_name for line in response.context["lines"]]


class TestWhoSeesWhichChildren:
    def test_a_service_manager_sees_their_teams_children_and_a_count_of_the_others(
        self, client, borough
    ):
        manager = borough["service_manager"]

        response = f.signed_in(client, manager).get(URL, {"key": "all", **MARCH_APRIL})

        assert response.status_code == 200
        assert f.page_heading(response) == "Referrals"
        # Nora's two referrals, not Sid's.
        assert names(response) == ["Nora", "Nora"]
        html = response.content.decode()
        assert "Sid" not in html
        assert "S0000001" not in html
        assert "N0000001" in html
        assert reverse("people:child_chronology", kwargs={"pk": borough["nora"].pk}) in html
        assert "1 more child is outside your access." in " ".join(html.split())
        drill = response.context["drill"]
        assert (drill.children, drill.hidden_children) == (2, 1)
        # One audit row for the one child shown (not one per row, not for Sid).
        assert listed(manager) == [borough["nora"].pk]

    def test_a_senior_leader_sees_every_child(self, client, borough):
        leader = f.staff_user(role="SENIOR_LEADER", team=None)

        response = f.signed_in(client, leader).get(URL, {"key": "re-referred", **MARCH_APRIL})

        # The April referral of each child is the re-referral.
        assert sorted(names(response)) == ["Nora", "Sid"]
        assert {line.row.on_date for line in response.context["lines"]} == {D(2026, 4, 1)}
        assert "outside your access" not in response.content.decode()
        assert listed(leader) == sorted([borough["nora"].pk, borough["sid"].pk])

    def test_an_analyst_sees_only_the_count(self, client, borough):
        analyst = f.staff_user(role="PERFORMANCE_ANALYST", team=None)

        response = f.signed_in(client, analyst).get(URL, {"key": "all", **MARCH_APRIL})

        assert response.status_code == 200
        html = response.content.decode()
        assert response.context["lines"] == []
        for child in (borough["nora"], borough["sid"]):
            assert child.first_name not in html
            assert child.la_child_id not in html
        assert "Your role does not open children's records, so the 2 children" in " ".join(
            html.replace("&#x27;", "'").split()
        )
        assert listed(analyst) == []

    def test_a_social_worker_is_refused(self, client, borough):
        response = f.signed_in(client, borough["social_worker"]).get(URL, MARCH_APRIL)

        assert response.status_code == 403
        assert listed(borough["social_worker"]) == []

    def test_signed_out_goes_to_sign_in(self, client, borough):
        assert f.redirects_to_sign_in(client.get(URL, MARCH_APRIL))


class TestTheFigure:
    @pytest.fixture
    def leader(self, client, borough):
        return f.signed_in(client, f.staff_user(role="SENIOR_LEADER", team=None))

    def test_without_a_key_the_headline(self, leader):
        response = leader.get(URL, MARCH_APRIL)

        assert response.context["figure"].key == "re-referred"
        assert len(response.context["lines"]) == 2

    def test_the_children_behind_a_figure_with_none(self, leader):
        response = leader.get(
            reverse("inspection:drill", kwargs={"measure": "cp-visits-on-time"}), MARCH_APRIL
        )

        assert response.status_code == 200
        assert "No children are behind this figure." in response.content.decode()

    @pytest.mark.parametrize(
        ("slug", "key"),
        [
            ("no-such-measure", "all"),
            (SLUG, "no-such-key"),
            # A median has no children behind it.
            ("assessments-within-45-working-days", "median-working-days"),
        ],
    )
    def test_an_unknown_measure_or_figure_is_not_found(self, leader, slug, key):
        url = reverse("inspection:drill", kwargs={"measure": slug})

        assert leader.get(url, {"key": key, **MARCH_APRIL}).status_code == 404

    @pytest.mark.parametrize(
        "dates",
        [
            {"from": "2026-04-30", "to": "2026-03-01"},
            {"from": "2026-02-30", "to": "2026-03-31"},
            {"from": "2020-01-01", "to": "2026-03-31"},
        ],
    )
    def test_bad_dates_are_an_error_page(self, leader, borough, dates):
        response = leader.get(URL, {"key": "all", **dates})

        assert response.status_code == 400
        assert "There is a problem" in response.content.decode()
        assert "Nora" not in response.content.decode()

    def test_100_children_to_a_page(self, leader, borough, monkeypatch):
        monkeypatch.setattr(views, "DRILL_PAGE_SIZE", 1)
        user = leader.get(URL, {"key": "re-referred", **MARCH_APRIL}).wsgi_request.user
        first = [
            line.child.pk
            for line in leader.get(URL, {"key": "re-referred", **MARCH_APRIL}).context["lines"]
        ]

        second = leader.get(URL, {"key": "re-referred", "page": "2", **MARCH_APRIL})

        assert len(first) == 1
        assert [line.child.pk for line in second.context["lines"]] != first
        assert 'aria-current="page"' in second.content.decode()
        assert "page=2" in second.content.decode()
        assert set(listed(user)) == {borough["nora"].pk, borough["sid"].pk}


def test_page_links_with_ellipses_when_there_are_many_pages():
    from django.core.paginator import Paginator

    from haven.inspection.measures.base import Period

    view = views.DrillView()
    view.period = Period(D(2026, 3, 1), D(2026, 4, 30))
    page = Paginator(list(range(1000)), 10).get_page(50)

    links = list(view._page_links(page, "all"))

    assert [link.number for link in links] == [1, None, 48, 49, 50, 51, 52, None, 100]
    assert [link.number for link in links if link.current] == [50]
    assert links[-1].url == "?key=all&page=100&from=2026-03-01&to=2026-04-30"
