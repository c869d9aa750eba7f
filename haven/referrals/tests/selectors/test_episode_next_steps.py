"""The next steps offered on an episode follow the workflow's state."""

import datetime

import pytest

from haven.core.tests import factories as f
from haven.people.selectors import child_episodes
from haven.referrals.selectors import episode_next_steps

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def user():
    return f.staff_user()


def labels(child):
    (episode,) = [e for e in child_episodes(child) if e.closure_date is None] or child_episodes(
        child
    )
    return [step.label for step in episode_next_steps(episode)]


def test_a_new_referral(user):
    child = f.ChildFactory()
    f.open_episode(child, user, D(2026, 3, 2))
    assert labels(child) == [
        "Start an assessment",
        "Record a strategy discussion",
        "Start a child in need plan",
        "Close the episode",
    ]


def test_an_enquiry_awaiting_its_conference(user):
    child = f.ChildFactory()
    episode = f.open_episode(child, user, D(2026, 3, 2))
    f.start_assessment(episode, user)
    f.start_section_47(episode, user, D(2026, 3, 4))
    assert labels(child) == [
        "Authorise the assessment",
        "Record a strategy discussion",
        "Record the section 47 outcome",
        "Record the initial child protection conference",
        "Start a child in need plan",
        "Close the episode",
    ]


def test_a_child_protection_plan_offers_reviews_and_core_groups_but_no_cin_plan(user):
    child = f.ChildFactory()
    f.cp_plan(child, user, D(2026, 3, 2))
    steps = labels(child)
    assert "Record a review conference" in steps
    assert "Record a core group meeting" in steps
    assert "Start a child in need plan" not in steps


def test_a_closed_or_nfa_episode_offers_nothing(user):
    child = f.ChildFactory()
    f.open_episode(child, user, D(2026, 3, 2), referral_nfa=True)
    assert labels(child) == []
