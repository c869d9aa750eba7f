"""Each measure of the inspection lens as a CSV file (issue 5): the same figures as the page,
counts only, a proper file name, and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import datetime
import io
from typing import ClassVar

import pytest
from django.urls import reverse

from haven.core.models import AuditEvent
from haven.core.tests import factories as f
from haven.inspection import views
from haven.inspection.measures import registry
from haven.inspection.measures.base import (
    EnglandFigure,
    Figure,
    Measure,
    MeasureResult,
    MonthPoint,
    Period,
)

pytestmark = pytest.mark.django_db

D = datetime.date
SLUG = "re-referrals-within-12-months"
URL = reverse("inspection:csv", kwargs={"measure": SLUG})
MARCH_APRIL = {"from": "2026-03-01", "to": "2026-04-30"}


def rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.fixture
def borough():
    staff = f.staff_user()
    children = [f.ChildFactory(first_name=name) for name in ("Amy", "Ben")]
    # Amy: referred in March and again in April (a re-referral); Ben: once in April.
    f.open_episode(children[0], staff, D(2026, 3, 2), referral_nfa=True)
    f.open_episode(children[0], staff, D(2026, 4, 1), referral_nfa=True)
    f.open_episode(children[1], staff, D(2026, 4, 2), referral_nfa=True)
    return children


@pytest.fixture
def analyst(client):
    user = f.staff_user(role="PERFORMANCE_ANALYST", team=None)
    f.signed_in(client, user)
    return user


class TestTheFile:
    def test_a_named_csv_with_the_monthly_total_and_breakdown_rows(self, client, analyst, borough):
        response = client.get(URL, MARCH_APRIL)

        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        filename = "haven-re-referrals-within-12-months-2026-03-01-to-2026-04-30.csv"
        assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
        table = rows(response)
        assert table[0] == list(views.CSV_HEADER)
        by_section = [(r[0], r[1], r[3], r[4], r[5]) for r in table[4:]]
        # March: Amy's first referral (0 of 1). April: Amy again (a re-referral) and Ben (1 of 2).
        assert by_section == [
            ("Month", "2026-03", "0", "1", "0.0"),
            ("Month", "2026-04", "1", "2", "50.0"),
            ("Period total", "re-referred", "1", "3", "33.3"),
            ("Breakdown", "not-re-referred", "2", "3", "66.7"),
            ("Breakdown", "all", "3", "", "3.0"),
            ("England", "", "", "", "22.6"),
        ]
        assert table[1][:3] == ["Measure", SLUG, "Re-referrals within 12 months"]

    def test_no_child_level_data(self, client, analyst, borough):
        content = client.get(URL, MARCH_APRIL).content.decode()

        for child in borough:
            assert child.first_name not in content
            assert child.la_child_id not in content

    def test_the_same_figures_as_the_page(self, client, analyst, borough):
        page = client.get(reverse("inspection:lens"), MARCH_APRIL)
        card = next(c for s in page.context["sections"] for c in s.cards if c.slug == SLUG)

        table = rows(client.get(card.csv_url))

        total = next(r for r in table if r[0] == "Period total")
        assert f"{total[3]} of {total[4]}" == card.headline_detail
        assert f"{float(total[5]):g}%" == card.headline_value
        breakdown = {r[2]: r[3] for r in table if r[0] == "Breakdown"}
        assert {row.label: row.number for row in card.rows[1:]} == breakdown
        months = [(r[2], r[3], r[4]) for r in table if r[0] == "Month"]
        assert months == [(m.label, m.numerator, m.denominator) for m in card.months]

    @pytest.mark.parametrize("measure", registry.MEASURES, ids=lambda m: m.slug)
    def test_every_measure_downloads(self, client, analyst, measure):
        url = reverse("inspection:csv", kwargs={"measure": measure.slug})

        response = client.get(url, MARCH_APRIL)

        assert response.status_code == 200
        months = [r for r in rows(response) if r[0] == "Month"]
        assert [r[1] for r in months] == ["2026-03", "2026-04"]

    def test_the_download_is_audited(self, client, analyst, borough):
        client.get(URL, MARCH_APRIL)

        event = AuditEvent.objects.get(actor=analyst, action="EXPORT")
        assert (event.object_type, event.object_id) == ("inspection.measure", SLUG)
        assert event.child_id is None


class TestRefusals:
    def test_a_social_worker_is_refused(self, client):
        user = f.staff_user(role="SOCIAL_WORKER")

        assert f.signed_in(client, user).get(URL, MARCH_APRIL).status_code == 403
        assert not AuditEvent.objects.filter(actor=user, action="EXPORT").exists()

    def test_signed_out_goes_to_sign_in(self, client):
        assert f.redirects_to_sign_in(client.get(URL, MARCH_APRIL))

    def test_an_unknown_measure(self, client, analyst):
        url = reverse("inspection:csv", kwargs={"measure": "no-such-measure"})

        assert client.get(url, MARCH_APRIL).status_code == 404

    def test_bad_dates(self, client, analyst):
        response = client.get(URL, {"from": "2026-04-30", "to": "2026-03-01"})

        assert response.status_code == 400
        assert "There is a problem" in response.content.decode()
        assert not AuditEvent.objects.filter(actor=analyst, action="EXPORT").exists()


class TestFormulaInjection:
    @pytest.mark.parametrize(
        ("cell", "safe"),
        [
            ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
            ("+1", "'+1"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tTab", "'\tTab"),
            ("Re-referrals", "Re-referrals"),
            (-1, -1),
            (12.5, 12.5),
            (None, ""),
        ],
    )
    def test_text_that_a_spreadsheet_would_run_is_quoted(self, cell, safe):
        assert views.safe_cell(cell) == safe

    def test_every_text_cell_of_a_measure_is_guarded(self):
        class Hostile(Measure):
            slug = "hostile"
            title = "=cmd|' /C calc'!A0"
            definition = "@definition."
            group = "Test"
            england: ClassVar[EnglandFigure | None] = EnglandFigure(1.0, "+1", "-source")

            def result(self, period, *, today):
                return MeasureResult(
                    headline=Figure("k", "=label", 1.0, "count", 1, None),
                    monthly=(MonthPoint(D(2026, 3, 1), 1.0, 1, None),),
                )

            def rows(self, period, *, today, key):
                return []

        measure = Hostile()
        period = Period(D(2026, 3, 1), D(2026, 3, 31))

        table = views.csv_rows(measure, measure.result(period, today=D(2026, 4, 1)), period)

        text_cells = [cell for row in table for cell in row if isinstance(cell, str) and cell]
        assert "'=cmd|' /C calc'!A0" in text_cells
        assert "'=label" in text_cells
        assert "'@definition." in text_cells
        assert all(not cell.startswith(views.FORMULA_STARTS) for cell in text_cells)
