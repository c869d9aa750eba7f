"""The child's record runs the same number of queries however long the child's story is."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from haven.casework import services as casework_services
from haven.core.tests import factories as f
from haven.referrals import services as referral_services

pytestmark = pytest.mark.django_db

D = datetime.date
TABS = [
    "people:child_chronology",
    "people:child_family",
    "people:child_episodes",
    "people:child_visits",
    "people:child_notes",
    "people:child_allocations",
]


def story(child, user, episodes):
    """`episodes` closed-and-reopened episodes, each with an assessment, a plan and visits."""
    start = D(2024, 1, 8)
    for n in range(episodes):
        referral = start + datetime.timedelta(weeks=20 * n)
        plan = f.cp_plan(child, user, referral)
        f.review(plan, user, plan.start_date + datetime.timedelta(days=30), outcome="END")
        for week in range(3):
            casework_services.visit_record(
                acting_user=user,
                child=child,
                visit_date=plan.start_date + datetime.timedelta(days=7 * week + 1),
                child_seen=True,
                seen_alone=False,
                bedroom_seen=False,
            )
        casework_services.case_note_add(acting_user=user, child=child, title="Note", body="Text")
        episode = plan.episode
        referral_services.episode_close(
            acting_user=user,
            episode=episode,
            closure_date=plan.start_date + datetime.timedelta(days=40),
            closure_reason="RC7",
        )


def queries(client, name, child):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(name, kwargs={"pk": child.pk}))
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", TABS)
def test_query_count_does_not_grow_with_the_record(client, name):
    user = f.staff_user()
    short, long = f.ChildFactory(), f.ChildFactory()
    story(short, user, episodes=1)
    story(long, user, episodes=3)
    signed = f.signed_in(client, user)
    queries(signed, name, short)  # the first request after sign-in also writes the session

    assert queries(signed, name, long) == queries(signed, name, short)
