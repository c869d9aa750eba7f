"""The hub's dashboard (issue 4): each figure against a small set of contacts with known
answers, the period, and who may open the page."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from haven.core.models import AuditEvent
from haven.core.tests import factories as f
from haven.frontdoor import clocks, dashboard
from haven.frontdoor.dashboard_views import INVALID_PERIOD, stacked_chart
from haven.frontdoor.models import Contact, InformationRequest
from haven.frontdoor.tests.factories import (
    ContactFactory,
    ContactPersonFactory,
    InformationRequestFactory,
    local,
)

pytestmark = pytest.mark.django_db

URL = reverse("hub:dashboard")
# A Wednesday after Easter 2026 (Good Friday 3 April and Easter Monday 6 April are bank
# holidays; the clocks went forward on Sunday 29 March).
NOW = local(2026, 4, 15, 12, 0)
MINUTE = datetime.timedelta(minutes=1)
HOUR = datetime.timedelta(hours=1)


def three_months() -> dashboard.Period:
    return dashboard.period_for("3m", now=NOW)


class TestPeriod:
    @pytest.mark.parametrize(
        ("code", "first_day", "buckets"),
        [
            ("4w", datetime.date(2026, 3, 23), 4),  # this week and the 3 before, from Monday
            ("3m", datetime.date(2026, 1, 19), 13),
            ("12m", datetime.date(2025, 5, 1), 12),  # this month and the 11 before
        ],
    )
    def test_whole_weeks_or_months_up_to_now(self, code, first_day, buckets):
        period = dashboard.period_for(code, now=NOW)

        assert period.first_day == first_day
        assert period.start == local(first_day.year, first_day.month, first_day.day, 0, 0)
        assert period.end == NOW
        assert len(dashboard.contacts_over_time(period=period).buckets) == buckets


class TestQueueNow:
    def test_by_rating_with_breaches_and_what_falls_due_in_4_hours(self):
        now = timezone.now()
        ContactFactory(rag="RED", due_at=now - MINUTE)  # a breach
        ContactFactory(rag="RED", due_at=now)  # due this minute: not yet a breach
        ContactFactory(rag="AMBER", due_at=now + 4 * HOUR - MINUTE)
        ContactFactory(rag="AMBER", due_at=now + 4 * HOUR + MINUTE)
        ContactFactory(rag="GREEN", status=Contact.Status.IN_PROGRESS, due_at=now + 48 * HOUR)
        ContactFactory(due_at=now - 3 * HOUR)  # not rated, overdue
        ContactFactory(decided=True, rag="RED", due_at=now - 5 * HOUR)  # decided: not waiting

        queue = dashboard.queue_by_rating(now=now)

        assert [(r.label, r.waiting, r.overdue, r.due_soon) for r in queue.rows] == [
            ("Red", 2, 1, 1),
            ("Amber", 2, 0, 1),
            ("Green", 1, 0, 0),
            ("Not rated", 1, 1, 0),
        ]
        assert (queue.total.waiting, queue.total.overdue, queue.total.due_soon) == (6, 2, 2)

    def test_the_longest_overdue_first_and_never_a_decided_one(self):
        now = timezone.now()
        later = ContactFactory(due_at=now - HOUR)
        first = ContactFactory(due_at=now - 5 * HOUR)
        ContactFactory(due_at=now + HOUR)
        ContactFactory(decided=True, due_at=now - 9 * HOUR)

        assert dashboard.overdue_contacts(now=now) == [first, later]

    def test_open_requests_to_partner_agencies_by_agency(self):
        now = timezone.now()
        asked = now - 30 * HOUR
        InformationRequestFactory(agency="POLICE", requested_at=asked, due_at=now - MINUTE)
        InformationRequestFactory(agency="POLICE", requested_at=asked, due_at=now + HOUR)
        InformationRequestFactory(agency="HEALTH", requested_at=asked, due_at=now - HOUR)
        InformationRequestFactory(
            agency="HEALTH",
            requested_at=asked,
            due_at=now - HOUR,
            status=InformationRequest.Status.ANSWERED,
            answer="Known to the health visitor.",
            answered_at=now - 2 * HOUR,
            answered_by=f.UserFactory(),
        )
        InformationRequestFactory(
            agency="EDUCATION",
            requested_at=asked,
            due_at=now - HOUR,
            status=InformationRequest.Status.WITHDRAWN,
        )

        rows = {r.agency: (r.open, r.overdue) for r in dashboard.requests_by_agency(now=now)}

        assert rows == {
            "POLICE": (2, 1),
            "HEALTH": (1, 1),
            "EDUCATION": (0, 0),
            "PROBATION": (0, 0),
            "HOUSING": (0, 0),
        }


class TestTimeliness:
    def test_a_decision_at_the_due_time_is_on_time_and_a_minute_later_is_a_breach(self):
        due = local(2026, 3, 10, 14, 0)
        received = due - 4 * HOUR
        ContactFactory(rag="RED", received_at=received, due_at=due, decided=True, decided_at=due)
        ContactFactory(
            rag="RED", received_at=received, due_at=due, decided=True, decided_at=due + MINUTE
        )

        figures = dashboard.timeliness(period=three_months())

        assert (figures.decided, figures.late, figures.late_percent) == (2, 1, 50.0)

    @pytest.mark.parametrize(
        ("received", "decided", "within"),
        [
            # Thursday before Easter: Good Friday and Easter Monday are not working days, so
            # the working day runs to 16:00 on Tuesday 7 April.
            (local(2026, 4, 2, 16, 0), local(2026, 4, 7, 16, 0), True),
            (local(2026, 4, 2, 16, 0), local(2026, 4, 7, 16, 1), False),
            (local(2026, 4, 2, 16, 0), local(2026, 4, 6, 9, 0), True),  # on the bank holiday
            # Friday: due on Monday at the same time of day, across the clocks going forward.
            (local(2026, 3, 27, 10, 0), local(2026, 3, 30, 10, 0), True),
            (local(2026, 3, 27, 10, 0), local(2026, 3, 30, 10, 1), False),
            # Saturday before the clocks go forward: due on Monday, in summer time.
            (local(2026, 3, 28, 23, 30), local(2026, 3, 30, 23, 30), True),
            (local(2026, 3, 28, 23, 30), local(2026, 3, 30, 23, 31), False),
            # On the Sunday the clocks go forward, before and after 1am.
            (local(2026, 3, 29, 0, 30), local(2026, 3, 30, 0, 30), True),
            (local(2026, 3, 29, 0, 30), local(2026, 3, 30, 0, 31), False),
            (local(2026, 3, 29, 14, 0), local(2026, 3, 30, 14, 0), True),
            (local(2026, 3, 29, 14, 0), local(2026, 3, 30, 14, 1), False),
            # Saturday: the first working day after it is Monday.
            (local(2026, 3, 14, 11, 0), local(2026, 3, 16, 11, 0), True),
            (local(2026, 3, 14, 11, 0), local(2026, 3, 17, 9, 0), False),
            # An ordinary Tuesday.
            (local(2026, 2, 10, 9, 30), local(2026, 2, 11, 9, 30), True),
            (local(2026, 2, 10, 9, 30), local(2026, 2, 11, 9, 31), False),
        ],
    )
    def test_decided_within_1_working_day_of_receipt(self, received, decided, within):
        ContactFactory(
            received_at=received, due_at=received + HOUR, decided=True, decided_at=decided
        )

        figures = dashboard.timeliness(period=three_months())

        # The same answer as the hub's own clock for an unrated contact gives.
        assert (decided <= clocks.decision_due(received)) is within
        assert figures.decided == 1
        assert figures.within_working_day == int(within)
        assert figures.within_working_day_percent == (100.0 if within else 0.0)

    def test_a_closure_day_of_the_authority_is_not_a_working_day(self):
        from haven.core.models import ClosureDay

        ClosureDay.objects.create(date=datetime.date(2026, 2, 11), reason="Office move")
        received = local(2026, 2, 10, 9, 30)
        ContactFactory(received_at=received, decided=True, decided_at=local(2026, 2, 12, 9, 0))

        assert dashboard.timeliness(period=three_months()).within_working_day == 1

    def test_only_contacts_received_in_the_period_count(self):
        period = three_months()
        ContactFactory(received_at=period.start - MINUTE, decided=True)  # before it
        ContactFactory(received_at=period.start, decided=True)
        ContactFactory(received_at=local(2026, 4, 14, 9, 0))  # still waiting

        figures = dashboard.timeliness(period=period)

        assert (figures.received, figures.decided, figures.waiting) == (2, 1, 1)

    def test_no_decisions_gives_no_percentages(self):
        figures = dashboard.timeliness(period=three_months())

        assert (figures.decided, figures.late_percent, figures.within_working_day_percent) == (
            0,
            None,
            None,
        )


class TestTimeInHub:
    def test_median_and_90th_percentile_in_hours_overall_and_by_rating(self):
        received = local(2026, 3, 2, 9, 0)
        for rag, hours in (("RED", 1), ("RED", 3), ("AMBER", 10), ("", 24)):
            ContactFactory(
                rag=rag, received_at=received, decided=True, decided_at=received + hours * HOUR
            )
        ContactFactory(rag="GREEN", received_at=received)  # not decided: not counted

        rows = {r.label: r for r in dashboard.time_in_hub(period=three_months())}

        summary = {k: (r.decided, r.median_hours, r.p90_hours) for k, r in rows.items()}
        assert summary == {
            # percentile_cont interpolates: 90th of 1, 3, 10, 24 is 10 + 0.7 * 14.
            "All decided contacts": (4, 6.5, 19.8),
            "Red": (2, 2.0, 2.8),
            "Amber": (1, 10.0, 10.0),
            "Green": (0, None, None),
            "Not rated": (1, 24.0, 24.0),
        }


class TestContactsOverTime:
    def test_weekly_by_source_group_and_by_outcome(self):
        ContactFactory(source="6", received_at=local(2026, 4, 14, 9, 0), decided=True)
        # Just after midnight on Monday in British Summer Time (still Sunday in UTC).
        ContactFactory(source="3A", received_at=local(2026, 4, 13, 0, 30))
        ContactFactory(
            source="2A",
            received_at=local(2026, 4, 8, 9, 0),
            decided=True,
            decision=Contact.Decision.REFERRAL,
        )
        ContactFactory(source="9", received_at=local(2026, 1, 19, 0, 0))  # the first week
        ContactFactory(source="9", received_at=local(2026, 1, 18, 23, 59))  # before the period

        trend = dashboard.contacts_over_time(period=three_months())

        assert trend.unit == "week"
        assert [b.start for b in trend.buckets][:2] == [
            datetime.date(2026, 1, 19),
            datetime.date(2026, 1, 26),
        ]
        first, before_last, last = trend.buckets[0], trend.buckets[-2], trend.buckets[-1]
        assert (first.received, first.by_source["individual"], first.by_outcome[""]) == (1, 1, 1)
        assert before_last.start == datetime.date(2026, 4, 6)
        assert (before_last.by_source["education"], before_last.by_outcome["REFERRAL"]) == (1, 1)
        assert last.start == datetime.date(2026, 4, 13)
        assert last.received == 2
        assert (last.by_source["police"], last.by_source["health"]) == (1, 1)
        assert (last.by_outcome["NFA"], last.by_outcome[""]) == (1, 1)
        assert sum(b.received for b in trend.buckets) == 4

    def test_monthly_for_12_months(self):
        ContactFactory(source="5D", received_at=local(2025, 5, 1, 0, 0))
        ContactFactory(source="8", received_at=local(2026, 4, 1, 8, 0))

        trend = dashboard.contacts_over_time(period=dashboard.period_for("12m", now=NOW))

        assert trend.unit == "month"
        assert trend.buckets[0].start == datetime.date(2025, 5, 1)
        assert trend.buckets[0].by_source["council"] == 1
        assert trend.buckets[-1].start == datetime.date(2026, 4, 1)
        assert trend.buckets[-1].by_source["other"] == 1

    def test_every_census_source_is_in_exactly_one_group(self):
        from haven.statutory.codes import ReferralSource

        grouped = [code for _, codes in dashboard.SOURCE_GROUPS for code in codes]
        assert sorted(grouped) == sorted(member.value for member in ReferralSource)


class TestRecontacts:
    def test_children_contacted_again_within_12_months(self):
        in_period = local(2026, 3, 10, 10, 0)

        def named(child, received_at, kind="CHILD"):
            contact = ContactFactory(received_at=received_at)
            ContactPersonFactory(contact=contact, person=child, kind=kind)
            return contact

        a, b, c, d, e = (f.ChildFactory() for _ in range(5))
        named(a, in_period)
        named(a, local(2025, 3, 11, 15, 0))  # 12 months less a day before: a re-contact
        named(b, in_period)
        named(b, local(2025, 3, 9, 15, 0))  # 12 months and a day before: not
        named(c, in_period)
        named(c, local(2025, 3, 10, 9, 0))  # 12 months to the day: a re-contact
        named(d, local(2026, 2, 1, 10, 0))  # twice in the period: the second is a re-contact
        named(d, local(2026, 3, 1, 10, 0))
        ContactPersonFactory(contact=named(e, in_period), person=e)  # once, named twice in it
        named(e, local(2025, 1, 1, 10, 0), kind="ADULT")  # named as an adult: not a contact
        ContactPersonFactory(contact=ContactFactory(received_at=in_period))  # not linked
        ContactPersonFactory(contact=ContactFactory(received_at=local(2025, 12, 1, 9, 0)))

        figures = dashboard.recontacts(period=three_months())

        assert (figures.children, figures.recontacted, figures.unlinked) == (5, 3, 1)
        assert figures.percent == 60.0

    def test_12_months_are_counted_in_local_dates_in_summer_time(self):
        # 00:30 in British Summer Time is still the day before in UTC.
        def named(child, received_at):
            ContactPersonFactory(contact=ContactFactory(received_at=received_at), person=child)

        a, b = f.ChildFactory(), f.ChildFactory()
        named(a, local(2026, 6, 10, 12, 0))
        named(a, local(2025, 6, 10, 0, 30))  # 12 months to the local day: a re-contact
        named(b, local(2026, 6, 10, 12, 0))
        named(b, local(2025, 6, 9, 23, 30))  # 12 months and a day before: not

        figures = dashboard.recontacts(period=dashboard.period_for("4w", now=local(2026, 6, 20, 9)))

        assert (figures.children, figures.recontacted) == (2, 1)

    def test_no_children_gives_no_percentage(self):
        assert dashboard.recontacts(period=three_months()).percent is None


class TestChart:
    def test_bars_are_stacked_in_proportion(self):
        period = three_months()
        ContactFactory(source="6", received_at=local(2026, 4, 14, 9, 0))
        ContactFactory(source="6", received_at=local(2026, 4, 14, 9, 5))
        ContactFactory(source="3A", received_at=local(2026, 4, 14, 9, 10))
        trend = dashboard.contacts_over_time(period=period)

        chart = stacked_chart(trend.buckets, trend.sources, "by_source", trend.unit)

        assert len(chart.columns) == 13
        assert all(column.segments == [] for column in chart.columns[:-1])
        police, health = chart.columns[-1].segments
        assert (police.series, health.series) == (1, 2)
        assert float(police.height) == pytest.approx(2 * float(health.height), abs=0.2)
        assert [g.label for g in chart.gridlines] == ["0", "1", "2", "3"]


# --- The page ---------------------------------------------------------------------------------


def dashboard_views_audited(user) -> int:
    return AuditEvent.objects.filter(
        actor=user, action="VIEW", object_type="frontdoor.dashboard"
    ).count()


@pytest.fixture
def officer():
    return f.staff_user(role="MASH_OFFICER", team=f.TeamFactory(name="MASH", kind="MASH"))


class TestPage:
    @pytest.mark.parametrize(
        "role", ["MASH_OFFICER", "MASH_MANAGER", "PERFORMANCE_ANALYST", "SENIOR_LEADER"]
    )
    def test_the_hub_and_those_who_read_performance_may_open_it(self, client, role):
        user = f.staff_user(role=role)

        response = f.signed_in(client, user).get(URL)

        assert response.status_code == 200
        assert f.page_heading(response) == "Hub dashboard"
        assert dashboard_views_audited(user) == 1

    @pytest.mark.parametrize(
        "role", ["SOCIAL_WORKER", "TEAM_MANAGER", "PARTNER", "AUDITOR", "SYSTEM_ADMIN"]
    )
    def test_everyone_else_is_refused(self, client, role):
        user = f.staff_user(role=role)

        response = f.signed_in(client, user).get(URL)

        assert response.status_code == 403
        assert dashboard_views_audited(user) == 0

    @pytest.mark.parametrize("capability", ["hub.work", "hub.decide", "reports.view"])
    def test_any_one_of_the_three_capabilities_is_enough(self, client, capability):
        from haven.access.models import Role

        Role.objects.update_or_create(
            code="BUSINESS_SUPPORT",
            defaults={"name": "Business support", "scope": "NONE", "capabilities": [capability]},
        )
        user = f.staff_user(role="BUSINESS_SUPPORT")

        assert f.signed_in(client, user).get(URL).status_code == 200

    def test_no_page_if_the_audit_row_cannot_be_written(self, client, officer, monkeypatch):
        ContactFactory(due_at=timezone.now() - HOUR)

        def fail(*args, **kwargs):
            raise RuntimeError("audit store unavailable")

        monkeypatch.setattr(AuditEvent.objects, "create", fail)
        with pytest.raises(RuntimeError):
            f.signed_in(client, officer).get(URL)

    def test_signed_out_goes_to_sign_in(self, client):
        assert f.redirects_to_sign_in(client.get(URL))
        assert not AuditEvent.objects.filter(object_type="frontdoor.dashboard").exists()

    def test_a_user_without_a_role_is_refused(self, client):
        assert f.signed_in(client, f.non_staff_user()).get(URL).status_code == 403

    def test_overdue_contacts_by_reference_never_by_the_childs_name(self, client, officer):
        contact = ContactFactory(rag="AMBER", due_at=timezone.now() - HOUR)
        ContactPersonFactory(contact=contact, first_name="Zebedee", last_name="Quixote")

        response = f.signed_in(client, officer).get(URL)

        html = response.content.decode()
        link = reverse("hub:contact", kwargs={"contact_id": contact.pk})
        assert f'href="{link}">{contact.reference}</a>' in html
        assert "Zebedee" not in html
        assert "Quixote" not in html

    def test_without_hub_work_the_reference_is_not_a_link(self, client):
        contact = ContactFactory(due_at=timezone.now() - HOUR)

        response = f.signed_in(client, f.staff_user(role="PERFORMANCE_ANALYST")).get(URL)

        html = response.content.decode()
        assert contact.reference in html
        assert reverse("hub:contact", kwargs={"contact_id": contact.pk}) not in html

    def test_the_figures_reach_the_page(self, client, officer):
        now = timezone.now()
        ContactFactory(rag="RED", due_at=now - HOUR, received_at=now - 5 * HOUR)
        ContactFactory(
            received_at=now - 3 * HOUR, due_at=now - 2 * HOUR, decided=True, decided_at=now - HOUR
        )

        response = f.signed_in(client, officer).get(URL)

        queue = response.context["queue"]
        assert (queue.total.waiting, queue.total.overdue) == (1, 1)
        assert response.context["timeliness"].late == 1
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))
        assert "Decided late (breaches)" in text
        assert "Last 3 months (13 weeks)" in text

    def test_the_chart_uses_no_inline_style_or_script_and_has_a_table(self, client, officer):
        ContactFactory(source="6", received_at=timezone.now() - HOUR)

        response = f.signed_in(client, officer).get(URL)

        html = response.content.decode()
        assert " style=" not in html
        assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", html))
        assert html.count('<svg class="haven-chart__svg"') == 2
        assert re.search(r'<div class="haven-chart" aria-hidden="true">', html)
        assert html.count("haven-chart__bar--1") >= 1
        assert "Contacts received each week, by source" in html
        assert response["Content-Security-Policy"].startswith("default-src 'self'")

    @pytest.mark.parametrize(
        ("asked", "label"), [("4w", "Last 4 weeks"), ("12m", "Last 12 months")]
    )
    def test_the_period_can_be_chosen(self, client, officer, asked, label):
        response = f.signed_in(client, officer).get(URL, {"period": asked})

        assert response.status_code == 200
        assert response.context["period"].label == label
        assert f.error_summary(response) == []

    @pytest.mark.parametrize("asked", ["5y", "<script>alert(1)</script>", "3M", " "])
    def test_a_period_not_on_the_list_shows_3_months_and_says_so(self, client, officer, asked):
        response = f.signed_in(client, officer).get(URL, {"period": asked})

        assert response.status_code == 200
        assert response.context["period"].code == "3m"
        assert f.error_summary(response) == [INVALID_PERIOD]
        assert "<title>Error: Hub dashboard" in response.content.decode()
        assert "<script>alert" not in response.content.decode()

    def test_no_period_shows_3_months_without_an_error(self, client, officer):
        response = f.signed_in(client, officer).get(URL)

        assert response.context["period"].code == "3m"
        assert f.error_summary(response) == []

    def test_the_number_of_queries_does_not_grow_with_the_contacts(self, client, officer):
        signed = f.signed_in(client, officer)
        signed.get(URL)  # warm the session and the user's principal

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                assert signed.get(URL).status_code == 200
            return len(captured)

        few = queries()
        now = timezone.now()
        for hours in range(1, 30):
            contact = ContactFactory(
                rag="RED", received_at=now - hours * HOUR, due_at=now - hours * MINUTE
            )
            ContactPersonFactory(contact=contact, person=f.ChildFactory())
        assert queries() == few

    def test_the_hub_queue_links_to_the_dashboard(self, client, officer):
        response = f.signed_in(client, officer).get(reverse("hub:queue"))

        assert f'href="{URL}"' in response.content.decode()
