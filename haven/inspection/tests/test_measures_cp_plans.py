"""Child protection plans by category, by length at the end, and second or later plans, against
a small borough built through the real services, with the answers worked out by hand."""

from __future__ import annotations

import datetime

import pytest

from haven.core.tests import factories as f
from haven.inspection.measures.base import Period
from haven.inspection.measures.cp_plans import (
    PlansByCategory,
    PlansEndedByLength,
    SecondOrLaterPlans,
)
from haven.people.models import Person

pytestmark = pytest.mark.django_db

D = datetime.date
PERIOD = Period(D(2026, 4, 1), D(2026, 6, 30))
TODAY = D(2026, 7, 3)
DAY = datetime.timedelta(days=1)


def people(measure, key):
    return sorted(row.person_id for row in measure.rows(PERIOD, today=TODAY, key=key))


def merge(duplicate):
    Person.objects.filter(pk=duplicate.pk).update(merged_into=f.ChildFactory())


def plan(user, child, starts, *, category="NEG", ends=None, episode=None):
    """A child protection plan from an ICPC on `starts` (a weekday), ended by a review on
    `ends` if given. The referral and strategy discussion come a few days before."""
    episode = episode or f.open_episode(child, user, starts - 7 * DAY)
    enquiry = f.start_section_47(episode, user, starts - 6 * DAY)
    cp = f.hold_icpc(enquiry, user, starts, category_of_abuse=category).plan
    if ends is not None:
        f.review(cp, user, ends, outcome="END", category_of_abuse=category)
    return cp


class TestPlansByCategory:
    measure = PlansByCategory()

    @pytest.fixture
    def borough(self):
        user = f.staff_user()
        started = {
            "neg_first_day": (D(2026, 4, 1), "NEG"),
            "neg": (D(2026, 4, 14), "NEG"),
            "phy": (D(2026, 5, 12), "PHY"),
            "emo": (D(2026, 5, 20), "EMO"),
            "mul_last_day": (D(2026, 6, 30), "MUL"),
            "before": (D(2026, 3, 31), "SAB"),
            "merged": (D(2026, 5, 5), "SAB"),
        }
        children = {}
        for name, (on, category) in started.items():
            children[name] = f.ChildFactory()
            plan(user, children[name], on, category=category)
        merge(children["merged"])
        return {name: child.pk for name, child in children.items()}

    def test_plans_started_by_initial_category(self, borough):
        result = self.measure.result(PERIOD, today=TODAY)

        assert (result.headline.key, result.headline.value) == ("started", 5.0)
        assert {f.key: (f.value, f.numerator) for f in result.breakdown} == {
            "neg": (40.0, 2),
            "phy": (20.0, 1),
            "sab": (0.0, 0),  # the one before the period and the merged one are left out
            "emo": (20.0, 1),
            "mul": (20.0, 1),
        }
        assert [p.value for p in result.monthly] == [2.0, 2.0, 1.0]

    def test_the_children_behind_each_figure(self, borough):
        m = self.measure
        assert people(m, "started") == sorted(
            borough[k] for k in ("neg_first_day", "neg", "phy", "emo", "mul_last_day")
        )
        assert people(m, "neg") == sorted([borough["neg_first_day"], borough["neg"]])
        assert people(m, "mul") == [borough["mul_last_day"]]
        assert people(m, "sab") == []
        (row,) = m.rows(PERIOD, today=TODAY, key="phy")
        assert (row.on_date, row.detail) == (D(2026, 5, 12), "Plan started: Physical abuse")


