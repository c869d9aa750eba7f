"""Children taking part in their meetings, and assessments recording the child's views, against
a small borough built through the real services, with the answers worked out by hand."""

from __future__ import annotations

import datetime

import pytest

from haven.core.tests import factories as f
from haven.inspection.measures.base import Period
from haven.inspection.measures.childs_voice import (
    AssessmentsRecordingViews,
    ChildParticipationInMeetings,
)
from haven.meetings import services as meeting_services
from haven.people.models import Person

pytestmark = pytest.mark.django_db

D = datetime.date
PERIOD = Period(D(2026, 4, 1), D(2026, 6, 30))
TODAY = D(2026, 7, 3)
MARCH = D(2026, 3, 2)


def people(measure, key):
    return sorted(row.person_id for row in measure.rows(PERIOD, today=TODAY, key=key))


def merge(duplicate):
    Person.objects.filter(pk=duplicate.pk).update(merged_into=f.ChildFactory())


def strategy_discussion(episode, user, held_on, child_participation, starts_section_47=False):
    return meeting_services.strategy_discussion_record(
        acting_user=user,
        episode=episode,
        held_on=held_on,
        child_participation=child_participation,
        starts_section_47=starts_section_47,
        attendance={"POLICE": True},
    )


class TestChildParticipation:
    measure = ChildParticipationInMeetings()

    @pytest.fixture
    def borough(self):
        user = f.staff_user()
        # k: a strategy discussion on the first day of the period (not invited), the ICPC
        # (attended), a core group (attended), a review on the last day (views shared) and one
        # the day after the period.
        k = f.ChildFactory()
        episode = f.open_episode(k, user, D(2026, 4, 1))
        discussion = strategy_discussion(
            episode, user, D(2026, 4, 1), "NOT_INVITED", starts_section_47=True
        )
        plan = f.hold_icpc(discussion.section_47_enquiry, user, D(2026, 4, 21)).plan
        f.core_group(plan, user, D(2026, 4, 30))
        f.review(plan, user, D(2026, 6, 30))
        f.review(plan, user, D(2026, 7, 1))
        # l: child in need reviews, declined: one the day before the period, one in May.
        l_child = f.ChildFactory()
        episode = f.open_episode(l_child, user, D(2026, 3, 2))
        assessment = f.start_assessment(episode, user)
        f.authorise_assessment(assessment, user, D(2026, 3, 20))
        cin = f.cin_plan(episode, user, D(2026, 3, 23))
        for held_on in (D(2026, 3, 31), D(2026, 5, 15)):
            meeting_services.cin_review_record(
                acting_user=user,
                plan=cin,
                held_on=held_on,
                child_participation="DECLINED",
                attendance={"EDUCATION": True},
            )
        # Counted: an unborn child's strategy discussion (not invited). Left out: a merged
        # record's.
        unborn = f.UnbornChildFactory(expected_date_of_birth=D(2026, 9, 1))
        strategy_discussion(
            f.open_episode(unborn, user, D(2026, 5, 4)), user, D(2026, 5, 5), "NOT_INVITED"
        )
        merged = f.ChildFactory()
        strategy_discussion(
            f.open_episode(merged, user, D(2026, 5, 4)), user, D(2026, 5, 6), "ATTENDED"
        )
        merge(merged)
        return {"k": k.pk, "l": l_child.pk, "unborn": unborn.pk}

    def test_share_of_meetings_the_child_took_part_in(self, borough):
        result = self.measure.result(PERIOD, today=TODAY)

        # 6 meetings: k's strategy discussion (not invited), ICPC and core group (attended),
        # review (views shared); l's May review (declined); the unborn child's strategy
        # discussion (not invited). Took part: 3 of 6.
        assert (result.headline.value, result.headline.numerator) == (50.0, 3)
        assert result.headline.denominator == 6
        assert {f.key: (f.value, f.numerator) for f in result.breakdown} == {
            "attended": (33.3, 2),
            "views-shared": (16.7, 1),
            "not-invited": (33.3, 2),
            "declined": (16.7, 1),
        }
        # April 2 of 3, May 0 of 2, June 1 of 1.
        assert [(p.value, p.numerator, p.denominator) for p in result.monthly] == [
            (66.7, 2, 3),
            (0.0, 0, 2),
            (100.0, 1, 1),
        ]

    def test_the_meetings_behind_each_figure(self, borough):
        m = self.measure
        assert people(m, "took-part") == [borough["k"]] * 3
        assert people(m, "attended") == [borough["k"]] * 2
        assert people(m, "views-shared") == [borough["k"]]
        assert people(m, "not-invited") == sorted([borough["k"], borough["unborn"]])
        assert people(m, "declined") == [borough["l"]]
        assert [
            (r.on_date, r.detail, r.extra) for r in m.rows(PERIOD, today=TODAY, key="took-part")
        ] == [
            (
                D(2026, 4, 21),
                "Initial child protection conference: Attended",
                {"meeting": "Initial child protection conference"},
            ),
            (D(2026, 4, 30), "Core group: Attended", {"meeting": "Core group"}),
            (
                D(2026, 6, 30),
                "Review conference: Views shared another way (advocate, in writing)",
                {"meeting": "Review conference"},
            ),
        ]


