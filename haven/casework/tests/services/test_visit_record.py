import datetime

import pytest
from django.db import IntegrityError, transaction

from haven.access.policy import AccessDenied
from haven.casework import services
from haven.casework.models import Visit
from haven.core.errors import RuleBroken
from haven.core.tests import factories as f
from haven.referrals import services as referral_services

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def user():
    return f.staff_user()


@pytest.fixture
def child():
    return f.ChildFactory()


@pytest.fixture
def episode(child, user):
    return f.open_episode(child, user, D(2026, 3, 2))


def visit(child, user, visit_date, child_seen=True, seen_alone=True, bedroom_seen=True, **fields):
    return services.visit_record(
        acting_user=user,
        child=child,
        visit_date=visit_date,
        child_seen=child_seen,
        seen_alone=seen_alone,
        bedroom_seen=bedroom_seen,
        **fields,
    )


def refused(call):
    before = f.db_snapshot()
    with pytest.raises(RuleBroken) as error:
        call()
    assert f.db_snapshot() == before
    return error.value


class TestVisitRecord:
    def test_records_the_visit_against_the_episode(self, episode, child, user):
        recorded = visit(
            child, user, D(2026, 3, 10), childs_words="I want to stay", observations="Warm home"
        )

        recorded.refresh_from_db()
        assert recorded.episode == episode
        assert recorded.visited_by == user.worker
        assert recorded.child_seen
        assert recorded.seen_alone
        assert recorded.bedroom_seen
        assert recorded.childs_words == "I want to stay"
        assert f.audited(child, user)

    def test_seen_alone_without_being_seen_is_refused(self, episode, child, user):
        error = refused(
            lambda: visit(child, user, D(2026, 3, 10), child_seen=False, seen_alone=True)
        )

        assert error.field == "seen_alone"

    def test_the_database_refuses_seen_alone_without_being_seen(self, episode, child, user):
        with pytest.raises(IntegrityError), transaction.atomic():
            Visit.objects.create(
                child=child,
                episode=episode,
                visit_date=D(2026, 3, 10),
                child_seen=False,
                seen_alone=True,
                bedroom_seen=False,
                created_by=user,
            )

        assert not Visit.objects.exists()

    def test_a_visit_not_seen_is_recorded(self, episode, child, user):
        recorded = visit(
            child, user, D(2026, 3, 10), child_seen=False, seen_alone=False, bedroom_seen=False
        )

        assert not recorded.child_seen

    def test_a_visit_after_the_episode_closed_is_refused_8565(self, episode, child, user):
        referral_services.episode_close(
            acting_user=user, episode=episode, closure_date=D(2026, 4, 1), closure_reason="RC7"
        )

        error = refused(lambda: visit(child, user, D(2026, 4, 2)))

        assert error.code == "8565"
        assert "1 April 2026" in error.message

    def test_a_visit_before_any_referral_is_refused(self, episode, child, user):
        error = refused(lambda: visit(child, user, D(2026, 3, 1)))

        assert error.field == "visit_date"

    def test_a_non_staff_user_is_refused(self, episode, child):
        outsider = f.non_staff_user()
        before = f.db_snapshot()

        with pytest.raises(AccessDenied):
            visit(child, outsider, D(2026, 3, 10))

        assert f.db_snapshot() == before
