"""Children with 3 or more social workers, changes of social worker by reason, and caseloads,
against small boroughs built through the real services, with the answers worked out by hand.

An allocation covers its start day up to the day before its end (the next worker starts on the
end date); a worker is in post up to and including their end date.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from haven.core.tests import factories as f
from haven.inspection.measures.base import Period
from haven.inspection.measures.social_workers import (
    Caseloads,
    SocialWorkerChanges,
    ThreeOrMoreSocialWorkers,
)
from haven.people.models import Person
from haven.referrals import services as referral_services
from haven.workforce.models import Worker

pytestmark = pytest.mark.django_db

D = datetime.date
PERIOD = Period(D(2026, 4, 1), D(2026, 6, 30))
TODAY = D(2026, 7, 3)


def people(measure, key, period=PERIOD, today=TODAY):
    return sorted(row.person_id for row in measure.rows(period, today=today, key=key))


def child_with(user, referred_on, *moves, child=None):
    """A child with an open episode from `referred_on`, allocated in turn to each
    (worker, start date, change reason) of `moves`."""
    child = child or f.ChildFactory()
    f.open_episode(child, user, referred_on)
    for worker, on, reason in moves:
        f.allocate(child, user, worker, on, change_reason=reason)
    return child


def merge(duplicate):
    """Mark `duplicate` as merged into another record, leaving its rows where they are."""
    Person.objects.filter(pk=duplicate.pk).update(merged_into=f.ChildFactory())


# --- 3 or more social workers ----------------------------------------------------------------


class TestThreeOrMoreSocialWorkers:
    measure = ThreeOrMoreSocialWorkers()

    @pytest.fixture
    def borough(self):
        user = f.staff_user()
        w1, w2, w3 = f.WorkerFactory(), f.WorkerFactory(), f.WorkerFactory()
        children = {
            # A third worker from 11 May: 2 workers at the end of April, 3 from May.
            "p": child_with(
                user,
                D(2025, 6, 2),
                (w1, D(2025, 6, 2), ""),
                (w2, D(2025, 10, 1), "MANAGE"),
                (w3, D(2026, 5, 11), "LEFTRL"),
            ),
            # w1 held the case until 30 June 2025 (w2 from 1 July): inside the 12 months to
            # 30 April and to 31 May 2026, outside the 12 months to 30 June (from 1 July 2025).
            "q": child_with(
                user,
                D(2025, 5, 1),
                (w1, D(2025, 5, 1), ""),
                (w2, D(2025, 7, 1), "ORGRST"),
                (w3, D(2026, 1, 5), "ABSENC"),
            ),
            # Three allocations but two workers: back to w1.
            "r": child_with(
                user,
                D(2025, 8, 4),
                (w1, D(2025, 8, 4), ""),
                (w2, D(2025, 11, 3), "FCONTA"),
                (w1, D(2026, 1, 5), "MANAGE"),
            ),
            "s": child_with(user, D(2025, 9, 1), (w1, D(2025, 9, 1), "")),
            "t": child_with(user, D(2026, 2, 2)),  # open, nobody allocated
            # Three workers, but the case closed on 30 June: counted in April and May only.
            "u": child_with(
                user,
                D(2025, 9, 1),
                (w1, D(2025, 9, 1), ""),
                (w2, D(2025, 12, 1), "MANAGE"),
                (w3, D(2026, 3, 2), "TSPROC"),
            ),
            # w2 was replaced the day it was allocated (a correction): it held no day.
            "x": child_with(
                user,
                D(2025, 8, 1),
                (w1, D(2025, 8, 1), ""),
                (w2, D(2025, 9, 1), "ABSENC"),
                (w3, D(2025, 9, 1), "MANAGE"),
            ),
            # A merged duplicate with three workers: left out.
            "v": child_with(
                user,
                D(2025, 9, 1),
                (w1, D(2025, 9, 1), ""),
                (w2, D(2025, 10, 1), "MANAGE"),
                (w3, D(2025, 11, 3), "MANAGE"),
            ),
        }
        episode = children["u"].episodes.get()
        referral_services.episode_close(
            acting_user=user, episode=episode, closure_date=D(2026, 6, 30), closure_reason="RC7"
        )
        merge(children["v"])
        return {name: child.pk for name, child in children.items()}

    def test_at_the_end_of_the_period(self, borough):
        result = self.measure.result(PERIOD, today=TODAY)

        # Open on 30 June: p, q, r, s, t, x (u closed that day, v merged). 3+: p only.
        assert (result.headline.value, result.headline.numerator) == (16.7, 1)
        assert result.headline.denominator == 6
        assert {f.key: (f.value, f.numerator) for f in result.breakdown} == {
            "two": (50.0, 3),  # q, r, x
            "one": (16.7, 1),  # s
            "none": (16.7, 1),  # t
            "open": (6.0, 6),
        }

    def test_each_month_end_looks_back_12_months(self, borough):
        result = self.measure.result(PERIOD, today=TODAY)

        # 30 April: q and u of 7. 31 May: p, q and u of 7. 30 June: p of 6.
        assert [(p.value, p.numerator, p.denominator) for p in result.monthly] == [
            (28.6, 2, 7),
            (42.9, 3, 7),
            (16.7, 1, 6),
        ]

    def test_the_children_behind_each_figure(self, borough):
        m = self.measure
        assert people(m, "three-or-more") == [borough["p"]]
        assert people(m, "two") == sorted([borough["q"], borough["r"], borough["x"]])
        assert people(m, "one") == [borough["s"]]
        assert people(m, "none") == [borough["t"]]
        assert len(people(m, "open")) == 6
        (row,) = m.rows(PERIOD, today=TODAY, key="three-or-more")
        assert row.on_date == D(2026, 6, 30)
        assert row.detail == "3 or more social workers from 1 July 2025 to 30 June 2026"

    def test_a_period_ending_after_today_is_measured_today(self, borough):
        # On 20 May (today) p's third worker has started; the May point is as at 20 May.
        period = Period(D(2026, 5, 1), D(2026, 6, 30))
        result = self.measure.result(period, today=D(2026, 5, 20))

        assert result.headline.numerator == 3  # p, q, u
        assert [p.value for p in result.monthly] == [42.9, None]
        assert people(self.measure, "three-or-more", period, D(2026, 5, 20)) == sorted(
            [borough["p"], borough["q"], borough["u"]]
        )


# --- Changes of social worker by reason ------------------------------------------------------


class TestSocialWorkerChanges:
    measure = SocialWorkerChanges()

    @pytest.fixture
    def borough(self):
        user = f.staff_user()
        w1, w2, w3, w4 = (f.WorkerFactory() for _ in range(4))
        a = child_with(
            user,
            D(2026, 1, 5),
            (w1, D(2026, 1, 5), ""),  # the first allocation: not a change
            (w2, D(2026, 3, 31), "MANAGE"),  # the day before the period
            (w3, D(2026, 4, 1), "ORGRST"),  # the first day
            (w4, D(2026, 5, 12), "LEFTRL"),
            (w1, D(2026, 6, 30), "LEFTRL"),  # the last day
            (w2, D(2026, 7, 1), "MANAGE"),  # the day after
        )
        b = child_with(
            user,
            D(2026, 2, 2),
            (w1, D(2026, 2, 2), ""),
            (w2, D(2026, 4, 20), "FCONTA"),
        )
        merged = child_with(
            user, D(2026, 2, 2), (w1, D(2026, 2, 2), ""), (w2, D(2026, 5, 5), "MANAGE")
        )
        merge(merged)
        return {"a": a.pk, "b": b.pk}

    def test_changes_in_the_period_by_reason(self, borough):
        result = self.measure.result(PERIOD, today=TODAY)

        assert (result.headline.key, result.headline.value) == ("changes", 4.0)
        by_reason = {f.key: f.value for f in result.breakdown if f.value}
        assert by_reason == {"restructure": 1.0, "worker-left-role": 2.0, "family-request": 1.0}
        assert len(result.breakdown) == 10  # every SSDA903 reason, none left out
        assert [p.value for p in result.monthly] == [2.0, 1.0, 1.0]

    def test_the_children_behind_each_figure(self, borough):
        m = self.measure
        assert people(m, "changes") == sorted(
            [borough["a"], borough["a"], borough["a"], borough["b"]]
        )
        assert people(m, "worker-left-role") == [borough["a"], borough["a"]]
        assert people(m, "family-request") == [borough["b"]]
        assert people(m, "manager-decision") == []
        first = m.rows(PERIOD, today=TODAY, key="changes")[0]
        assert (first.on_date, first.detail) == (
            D(2026, 4, 1),
            "New social worker: Team or service restructure",
        )


# --- Caseloads -------------------------------------------------------------------------------


class TestCaseloads:
    measure = Caseloads(threshold=2)

    @pytest.fixture
    def borough(self):
        user = f.staff_user()
        a = f.WorkerFactory(full_name="Ann Able", fte=Decimal("1.00"))
        b = f.WorkerFactory(full_name="Bea Best", fte=Decimal("0.50"))
        f.WorkerFactory(full_name="Cal Clear", fte=Decimal("1.00"))  # in post, no cases
        d = f.WorkerFactory(full_name="Dee Done", fte=Decimal("1.00"))  # leaves 15 June
        e = f.WorkerFactory(full_name="Eve Lead", role=Worker.Role.TEAM_MANAGER)
        last = f.WorkerFactory(full_name="Fay Final", fte=Decimal("0.80"))  # last day 30 June
        f.WorkerFactory(full_name="Gus Green", start_date=D(2026, 7, 1))  # not started yet
        march = D(2026, 3, 2)
        children = {
            "a1": child_with(user, march, (a, march, "")),
            "a2": child_with(user, march, (a, march, "")),
            "a3": child_with(user, march, (a, D(2026, 6, 1), "")),
            # Moves from Ann to Bea on 30 June: Bea's on 30 June.
            "a4": child_with(user, march, (a, march, ""), (b, D(2026, 6, 30), "MANAGE")),
            "b1": child_with(user, march, (b, march, "")),
            "f1": child_with(user, march, (last, march, "")),
            "d1": child_with(user, march, (d, march, "")),
            "e1": child_with(user, march, (e, march, "")),
            # Still allocated to Ann, but the case closed on 1 May: not a case after that.
            "closed": child_with(user, march, (a, march, "")),
            "merged": child_with(user, march, (a, march, "")),
        }
        referral_services.episode_close(
            acting_user=user,
            episode=children["closed"].episodes.get(),
            closure_date=D(2026, 5, 1),
            closure_reason="RC7",
        )
        merge(children["merged"])
        # An adult allocated to Ann: not a child's case.
        adult = f.AdultFactory()
        f.allocate(adult, user, a, march)
        Worker.objects.filter(pk=d.pk).update(end_date=D(2026, 6, 15))
        Worker.objects.filter(pk=last.pk).update(end_date=D(2026, 6, 30))
        return {name: child.pk for name, child in children.items()}

    def test_at_the_end_of_the_period(self, borough):
        result = self.measure.result(PERIOD, today=TODAY)

        # 30 June: Ann a1 a2 a3, Bea b1 a4, Fay f1: 6 children, 3 case-holders, 2.3 FTE.
        assert result.headline.key == "per-fte"
        assert (result.headline.value, result.headline.numerator) == (2.6, 6)  # 6 / 2.3
        assert result.headline.denominator == 3
        assert {f.key: f.value for f in result.breakdown} == {
            "mean": 2.0,  # 6 / 3
            "median": 2.0,  # 1, 2, 3
            "largest": 3.0,
            "over-threshold": 1.0,  # Ann: 3 > 2; Bea's 2 is not over
            "allocated": 6.0,
            "case-holders": 3.0,
            "no-cases": 1.0,  # Cal (Gus has not started, Dee has left, Eve is a manager)
            "not-in-post": 2.0,  # d1 (Dee left), e1 (a team manager)
        }

    def test_monthly_trend_at_each_month_end(self, borough):
        result = self.measure.result(PERIOD, today=TODAY)

        # 30 April: Ann a1 a2 a4 closed, Bea b1, Fay f1, Dee d1: 7 children, 3.3 FTE.
        # 31 May: the closed case gone: 6 / 3.3. 30 June: 6 / 2.3.
        assert [(p.value, p.numerator, p.denominator) for p in result.monthly] == [
            (2.1, 7, 4),
            (1.8, 6, 4),
            (2.6, 6, 3),
        ]

    def test_the_children_behind_each_figure(self, borough):
        m = self.measure
        held = sorted(borough[k] for k in ("a1", "a2", "a3", "a4", "b1", "f1"))
        assert people(m, "per-fte") == held
        assert people(m, "mean") == held
        assert people(m, "allocated") == held
        assert people(m, "over-threshold") == sorted(borough[k] for k in ("a1", "a2", "a3"))
        assert people(m, "not-in-post") == sorted([borough["d1"], borough["e1"]])
        for key in ("median", "largest", "case-holders", "no-cases"):
            assert people(m, key) == []
        row = next(
            r for r in m.rows(PERIOD, today=TODAY, key="allocated") if r.person_id == borough["a4"]
        )
        assert row.on_date == D(2026, 6, 30)
        assert row.detail == "Allocated to Bea Best since 30 June 2026 (2 children)"
        assert row.extra == {"worker": "Bea Best", "caseload": "2"}

    def test_more_than_20_children_is_over_the_default_threshold(self):
        user = f.staff_user()
        full, over = f.WorkerFactory(), f.WorkerFactory()
        march = D(2026, 3, 2)
        for _ in range(20):
            child_with(user, march, (full, march, ""))
        crowded = [child_with(user, march, (over, march, "")).pk for _ in range(21)]

        result = Caseloads().result(PERIOD, today=TODAY)

        assert result.figure("over-threshold").value == 1.0
        assert result.figure("largest").value == 21.0
        assert result.figure("median").value == 20.5
        assert people(Caseloads(), "over-threshold") == sorted(crowded)