class TestAssessmentsRecordingViews:
    measure = AssessmentsRecordingViews()

    @pytest.fixture
    def borough(self):
        user = f.staff_user()

        def assessed(authorised_on, *, views="", seen=None, child=None, referred=MARCH):
            child = child or f.ChildFactory()
            episode = f.open_episode(child, user, referred)
            assessment = f.start_assessment(episode, user)
            f.authorise_assessment(
                assessment, user, authorised_on, childs_views=views, child_seen_date=seen
            )
            return child

        children = {
            "views_seen": assessed(
                D(2026, 4, 1), views="She feels safe at school.", seen=D(2026, 3, 10)
            ),
            "blank_seen": assessed(D(2026, 4, 20), views="  \n\t ", seen=D(2026, 4, 2)),
            "views_not_seen": assessed(D(2026, 5, 12), views="Wants to live with his nan."),
            # Born while the assessment ran, and seen on the day.
            "born_that_day": assessed(
                D(2026, 5, 4),
                seen=D(2026, 5, 4),
                child=f.ChildFactory(date_of_birth=D(2026, 5, 4)),
                referred=D(2026, 4, 1),
            ),
            "nothing": assessed(D(2026, 6, 30)),
            # A pre-birth assessment counts too: no views, not seen.
            "unborn": assessed(
                D(2026, 5, 5), child=f.UnbornChildFactory(expected_date_of_birth=D(2026, 9, 1))
            ),
            # Left out: the day before the period; a merged record.
            "before": assessed(D(2026, 3, 31), views="Likes football."),
            "merged": assessed(D(2026, 5, 6), views="Misses her dad.", seen=D(2026, 5, 1)),
        }
        merge(children["merged"])
        return {name: child.pk for name, child in children.items()}

    def test_views_recorded_and_child_seen(self, borough):
        result = self.measure.result(PERIOD, today=TODAY)

        # 6 assessments; views in 2 (blank text is not views); the child seen in 3.
        assert (result.headline.key, result.headline.value) == ("views", 33.3)
        assert (result.headline.numerator, result.headline.denominator) == (2, 6)
        assert {f.key: (f.value, f.numerator) for f in result.breakdown} == {
            "no-views": (66.7, 4),
            "seen": (50.0, 3),
            "not-seen": (50.0, 3),
            "authorised": (6.0, 6),
        }
        # April 1 of 2, May 1 of 3, June 0 of 1.
        assert [(p.value, p.numerator, p.denominator) for p in result.monthly] == [
            (50.0, 1, 2),
            (33.3, 1, 3),
            (0.0, 0, 1),
        ]

    def test_the_children_behind_each_figure(self, borough):
        m = self.measure
        b = borough
        assert people(m, "views") == sorted([b["views_seen"], b["views_not_seen"]])
        assert people(m, "no-views") == sorted(
            [b["blank_seen"], b["born_that_day"], b["nothing"], b["unborn"]]
        )
        assert people(m, "seen") == sorted([b["views_seen"], b["blank_seen"], b["born_that_day"]])
        assert people(m, "not-seen") == sorted([b["views_not_seen"], b["nothing"], b["unborn"]])
        assert len(people(m, "authorised")) == 6
        first = m.rows(PERIOD, today=TODAY, key="views")[0]
        assert (first.on_date, first.detail) == (
            D(2026, 4, 1),
            "Views recorded; child seen 10 March 2026",
        )
