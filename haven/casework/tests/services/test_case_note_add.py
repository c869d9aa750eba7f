import datetime

import pytest

from haven.access.policy import AccessDenied
from haven.casework import services
from haven.core.errors import RuleBroken
from haven.core.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return f.staff_user()


@pytest.fixture
def child():
    return f.ChildFactory()


class TestCaseNoteAdd:
    def test_adds_a_note_linked_to_the_open_episode(self, child, user):
        episode = f.open_episode(child, user, datetime.date(2026, 3, 2))

        note = services.case_note_add(
            acting_user=user, child=child, title="  Phone call  ", body="Mother rang about school."
        )

        note.refresh_from_db()
        assert note.title == "Phone call"
        assert note.body == "Mother rang about school."
        assert note.episode == episode
        assert note.author == user
        assert f.audited(child, user)

    def test_a_note_without_an_open_episode_has_no_episode(self, child, user):
        note = services.case_note_add(
            acting_user=user, child=child, title="Background", body="Known to the family hub."
        )

        assert note.episode is None

    def test_an_empty_note_is_refused(self, child, user):
        before = f.db_snapshot()

        with pytest.raises(RuleBroken) as refused:
            services.case_note_add(acting_user=user, child=child, title="Call", body="   ")

        assert refused.value.field == "body"
        assert f.db_snapshot() == before

    def test_a_non_staff_user_is_refused(self, child):
        outsider = f.non_staff_user()
        before = f.db_snapshot()

        with pytest.raises(AccessDenied):
            services.case_note_add(acting_user=outsider, child=child, title="Call", body="Text")

        assert f.db_snapshot() == before