class TestPlansEndedByLength:
    measure = PlansEndedByLength()

    @pytest.fixture
    def borough(self):
        user = f.staff_user()
        lengths = {
            # Exactly 3 months (15 January to 15 April) is "3 months or less"; a day more is not.
            "three_months": (D(2026, 1, 15), D(2026, 4, 15)),
            "three_months_and_a_day": (D(2026, 1, 15), D(2026, 4, 16)),
            "seven_weeks": (D(2026, 4, 1), D(2026, 5, 20)),
            "eight_months": (D(2025, 9, 1), D(2026, 5, 1)),
            # Exactly 2 years is "1 to 2 years"; 2 years and 4 weeks is more than 2 years.
            "two_years": (D(2024, 6, 3), D(2026, 6, 3)),
            "over_two_years": (D(2024, 6, 3), D(2026, 6, 30)),
            "ended_before": (D(2026, 1, 5), D(2026, 3, 31)),
            "still_open": (D(2025, 1, 6), None),
            "merged": (D(2026, 1, 15), D(2026, 4, 15)),
        }
        children = {}
        for name, (starts, ends) in lengths.items():
            children[name] = f.ChildFactory()
            plan(user, children[name], starts, ends=ends)
        merge(children["merged"])
        return {name: child.pk for name, child in children.items()}

    def test_plans_ended_by_length(self, borough):
        result = self.measure.result(PERIOD, today=TODAY)

        # 6 plans ended in the period; 1 had lasted more than 2 years.
        assert (result.headline.key, result.headline.value) == ("over-2-years", 16.7)
        assert (result.headline.numerator, result.headline.denominator) == (1, 6)
        assert {f.key: (f.value, f.numerator) for f in result.breakdown} == {
            "up-to-3-months": (33.3, 2),
            "3-to-6-months": (16.7, 1),
            "6-to-12-months": (16.7, 1),
            "1-to-2-years": (16.7, 1),
            "ended": (6.0, 6),
        }
        # By the month the plan ended: April 0 of 2, May 0 of 2, June 1 of 2.
        assert [(p.value, p.numerator, p.denominator) for p in result.monthly] == [
            (0.0, 0, 2),
            (0.0, 0, 2),
            (50.0, 1, 2),
        ]

    def test_the_children_behind_each_figure(self, borough):
        m = self.measure
        b = borough
        assert people(m, "up-to-3-months") == sorted([b["three_months"], b["seven_weeks"]])
        assert people(m, "3-to-6-months") == [b["three_months_and_a_day"]]
        assert people(m, "6-to-12-months") == [b["eight_months"]]
        assert people(m, "1-to-2-years") == [b["two_years"]]
        assert people(m, "over-2-years") == [b["over_two_years"]]
        assert len(people(m, "ended")) == 6
        (row,) = m.rows(PERIOD, today=TODAY, key="over-2-years")
        assert (row.on_date, row.detail) == (
            D(2026, 6, 30),
            "Plan from 3 June 2024 to 30 June 2026: more than 2 years",
        )
        assert "England 2025: 15.9%" in m.result(PERIOD, today=TODAY).breakdown[0].label


class TestSecondOrLaterPlans:
    measure = SecondOrLaterPlans()

    @pytest.fixture
    def borough(self):
        user = f.staff_user()
        second = f.ChildFactory()
        earlier = plan(user, second, D(2025, 1, 6), ends=D(2025, 6, 2))
        plan(user, second, D(2026, 4, 20), episode=earlier.episode)
        first = f.ChildFactory()
        plan(user, first, D(2026, 5, 4))
        third = f.ChildFactory()
        one = plan(user, third, D(2024, 3, 4), ends=D(2024, 9, 2))
        plan(user, third, D(2025, 3, 3), ends=D(2025, 11, 3), episode=one.episode)
        plan(user, third, D(2026, 6, 30), episode=one.episode)
        # Left out: a second plan the day before the period; a merged record's second plan.
        before = f.ChildFactory()
        old = plan(user, before, D(2025, 1, 6), ends=D(2025, 6, 2))
        plan(user, before, D(2026, 3, 31), episode=old.episode)
        merged = f.ChildFactory()
        old = plan(user, merged, D(2025, 1, 6), ends=D(2025, 6, 2))
        plan(user, merged, D(2026, 5, 12), episode=old.episode)
        merge(merged)
        return {"second": second.pk, "first": first.pk, "third": third.pk}

    def test_second_or_later_plans_started(self, borough):
        result = self.measure.result(PERIOD, today=TODAY)

        # 3 plans started; the second and the third plans of 2 children: 66.7%.
        assert (result.headline.value, result.headline.numerator) == (66.7, 2)
        assert result.headline.denominator == 3
        assert {f.key: (f.value, f.numerator) for f in result.breakdown} == {
            "first": (33.3, 1),
            "started": (3.0, 3),
        }
        assert [p.value for p in result.monthly] == [100.0, 0.0, 100.0]
        assert self.measure.england is None

    def test_the_children_behind_each_figure(self, borough):
        m = self.measure
        assert people(m, "second-or-later") == sorted([borough["second"], borough["third"]])
        assert people(m, "first") == [borough["first"]]
        assert [r.detail for r in m.rows(PERIOD, today=TODAY, key="second-or-later")] == [
            "1 earlier plan, the last ended 2 June 2025",
            "2 earlier plans, the last ended 3 November 2025",
        ]
        assert m.rows(PERIOD, today=TODAY, key="first")[0].detail == ("First child protection plan")
