"""The inspection lens page (issue 5): who may open it, the period, every registered measure
with its definition and England figure, the charts and their tables, and a bounded number of
queries whatever the data."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from haven.core.charts import Bars, bar_chart
from haven.core.models import AuditEvent
from haven.core.tests import factories as f
from haven.inspection import periods
from haven.inspection.measures import registry
from haven.inspection.measures.base import Period

pytestmark = pytest.mark.django_db

URL = reverse("inspection:lens")
D = datetime.date


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def lens_views(user) -> int:
    return AuditEvent.objects.filter(actor=user, object_type="inspection.lens").count()


def query(**dates: datetime.date) -> dict[str, str]:
    data: dict[str, str] = {}
    for name, day in dates.items():
        data.update(
            {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}
        )
    return data


@pytest.fixture
def leader():
    return f.staff_user(role="SENIOR_LEADER", team=None)


class TestWhoMayOpenIt:
    @pytest.mark.parametrize("role", ["SENIOR_LEADER", "SERVICE_MANAGER", "PERFORMANCE_ANALYST"])
    def test_those_who_read_performance(self, client, role):
        user = f.staff_user(role=role)

        response = f.signed_in(client, user).get(URL)

        assert response.status_code == 200
        assert f.page_heading(response) == "Inspection lens"
        assert lens_views(user) == 1

    @pytest.mark.parametrize(
        "role", ["SOCIAL_WORKER", "TEAM_MANAGER", "MASH_MANAGER", "AUDITOR", "SYSTEM_ADMIN"]
    )
    def test_everyone_else_is_refused(self, client, role):
        user = f.staff_user(role=role)

        response = f.signed_in(client, user).get(URL)

        assert response.status_code == 403
        assert lens_views(user) == 0

    def test_signed_out_goes_to_sign_in(self, client):
        assert f.redirects_to_sign_in(client.get(URL))

    def test_a_performance_analyst_lands_here_and_a_leader_on_their_work(self, client, leader):
        analyst = f.staff_user(role="PERFORMANCE_ANALYST")
        assert f.signed_in(client, analyst).get("/")["Location"] == URL
        assert f.signed_in(client, leader).get("/")["Location"] == reverse("casework:my_work")

    def test_the_header_menu_leads_there_for_those_who_may_open_it(self, client, leader):
        # A senior leader's home is My work; the menu on every page has the lens.
        home = f.signed_in(client, leader).get("/", follow=True)
        assert f'href="{URL}"' in home.content.decode()
        assert "Inspection lens" in text(home)

    def test_not_in_the_menu_of_a_social_worker(self, client):
        home = f.signed_in(client, f.staff_user(role="SOCIAL_WORKER")).get("/", follow=True)

        assert home.status_code == 200
        assert f'href="{URL}"' not in home.content.decode()


class TestThePeriod:
    def test_by_default_the_last_12_whole_months(self, client, leader):
        today = timezone.localdate()
        expected = periods.last_whole_months(today, 12)

        response = f.signed_in(client, leader).get(URL)

        assert response.context["period"] == expected
        assert expected.start.day == 1
        assert expected.end == today.replace(day=1) - datetime.timedelta(days=1)
        assert f"Figures from {expected.start.day} {expected.start:%B %Y}" in text(response)
        assert f.error_summary(response) == []

    def test_from_and_to_date_inputs(self, client, leader):
        response = f.signed_in(client, leader).get(
            URL, query(**{"from": D(2026, 3, 1), "to": D(2026, 4, 30)})
        )

        assert response.context["period"] == Period(D(2026, 3, 1), D(2026, 4, 30))
        assert "Figures from 1 March 2026 to 30 April 2026" in text(response)
        # Every trend has one bar a month.
        card = response.context["sections"][0].cards[0]
        assert [m.label for m in card.months] == ["March 2026", "April 2026"]

    def test_the_quick_links(self, client, leader):
        today = timezone.localdate()
        response = f.signed_in(client, leader).get(URL)

        links = {link.label: link.period for link in response.context["quick_links"]}
        assert links["Last 12 months"] == periods.last_whole_months(today, 12)
        assert links["Last 6 months"] == periods.last_whole_months(today, 6)
        census = links["This census year"]
        assert (census.start.month, census.start.day, census.end) == (4, 1, today)
        # A quick link's ISO dates give the same period as the date inputs.
        six = periods.last_whole_months(today, 6)
        followed = client.get(f"{URL}?{periods.query_for(six)}")
        assert followed.context["period"] == six

    def test_census_year_starts_on_1_april(self):
        assert periods.census_year(D(2026, 3, 31)) == Period(D(2025, 4, 1), D(2026, 3, 31))
        assert periods.census_year(D(2026, 4, 1)) == Period(D(2026, 4, 1), D(2026, 4, 1))

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (query(**{"from": D(2026, 4, 30), "to": D(2026, 3, 1)}), periods.REVERSED),
            # 1 March 2024 to 1 March 2026 is a day longer than 24 months.
            (query(**{"from": D(2024, 3, 1), "to": D(2026, 3, 1)}), periods.TOO_LONG),
            (
                {"from_0": "31", "from_1": "2", "from_2": "2026", **query(to=D(2026, 3, 31))},
                "From must be a real date",
            ),
            ({"from_0": "1", "from_1": "", "from_2": "2026"}, "From must include a month"),
            ({"from": "not-a-date", "to": "2026-03-31"}, "From must be a real date"),
            ({"from": "2026-03-01"}, "Enter the ‘to’ date"),
            (query(**{"from": D(2026, 3, 1), "to": D(2099, 3, 31)}), "To must be today or in"),
        ],
    )
    def test_a_bad_period_is_explained_never_a_server_error(self, client, leader, data, message):
        response = f.signed_in(client, leader).get(URL, data)

        assert response.status_code == 200
        summary = f.error_summary(response)
        assert any(line.startswith(message) for line in summary), summary
        assert response.context["sections"] == []
        assert "Figures from" not in text(response)
        assert "<title>Error: Inspection lens" in response.content.decode()

    def test_exactly_24_months_is_allowed(self, client, leader):
        response = f.signed_in(client, leader).get(
            URL, query(**{"from": D(2024, 3, 1), "to": D(2026, 2, 28)})
        )

        assert f.error_summary(response) == []
        assert len(response.context["sections"][0].cards[0].months) == 24


class TestTheMeasures:
    def test_every_registered_measure_with_its_definition(self, client, leader):
        response = f.signed_in(client, leader).get(URL)

        html = response.content.decode()
        assert len(registry.MEASURES) >= 7
        for measure in registry.MEASURES:
            assert escape(measure.title) in html, measure.slug
            assert escape(measure.definition) in html, measure.slug
            assert f'id="{measure.slug}"' in html
        shown = [card.slug for s in response.context["sections"] for card in s.cards]
        assert shown == [m.slug for m in registry.MEASURES]

    def test_in_sections_by_group(self, client, leader):
        response = f.signed_in(client, leader).get(URL)

        sections = response.context["sections"]
        assert [s.title for s in sections][:3] == [
            "Front door",
            "Assessment and protection",
            "Visits to children on a plan",
        ]
        assert len({s.id for s in sections}) == len(sections)

    def test_the_england_figure_beside_each_or_no_national_figure(self, client, leader):
        response = f.signed_in(client, leader).get(URL)

        page = text(response)
        assert "22.6% (2024-25)" in page
        assert "about 85.7% (2024-25)" in page
        assert "about 81% (2024-25)" in page
        cards = {c.slug: c for s in response.context["sections"] for c in s.cards}
        for measure in registry.MEASURES:
            expected = measure.england.text if measure.england else ""
            assert cards[measure.slug].england_text == expected
        assert page.count("No national figure") == sum(
            1 for m in registry.MEASURES if m.england is None
        )

    def test_figures_link_to_the_children_behind_them(self, client, leader):
        staff = f.staff_user()
        child = f.ChildFactory()
        f.open_episode(child, staff, D(2026, 3, 2), referral_nfa=True)
        f.open_episode(child, staff, D(2026, 4, 2), referral_nfa=True)

        response = f.signed_in(client, leader).get(URL, {"from": "2026-03-01", "to": "2026-04-30"})

        card = next(
            c
            for s in response.context["sections"]
            for c in s.cards
            if c.slug == "re-referrals-within-12-months"
        )
        assert (card.headline_value, card.headline_detail) == ("50%", "1 of 2")
        drill = reverse("inspection:drill", kwargs={"measure": card.slug})
        assert card.headline_url == f"{drill}?key=re-referred&from=2026-03-01&to=2026-04-30"
        rows = {row.label: row for row in card.rows}
        assert rows["Referrals"].number == "2"
        assert rows["Referrals"].url.endswith("key=all&from=2026-03-01&to=2026-04-30")
        # No child behind a figure: no link.
        empty = next(
            c
            for s in response.context["sections"]
            for c in s.cards
            if c.slug == "assessments-within-45-working-days"
        )
        assert all(row.url == "" for row in empty.rows)
        assert escape(card.headline_url) in response.content.decode()
        csv_url = reverse("inspection:csv", kwargs={"measure": card.slug})
        assert escape(f"{csv_url}?from=2026-03-01&to=2026-04-30") in response.content.decode()

    def test_no_data_is_no_data_not_an_error(self, client, leader):
        response = f.signed_in(client, leader).get(URL)

        assert response.status_code == 200
        cards = [c for s in response.context["sections"] for c in s.cards]
        assert {c.headline_value for c in cards if c.slug in registry.BY_SLUG} >= {"No data"}

    def test_each_chart_is_an_image_with_a_title_a_description_and_a_table(self, client, leader):
        response = f.signed_in(client, leader).get(URL)

        html = response.content.decode()
        for measure in registry.MEASURES:
            assert f'aria-labelledby="chart-{measure.slug}-title chart-{measure.slug}-desc"' in html
            assert f'<title id="chart-{measure.slug}-title">' in html
            assert f'<desc id="chart-{measure.slug}-desc">' in html
        assert html.count('role="img"') == len(registry.MEASURES)
        assert html.count("Monthly figures") >= len(registry.MEASURES)

    def test_links_to_annex_a_and_to_the_census_data_quality_page(self, client, leader):
        response = f.signed_in(client, leader).get(URL)

        html = response.content.decode()
        assert 'href="/inspection/annex-a/"' in html
        assert 'href="/census/"' in html


class TestQueries:
    def count(self, client, user) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"from": "2026-01-01", "to": "2026-06-30"})
        assert response.status_code == 200
        return len(queries)

    def test_the_queries_do_not_grow_with_the_data(self, client, leader):
        f.signed_in(client, leader)
        self.count(client, leader)  # warm: the session and the principal
        empty = self.count(client, leader)

        staff = f.staff_user()
        for n in range(3):
            child = f.ChildFactory()
            plan = f.cp_plan(child, staff, D(2026, 2, 2) + datetime.timedelta(days=7 * n))
            f.review(plan, staff, D(2026, 5, 4) + datetime.timedelta(days=n))
            episode = f.open_episode(f.ChildFactory(), staff, D(2026, 3, 2), referral_nfa=False)
            f.authorise_assessment(
                f.start_assessment(episode, staff), staff, D(2026, 4, 1) + datetime.timedelta(n)
            )
        busy = self.count(client, leader)

        assert busy == empty
        # One or two aggregate queries per measure, and the page's own few.
        assert busy <= 3 * len(registry.MEASURES) + 15


class TestChart:
    def test_percentages_run_from_0_to_100_with_the_england_line(self):
        chart = bar_chart(
            [Bars("Mar", [50.0]), Bars("Apr", [None]), Bars("May", [100.0])],
            legend=["Within 45 working days"],
            top=100,
            value_suffix="%",
            reference=(85.7, "England: 85.7%"),
        )

        assert [g.label for g in chart.gridlines] == ["0%", "20%", "40%", "60%", "80%", "100%"]
        march, april, may = chart.columns
        assert april.segments == []  # no data that month: no bar
        assert float(may.segments[0].height) == pytest.approx(2 * float(march.segments[0].height))
        assert chart.reference is not None
        baseline, top = float(chart.gridlines[0].y), float(chart.gridlines[-1].y)
        assert float(chart.reference.y) == pytest.approx(baseline + 0.857 * (top - baseline))

    def test_a_count_axis_reaches_the_england_line(self):
        chart = bar_chart([Bars("Mar", [4.0])], legend=["Caseload"], reference=(16.0, "England"))

        assert chart.reference is not None
        assert float(chart.gridlines[-1].label) >= 16


def test_the_benchmark_hook_times_each_page(client, leader):
    from haven.inspection.bench import lens_page_timings

    f.signed_in(client, leader)
    timings = lens_page_timings(client, n=2, period=Period(D(2026, 3, 1), D(2026, 4, 30)))

    assert len(timings) == 2
    assert all(ms > 0 for ms in timings)
    assert lens_views(leader) == 2
