import datetime

import pytest

from haven.access.policy import AccessDenied
from haven.core.errors import RuleBroken
from haven.core.tests import factories as f
from haven.meetings import services

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def user():
    return f.staff_user()


@pytest.fixture
def child():
    return f.ChildFactory()


@pytest.fixture
def enquiry(child, user):
    episode = f.open_episode(child, user, D(2026, 3, 2))
    return f.start_section_47(episode, user, D(2026, 3, 3))


def complete(enquiry, user, end_date=None, outcome="NOT_SUBSTANTIATED"):
    return services.section_47_complete(
        acting_user=user, enquiry=enquiry, end_date=end_date or D(2026, 3, 13), outcome=outcome
    )


def refused(call):
    before = f.db_snapshot()
    with pytest.raises(RuleBroken) as error:
        call()
    assert f.db_snapshot() == before
    return error.value


class TestSection47Complete:
    def test_records_the_end_and_outcome(self, enquiry, child, user):
        complete(enquiry, user, D(2026, 3, 13), "CHILD_IN_NEED")

        enquiry.refresh_from_db()
        assert enquiry.end_date == D(2026, 3, 13)
        assert enquiry.outcome == "CHILD_IN_NEED"
        assert enquiry.icpc_not_required
        assert f.audited(child, user, "UPDATE")

    def test_an_icpc_outcome_keeps_the_conference_required(self, enquiry, user):
        complete(enquiry, user, outcome="ICPC")

        enquiry.refresh_from_db()
        assert not enquiry.icpc_not_required

    def test_after_a_no_conference_outcome_an_icpc_is_refused(self, enquiry, user):
        complete(enquiry, user, outcome="NO_FURTHER_ACTION")

        error = refused(lambda: f.hold_icpc(enquiry, user, D(2026, 3, 16)))

        assert "no conference was required" in error.message

    def test_ending_before_the_strategy_discussion_is_refused(self, enquiry, user):
        # The referral was on 2 March; the enquiry started on 3 March.
        error = refused(lambda: complete(enquiry, user, D(2026, 3, 2)))

        assert error.field == "end_date"

    def test_completing_twice_is_refused(self, enquiry, user):
        complete(enquiry, user)

        error = refused(lambda: complete(enquiry, user, D(2026, 3, 20)))

        assert "already complete" in error.message

    def test_a_non_staff_user_is_refused(self, enquiry):
        outsider = f.non_staff_user()
        before = f.db_snapshot()

        with pytest.raises(AccessDenied):
            complete(enquiry, outsider)

        assert f.db_snapshot() == before
