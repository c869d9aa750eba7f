import datetime

import pytest

from haven.access.policy import AccessDenied
from haven.core.errors import RuleBroken
from haven.core.tests import factories as f
from haven.people import services

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def user():
    return f.staff_user()


def move(user, person, start_date, line_1="1 High Street", postcode="sm1  1aa"):
    return services.address_move(
        acting_user=user,
        person=person,
        line_1=line_1,
        town="Sutton",
        postcode=postcode,
        start_date=start_date,
    )


class TestAddressMove:
    def test_the_current_address_ends_when_the_new_one_starts(self, user):
        child = f.ChildFactory()
        first = move(user, child, D(2025, 1, 1))

        second = move(user, child, D(2026, 3, 1), line_1="2 Low Road")

        first.refresh_from_db()
        assert first.end_date == D(2026, 3, 1)
        assert second.end_date is None
        assert second.postcode == "SM1 1AA"
        assert f.audited(child, user)

    def test_a_new_address_before_the_current_one_is_refused(self, user):
        child = f.ChildFactory()
        move(user, child, D(2025, 1, 1))
        before = f.db_snapshot()

        with pytest.raises(RuleBroken) as refused:
            move(user, child, D(2024, 12, 1))

        assert refused.value.field == "start_date"
        assert f.db_snapshot() == before

    def test_a_non_staff_user_is_refused(self):
        child, outsider = f.ChildFactory(), f.non_staff_user()
        before = f.db_snapshot()

        with pytest.raises(AccessDenied):
            move(outsider, child, D(2025, 1, 1))

        assert f.db_snapshot() == before
