import datetime

import pytest

from haven.access.policy import AccessDenied
from haven.core.errors import RuleBroken
from haven.core.tests import factories as f
from haven.workforce import services
from haven.workforce.models import Allocation

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def user():
    return f.staff_user()


@pytest.fixture
def child():
    return f.ChildFactory()


@pytest.fixture
def first_worker():
    return f.WorkerFactory()


@pytest.fixture
def second_worker():
    return f.WorkerFactory()


def allocate(child, user, worker, start_date, change_reason=""):
    return services.allocation_allocate(
        acting_user=user,
        child=child,
        worker=worker,
        start_date=start_date,
        change_reason=change_reason,
    )


def refused(call):
    before = f.db_snapshot()
    with pytest.raises(RuleBroken) as error:
        call()
    assert f.db_snapshot() == before
    return error.value


class TestAllocationAllocate:
    def test_the_first_allocation_needs_no_reason(self, child, user, first_worker):
        allocation = allocate(child, user, first_worker, D(2026, 3, 2), change_reason="MANAGE")

        allocation.refresh_from_db()
        assert allocation.worker == first_worker
        assert allocation.team == first_worker.team
        assert allocation.end_date is None
        assert allocation.change_reason == ""
        assert allocation.created_by == user
        assert f.audited(child, user)

    def test_a_change_of_worker_ends_the_current_allocation_that_day(
        self, child, user, first_worker, second_worker
    ):
        first = allocate(child, user, first_worker, D(2026, 3, 2))

        second = allocate(child, user, second_worker, D(2026, 5, 1), change_reason="LEFTRL")

        first.refresh_from_db()
        assert first.end_date == D(2026, 5, 1)
        assert second.change_reason == "LEFTRL"
        assert second.end_date is None
        assert Allocation.objects.filter(child=child, end_date__isnull=True).get() == second

    def test_a_change_of_worker_needs_a_reason(self, child, user, first_worker, second_worker):
        allocate(child, user, first_worker, D(2026, 3, 2))

        error = refused(lambda: allocate(child, user, second_worker, D(2026, 5, 1)))

        assert error.field == "change_reason"

    def test_allocating_to_the_same_worker_again_is_refused(self, child, user, first_worker):
        allocate(child, user, first_worker, D(2026, 3, 2))

        error = refused(lambda: allocate(child, user, first_worker, D(2026, 5, 1), "MANAGE"))

        assert error.field == "worker"
        assert "already allocated" in error.message

    def test_starting_before_the_current_allocation_is_refused(
        self, child, user, first_worker, second_worker
    ):
        allocate(child, user, first_worker, D(2026, 3, 2))

        error = refused(lambda: allocate(child, user, second_worker, D(2026, 3, 1), "MANAGE"))

        assert error.field == "start_date"

    def test_an_allocation_overlapping_an_earlier_one_is_refused(
        self, child, user, first_worker, second_worker
    ):
        Allocation.objects.create(
            child=child,
            worker=first_worker,
            team=first_worker.team,
            start_date=D(2026, 1, 5),
            end_date=D(2026, 3, 31),
            created_by=user,
        )

        error = refused(lambda: allocate(child, user, second_worker, D(2026, 2, 2)))

        assert "already has a worker for part of that period" in error.message

    def test_a_worker_who_has_left_cannot_be_allocated(self, child, user):
        leaver = f.LeftWorkerFactory()

        error = refused(lambda: allocate(child, user, leaver, D(2026, 3, 2)))

        assert error.field == "worker"

    def test_a_worker_without_a_team_cannot_be_allocated(self, child, user):
        unteamed = f.WorkerFactory(team=None)

        error = refused(lambda: allocate(child, user, unteamed, D(2026, 3, 2)))

        assert error.field == "worker"

    def test_a_non_staff_user_is_refused(self, child, first_worker):
        outsider = f.non_staff_user()
        before = f.db_snapshot()

        with pytest.raises(AccessDenied):
            allocate(child, outsider, first_worker, D(2026, 3, 2))

        assert f.db_snapshot() == before
