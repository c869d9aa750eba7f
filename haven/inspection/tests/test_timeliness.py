"""The inspection lens's timeliness measures (issue 5), each against a small borough built by
hand through the real services, with the expected figures worked out in the comments.

Calendar notes for 2026 (England and Wales): Good Friday 3 April and Easter Monday 6 April and
the early May bank holiday 4 May are not working days. Durations count the working days after
the start day up to and including the end day (DfE convention, reference 1.5).
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection

from haven.casework import services as casework_services
from haven.core.models import ClosureDay
from haven.core.selectors import working_calendar
from haven.core.tests import factories as f
from haven.frontdoor import dashboard
from haven.frontdoor.tests.factories import ContactFactory, ContactPersonFactory, local
from haven.inspection.measures import registry, timeliness
from haven.inspection.measures.base import Period

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2026, 11, 27)
MARCH_APRIL = Period(D(2026, 3, 1), D(2026, 4, 30))


def people(measure, key, period=MARCH_APRIL):
    return [row.person_id for row in measure.rows(period, today=TODAY, key=key)]


def monthly(result):
    return [(p.month, p.numerator, p.denominator, p.value) for p in result.monthly]


def figures(result):
    return {
        fig.key: (fig.numerator, fig.denominator, fig.value)
        for fig in (result.headline, *result.breakdown)
    }


@pytest.fixture
def staff():
    return f.staff_user(full_name="Duty Worker")


# --- Working days in SQL --------------------------------------------------------------------


def test_the_sql_working_day_count_is_the_calendars_for_every_pair_of_dates():
    """Every pair of dates over Easter 2026 and the May bank holiday, and an authority closure
    day, counted in PostgreSQL and by haven/statutory/calendar.py."""
    ClosureDay.objects.create(date=D(2026, 4, 9), reason="Staff training day")
    calendar = working_calendar()
    days = [D(2026, 3, 25) + datetime.timedelta(days=n) for n in range(50)]
    number = timeliness._working_day_number("d")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d, {number} FROM unnest(%(days)s::date[]) AS d",  # noqa: S608
            {"days": days, "holidays": timeliness._weekday_holidays()},
        )
        numbers = dict(cursor.fetchall())
    for start in days:
        for end in days:
            if end >= start:
                assert numbers[end] - numbers[start] == calendar.working_days_between(start, end)


# --- Contacts decided within 1 working day --------------------------------------------------


class TestContactsDecidedInOneWorkingDay:
    measure = registry.BY_SLUG["contacts-decided-within-1-working-day"]

    @pytest.fixture
    def borough(self):
        children = {name: f.ChildFactory(first_name=name) for name in "ABCDE"}

        def contact(child, received, decided=None):
            made = ContactFactory(
                received_at=received,
                **({"decided": True, "decided_at": decided} if decided else {}),
            )
            ContactPersonFactory(contact=made, person=child)
            return made

        # Thursday 2 April 10:00: the next working day is Tuesday 7 April (Easter), so the
        # decision is due by 10:00 that day. 09:59 is within; 10:01 is not.
        contact(children["A"], local(2026, 4, 2, 10, 0), local(2026, 4, 7, 9, 59))
        contact(children["B"], local(2026, 4, 2, 10, 0), local(2026, 4, 7, 10, 1))
        # Monday 2 March 10:00, decided at exactly 10:00 on Tuesday: within (on the minute).
        contact(children["C"], local(2026, 3, 2, 10, 0), local(2026, 3, 3, 10, 0))
        # Not decided yet.
        undecided = contact(children["D"], local(2026, 3, 31, 23, 30))
        # A child the hub never linked to a record: counted, but nobody to list.
        ContactPersonFactory(contact=undecided, person=None)
        # The last minute of the period (British Summer Time), decided the next morning.
        contact(children["E"], local(2026, 4, 30, 23, 59), local(2026, 5, 1, 9, 0))
        # Outside the period: the minute before it and the minute after it.
        contact(children["A"], local(2026, 2, 28, 23, 59), local(2026, 3, 1, 9, 0))
        contact(children["A"], local(2026, 5, 1, 0, 0), local(2026, 5, 1, 9, 0))
        return children

    def test_figures(self, borough):
        result = self.measure.result(MARCH_APRIL, today=TODAY)

        # 5 received: within A, C, E; late B; undecided D. 3 of 5 = 60%.
        assert figures(result) == {
            "within": (3, 5, 60.0),
            "late": (1, 5, 20.0),
            "undecided": (1, 5, 20.0),
            "all": (5, None, 5.0),
        }
        # March: C within, D undecided (1 of 2). April: A and E within, B late (2 of 3).
        assert monthly(result) == [
            (D(2026, 3, 1), 1, 2, 50.0),
            (D(2026, 4, 1), 2, 3, 66.7),
        ]

    def test_the_same_count_as_the_hub_dashboard(self, borough):
        period = dashboard.Period(
            choice=dashboard.PERIODS["12m"],
            start=local(2026, 3, 1, 0, 0),
            end=local(2026, 5, 1, 0, 0),
        )
        hub = dashboard.timeliness(period=period)
        result = self.measure.result(MARCH_APRIL, today=TODAY)

        assert (hub.received, hub.within_working_day) == (5, 3)
        assert result.headline.numerator == hub.within_working_day
        assert result.headline.denominator == hub.received
        assert figures(result)["undecided"][0] == hub.waiting

    def test_the_children_behind_each_figure(self, borough):
        b = borough
        assert people(self.measure, "within") == [b["C"].pk, b["A"].pk, b["E"].pk]
        assert people(self.measure, "late") == [b["B"].pk]
        assert people(self.measure, "undecided") == [b["D"].pk]
        assert sorted(people(self.measure, "all")) == sorted(c.pk for c in b.values())
        row = self.measure.rows(MARCH_APRIL, today=TODAY, key="late")[0]
        assert row.on_date == D(2026, 4, 2)
        assert row.detail.endswith("received 02/04/2026 10:00, decided 07/04/2026 10:01")

    def test_an_unknown_key(self, borough):
        with pytest.raises(KeyError):
            self.measure.rows(MARCH_APRIL, today=TODAY, key="nobody")


# --- Re-referrals within 12 months ----------------------------------------------------------


class TestReReferrals:
    measure = registry.BY_SLUG["re-referrals-within-12-months"]

    @pytest.fixture
    def borough(self, staff):
        children = {name: f.ChildFactory(first_name=name) for name in "ABCD"}

        def referral(child, on):
            f.open_episode(children[child], staff, on, referral_nfa=True)

        # A: 12 months to the day after the referral before: a re-referral.
        referral("A", D(2025, 3, 2))
        referral("A", D(2026, 3, 2))
        # B: 12 months and a day: not one.
        referral("B", D(2025, 3, 1))
        referral("B", D(2026, 3, 2))
        # C: first referral ever in March, then again in April: the second is a re-referral.
        referral("C", D(2026, 3, 10))
        referral("C", D(2026, 4, 15))
        # D: the day before the period and the day after: neither counts.
        referral("D", D(2026, 2, 28))
        referral("D", D(2026, 5, 1))
        return children

    def test_figures(self, borough):
        result = self.measure.result(MARCH_APRIL, today=TODAY)

        # 4 referrals in the period (A, B, C, C); re-referrals A and C's second: 2 of 4.
        assert figures(result) == {
            "re-referred": (2, 4, 50.0),
            "not-re-referred": (2, 4, 50.0),
            "all": (4, None, 4.0),
        }
        # March: A yes, B no, C no (1 of 3). April: C yes (1 of 1).
        assert monthly(result) == [
            (D(2026, 3, 1), 1, 3, 33.3),
            (D(2026, 4, 1), 1, 1, 100.0),
        ]
        assert self.measure.england is not None
        assert self.measure.england.value == 22.6

    def test_the_children_behind_each_figure(self, borough):
        b = borough
        assert people(self.measure, "re-referred") == [b["A"].pk, b["C"].pk]
        assert people(self.measure, "not-re-referred") == [b["B"].pk, b["C"].pk]
        assert len(people(self.measure, "all")) == 4
        row = self.measure.rows(MARCH_APRIL, today=TODAY, key="re-referred")[0]
        assert row.detail == "Referred 2 March 2026; the referral before: 2 March 2025"


# --- Assessments within 45 working days -----------------------------------------------------


class TestAssessments:
    measure = registry.BY_SLUG["assessments-within-45-working-days"]
    PERIOD = Period(D(2026, 3, 1), D(2026, 5, 31))

    @pytest.fixture
    def borough(self, staff):
        children = {}

        def assessment(name, start, authorised=None):
            children[name] = f.ChildFactory(first_name=name)
            episode = f.open_episode(children[name], staff, start)
            made = f.start_assessment(episode, staff, start)
            if authorised:
                f.authorise_assessment(made, staff, authorised)

        # From Monday 2 March the 45th working day is Thursday 7 May (3 and 6 April and 4 May
        # are bank holidays): exactly 45 is within, Friday 8 May (46) is not.
        assessment("within45", D(2026, 3, 2), D(2026, 5, 7))
        assessment("late46", D(2026, 3, 2), D(2026, 5, 8))
        # 30 March to 20 April over Easter: 13 working days.
        assessment("easter", D(2026, 3, 30), D(2026, 4, 20))
        # Started and authorised the same day: 0 working days.
        assessment("same_day", D(2026, 3, 16), D(2026, 3, 16))
        # Authorised the day before the period; and one not yet authorised.
        assessment("before", D(2026, 2, 2), D(2026, 2, 28))
        assessment("open", D(2026, 4, 1))
        return children

    def test_figures(self, borough):
        result = self.measure.result(self.PERIOD, today=TODAY)

        # 4 authorised in the period: 45, 46, 13 and 0 working days; 3 of 4 within.
        assert figures(result) == {
            "within": (3, 4, 75.0),
            "late": (1, 4, 25.0),
            "all": (4, None, 4.0),
            # The median of 0, 13, 45, 46: (13 + 45) / 2.
            "median-working-days": (None, None, 29.0),
        }
        assert result.figure("median-working-days").drill is False
        # March: the same-day one. April: Easter. May: 45 in, 46 out.
        assert monthly(result) == [
            (D(2026, 3, 1), 1, 1, 100.0),
            (D(2026, 4, 1), 1, 1, 100.0),
            (D(2026, 5, 1), 1, 2, 50.0),
        ]

    def test_a_closure_day_of_the_authority_is_not_a_working_day(self, borough):
        # A closure day inside the window makes 8 May the 45th working day (within).
        ClosureDay.objects.create(date=D(2026, 4, 9), reason="Staff training day")

        result = self.measure.result(self.PERIOD, today=TODAY)

        assert figures(result)["within"] == (4, 4, 100.0)

    def test_the_children_behind_each_figure(self, borough):
        b = borough
        assert people(self.measure, "late", self.PERIOD) == [b["late46"].pk]
        assert people(self.measure, "within", self.PERIOD) == [
            b["same_day"].pk,
            b["easter"].pk,
            b["within45"].pk,
        ]
        row = self.measure.rows(self.PERIOD, today=TODAY, key="late")[0]
        assert row.on_date == D(2026, 5, 8)
        assert row.detail == "Started 2 March 2026, authorised 8 May 2026: 46 working days"
        with pytest.raises(KeyError):
            self.measure.rows(self.PERIOD, today=TODAY, key="median-working-days")


# --- Strategy discussion to initial conference within 15 working days -----------------------


class TestInitialConferences:
    measure = registry.BY_SLUG["icpc-within-15-working-days"]
    PERIOD = Period(D(2026, 3, 1), D(2026, 5, 31))

    @pytest.fixture
    def borough(self, staff):
        children = {}

        def conference(name, strategy_on, icpc_on):
            children[name] = f.ChildFactory(first_name=name)
            f.cp_plan(children[name], staff, strategy_on, strategy_on=strategy_on, icpc_on=icpc_on)

        # Monday 2 March to Monday 23 March: 15 working days, within.
        conference("day15", D(2026, 3, 2), D(2026, 3, 23))
        # Tuesday 24 March to Friday 17 April over Easter: 16 working days, late.
        conference("day16", D(2026, 3, 24), D(2026, 4, 17))
        # 20 to 21 April: 1 working day.
        conference("quick", D(2026, 4, 20), D(2026, 4, 21))
        # Held before the period.
        conference("before", D(2026, 2, 2), D(2026, 2, 20))
        return children

    def test_figures(self, borough):
        result = self.measure.result(self.PERIOD, today=TODAY)

        # 3 held in the period, 2 within 15 working days; the median of 1, 15, 16 is 15.
        assert figures(result) == {
            "within": (2, 3, 66.7),
            "late": (1, 3, 33.3),
            "all": (3, None, 3.0),
            "median-working-days": (None, None, 15.0),
        }
        # March: day15. April: day16 late, quick within. May: none (no value).
        assert monthly(result) == [
            (D(2026, 3, 1), 1, 1, 100.0),
            (D(2026, 4, 1), 1, 2, 50.0),
            (D(2026, 5, 1), 0, 0, None),
        ]
        assert self.measure.england.text == "about 81% (2024-25)"

    def test_the_children_behind_each_figure(self, borough):
        b = borough
        assert people(self.measure, "late", self.PERIOD) == [b["day16"].pk]
        assert people(self.measure, "within", self.PERIOD) == [b["day15"].pk, b["quick"].pk]
        row = self.measure.rows(self.PERIOD, today=TODAY, key="late")[0]
        assert row.detail == (
            "Strategy discussion 24 March 2026, conference 17 April 2026: 16 working days"
        )


# --- Review conferences on time -------------------------------------------------------------


class TestReviewConferences:
    measure = registry.BY_SLUG["review-conferences-on-time"]
    PERIOD = Period(D(2026, 3, 1), D(2026, 11, 26))

    @pytest.fixture
    def borough(self, staff):
        children = {name: f.ChildFactory(first_name=name) for name in ("one", "two", "three")}

        def review(plan, held_on):
            return f.review(plan, staff, held_on)

        # Plan one from Monday 2 February: first review due 2 May, held Friday 1 May (on
        # time); the next due 1 November, held Monday 2 November (late).
        one = f.cp_plan(children["one"], staff, D(2026, 1, 20), icpc_on=D(2026, 2, 2))
        review(one, D(2026, 5, 1))
        review(one, D(2026, 11, 2))
        # Plan two from Friday 28 November 2025: first review (before the period) 27 February
        # 2026; the next due 27 August, held 31 March (on time: its due date counts from the
        # February review, not from the plan's start); then due 30 September (31 March + 6
        # months, clamped to the month's end), held on that day (on time).
        two = f.cp_plan(children["two"], staff, D(2025, 11, 10), icpc_on=D(2025, 11, 28))
        review(two, D(2026, 2, 27))
        review(two, D(2026, 3, 31))
        review(two, D(2026, 9, 30))
        # Plan three from Monday 2 March: first review due 2 June, held Wednesday 3 June: late.
        three = f.cp_plan(children["three"], staff, D(2026, 2, 16), icpc_on=D(2026, 3, 2))
        review(three, D(2026, 6, 3))
        return children

    def test_figures(self, borough):
        result = self.measure.result(self.PERIOD, today=TODAY)

        # 5 reviews in the period: on time 31 Mar, 1 May, 30 Sep; late 3 Jun, 2 Nov.
        assert figures(result) == {
            "on-time": (3, 5, 60.0),
            "late": (2, 5, 40.0),
            "all": (5, None, 5.0),
        }
        points = {p.month: (p.numerator, p.denominator) for p in result.monthly}
        assert points[D(2026, 3, 1)] == (1, 1)
        assert points[D(2026, 6, 1)] == (0, 1)
        assert points[D(2026, 9, 1)] == (1, 1)
        assert points[D(2026, 11, 1)] == (0, 1)
        assert len(result.monthly) == 9

    def test_the_children_behind_each_figure(self, borough):
        b = borough
        assert people(self.measure, "late", self.PERIOD) == [b["three"].pk, b["one"].pk]
        assert people(self.measure, "on-time", self.PERIOD) == [
            b["two"].pk,
            b["one"].pk,
            b["two"].pk,
        ]
        first, later = self.measure.rows(self.PERIOD, today=TODAY, key="late")
        assert first.detail == "First review held 3 June 2026, due by 2 June 2026"
        assert later.detail == "Review held 2 November 2026, due by 1 November 2026"


# --- Statutory visits to children on a child protection plan --------------------------------


def visit(staff, child, on, *, seen=True, alone=True):
    casework_services.visit_record(
        acting_user=staff,
        child=child,
        visit_date=on,
        child_seen=seen,
        seen_alone=alone and seen,
        bedroom_seen=seen,
    )


class TestVisitsOnTime:
    measure = registry.BY_SLUG["cp-visits-on-time"]

    @pytest.fixture
    def borough(self, staff):
        """The authority's visiting interval is Haven's default, 10 working days."""
        c = {name: f.ChildFactory(first_name=name) for name in ("V1", "V2", "V3", "V4", "V5")}
        # V1, plan from Monday 2 March: each visit on the day it is due: 16 March, 30 March,
        # 15 April (Easter in between), 29 April; the next is due 13 May, after the period.
        f.cp_plan(c["V1"], staff, D(2026, 2, 16), icpc_on=D(2026, 3, 2))
        for day in (D(2026, 3, 16), D(2026, 3, 30), D(2026, 4, 15), D(2026, 4, 29)):
            visit(staff, c["V1"], day)
        # V2, plan from 2 March: the first visit a day late (17 March), then on time.
        f.cp_plan(c["V2"], staff, D(2026, 2, 16), icpc_on=D(2026, 3, 2))
        for day in (D(2026, 3, 17), D(2026, 3, 31), D(2026, 4, 15), D(2026, 4, 29)):
            visit(staff, c["V2"], day)
        # V3, plan from 2 February, visited 20 February, then not until 20 April: due 6 March,
        # so overdue from 7 March to 20 April (the whole of March and part of April).
        f.cp_plan(c["V3"], staff, D(2026, 1, 19), icpc_on=D(2026, 2, 2))
        visit(staff, c["V3"], D(2026, 2, 20))
        visit(staff, c["V3"], D(2026, 4, 20))
        # V4, plan from 2 March ended by a review on 10 March, before the first visit was due.
        plan = f.cp_plan(c["V4"], staff, D(2026, 2, 16), icpc_on=D(2026, 3, 2))
        f.review(plan, staff, D(2026, 3, 10), outcome="END")
        # V5, plan from Monday 13 April, never visited: due 27 April, overdue from 28 April.
        f.cp_plan(c["V5"], staff, D(2026, 3, 30), icpc_on=D(2026, 4, 13))
        # A child in need (no child protection plan), visited late: not in this measure.
        cin = f.ChildFactory(first_name="CIN")
        episode = f.open_episode(cin, staff, D(2026, 2, 2))
        f.cin_plan(episode, staff, D(2026, 2, 16))
        visit(staff, cin, D(2026, 4, 28))
        return c

    def test_figures(self, borough):
        result = self.measure.result(MARCH_APRIL, today=TODAY)

        # 5 children on a plan in the period; V2, V3 and V5 were overdue at some point.
        assert figures(result) == {
            "on-time": (2, 5, 40.0),
            "late": (3, 5, 60.0),
            "all": (5, None, 5.0),
        }
        assert result.headline.label == "Visited on time throughout (every 10 working days)"
        # March: V1, V2, V3, V4 on a plan; V2 and V3 overdue. April: V1, V2, V3, V5 on a plan
        # (V4's ended); V3 and V5 overdue.
        assert monthly(result) == [
            (D(2026, 3, 1), 2, 4, 50.0),
            (D(2026, 4, 1), 2, 4, 50.0),
        ]

    def test_the_period_ends_today_at_the_latest(self, borough):
        # On 27 April V5's first visit (due that day) is not yet overdue.
        result = self.measure.result(MARCH_APRIL, today=D(2026, 4, 27))

        assert figures(result)["late"] == (2, 5, 40.0)

    def test_a_local_visiting_interval(self, borough):
        from haven.core.models import LocalTimescale

        # Every 4 weeks: V3 (20 February to 20 April) is still overdue; V2 and V5 are not.
        LocalTimescale.objects.create(code="CP_VISIT", weeks=4)

        result = self.measure.result(MARCH_APRIL, today=TODAY)

        assert figures(result)["late"] == (1, 5, 20.0)
        assert result.headline.label == "Visited on time throughout (every 4 weeks)"

    def test_visits_long_before_the_period_leave_only_the_last_one_due(self, staff):
        march = Period(D(2026, 3, 1), D(2026, 3, 31))
        late = f.ChildFactory(first_name="Late")
        f.cp_plan(late, staff, D(2025, 12, 1), icpc_on=D(2026, 1, 5))
        # Every 10 working days until 13 February, due 27 February; the next on 2 March.
        for day in (D(2026, 1, 12), D(2026, 1, 26), D(2026, 2, 6), D(2026, 2, 13)):
            visit(staff, late, day)
        visit(staff, late, D(2026, 3, 2))
        visit(staff, late, D(2026, 3, 13))
        kept = f.ChildFactory(first_name="Kept")
        f.cp_plan(kept, staff, D(2025, 12, 1), icpc_on=D(2026, 1, 5))
        # 9 February was due by 23 February, visited 20 February (due by 6 March), and so on.
        for day in (D(2026, 1, 12), D(2026, 1, 26), D(2026, 2, 9), D(2026, 2, 20)):
            visit(staff, kept, day)
        visit(staff, kept, D(2026, 3, 6))
        visit(staff, kept, D(2026, 3, 19))

        result = self.measure.result(march, today=TODAY)

        assert figures(result)["late"] == (1, 2, 50.0)
        rows = self.measure.rows(march, today=TODAY, key="late")
        # Overdue since 28 February: in the period, from its first day.
        assert [(r.person_id, r.on_date) for r in rows] == [(late.pk, D(2026, 3, 1))]
        assert people(self.measure, "on-time", march) == [kept.pk]

    def test_the_children_behind_each_figure(self, borough):
        c = borough
        rows = self.measure.rows(MARCH_APRIL, today=TODAY, key="late")
        # Each child once, by the first day they were overdue in the period: V3 from 7 March,
        # V2 from 17 March, V5 from 28 April.
        assert [(r.person_id, r.on_date) for r in rows] == [
            (c["V3"].pk, D(2026, 3, 7)),
            (c["V2"].pk, D(2026, 3, 17)),
            (c["V5"].pk, D(2026, 4, 28)),
        ]
        assert rows[0].detail == "Overdue a visit from 7 March 2026 (due by 6 March 2026)"
        assert people(self.measure, "on-time") == [c["V1"].pk, c["V4"].pk]
        assert len(people(self.measure, "all")) == 5
        with pytest.raises(KeyError):
            self.measure.rows(MARCH_APRIL, today=TODAY, key="not-a-key")


class TestVisitsChildSeenAlone:
    measure = registry.BY_SLUG["cp-visits-seen-alone"]

    @pytest.fixture
    def borough(self, staff):
        c = {name: f.ChildFactory(first_name=name) for name in ("S1", "S2", "S3")}
        # S1: visited before the plan (27 February, not counted), then on the plan: seen
        # alone, seen but not alone, not seen.
        f.cp_plan(c["S1"], staff, D(2026, 2, 2), strategy_on=D(2026, 2, 16), icpc_on=D(2026, 3, 2))
        visit(staff, c["S1"], D(2026, 2, 27))
        visit(staff, c["S1"], D(2026, 3, 16))
        visit(staff, c["S1"], D(2026, 3, 30), alone=False)
        visit(staff, c["S1"], D(2026, 4, 15), seen=False)
        # S2: a child in need, seen alone: not on a child protection plan.
        episode = f.open_episode(c["S2"], staff, D(2026, 2, 2))
        f.cin_plan(episode, staff, D(2026, 2, 16))
        visit(staff, c["S2"], D(2026, 3, 20))
        # S3: on a plan since February; seen alone on 2 March, and on 5 May (after the period).
        f.cp_plan(c["S3"], staff, D(2026, 1, 19), icpc_on=D(2026, 2, 2))
        visit(staff, c["S3"], D(2026, 3, 2))
        visit(staff, c["S3"], D(2026, 5, 5))
        return c

    def test_figures(self, borough):
        result = self.measure.result(MARCH_APRIL, today=TODAY)

        # 4 visits in the period to children on a plan: 2 seen alone, 1 seen not alone, 1 not
        # seen.
        assert figures(result) == {
            "seen-alone": (2, 4, 50.0),
            "not-seen-alone": (1, 4, 25.0),
            "not-seen": (1, 4, 25.0),
            "all": (4, None, 4.0),
        }
        assert monthly(result) == [
            (D(2026, 3, 1), 2, 3, 66.7),
            (D(2026, 4, 1), 0, 1, 0.0),
        ]

    def test_a_visit_on_the_day_one_plan_ends_and_the_next_starts_counts_once(self, staff):
        child = f.ChildFactory(first_name="Twice")
        first = f.cp_plan(child, staff, D(2026, 1, 5), icpc_on=D(2026, 2, 2))
        f.review(first, staff, D(2026, 3, 16), outcome="END")
        enquiry = f.start_section_47(first.episode, staff, D(2026, 3, 3))
        second = f.hold_icpc(enquiry, staff, D(2026, 3, 16)).plan
        first.refresh_from_db()
        assert (first.end_date, second.start_date) == (D(2026, 3, 16), D(2026, 3, 16))
        visit(staff, child, D(2026, 3, 2))
        visit(staff, child, D(2026, 3, 16))
        visit(staff, child, D(2026, 3, 27), alone=False)

        result = self.measure.result(MARCH_APRIL, today=TODAY)

        assert figures(result)["all"] == (3, None, 3.0)
        assert figures(result)["seen-alone"] == (2, 3, 66.7)
        assert people(self.measure, "seen-alone") == [child.pk, child.pk]

    def test_the_children_behind_each_figure(self, borough):
        c = borough
        assert people(self.measure, "seen-alone") == [c["S3"].pk, c["S1"].pk]
        assert people(self.measure, "not-seen-alone") == [c["S1"].pk]
        assert people(self.measure, "not-seen") == [c["S1"].pk]
        row = self.measure.rows(MARCH_APRIL, today=TODAY, key="not-seen")[0]
        assert (row.on_date, row.detail) == (D(2026, 4, 15), "Visit on 15 April 2026")


# --- Every timeliness measure ---------------------------------------------------------------


@pytest.mark.parametrize("measure", timeliness.MEASURES, ids=lambda m: m.slug)
def test_no_data_gives_no_value_rather_than_an_error(measure):
    result = measure.result(MARCH_APRIL, today=TODAY)

    assert result.headline.value is None
    assert result.headline.denominator == 0
    assert [p.month for p in result.monthly] == [D(2026, 3, 1), D(2026, 4, 1)]
    assert list(measure.rows(MARCH_APRIL, today=TODAY, key=result.headline.key)) == []


@pytest.mark.parametrize("measure", timeliness.MEASURES, ids=lambda m: m.slug)
def test_a_stable_slug_a_title_and_a_one_line_definition(measure):
    assert measure.slug == measure.slug.lower()
    assert " " not in measure.slug
    assert registry.BY_SLUG[measure.slug] is measure
    assert measure.title
    assert measure.definition.endswith(".")
    assert "\n" not in measure.definition
