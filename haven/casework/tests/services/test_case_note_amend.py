import pytest
from django.db import Error, transaction

from haven.access.policy import AccessDenied
from haven.casework import services
from haven.casework.models import CaseNote
from haven.core.errors import RuleBroken
from haven.core.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return f.staff_user()


@pytest.fixture
def child():
    return f.ChildFactory()


@pytest.fixture
def note(child, user):
    return services.case_note_add(
        acting_user=user, child=child, title="Home visit", body="Father was at home."
    )


def amend(note, user, reason="Wrong parent named", **fields):
    fields.setdefault("title", "Home visit")
    fields.setdefault("body", "Mother was at home.")
    return services.case_note_amend(acting_user=user, note=note, reason=reason, **fields)


class TestCaseNoteAmend:
    def test_adds_a_correction_and_keeps_the_original_unchanged(self, note, child, user):
        original = CaseNote.objects.values().get(pk=note.pk)

        correction = amend(note, user)

        assert CaseNote.objects.values().get(pk=note.pk) == original
        assert correction.pk != note.pk
        assert correction.amends == note
        assert correction.body == "Mother was at home."
        assert correction.amendment_reason == "Wrong parent named"
        assert correction.child == child
        assert CaseNote.objects.filter(child=child).count() == 2
        assert f.audited(child, user)

    def test_amending_a_note_twice_is_refused(self, note, user):
        correction = amend(note, user)
        before = f.db_snapshot()

        with pytest.raises(RuleBroken) as refused:
            amend(note, user, body="Both parents were at home.")

        assert "already been corrected" in refused.value.message
        assert f.db_snapshot() == before
        # The latest version can still be corrected.
        assert amend(correction, user, body="Both parents were at home.").amends == correction

    def test_a_correction_needs_a_reason(self, note, user):
        before = f.db_snapshot()

        with pytest.raises(RuleBroken) as refused:
            amend(note, user, reason="  ")

        assert refused.value.field == "reason"
        assert f.db_snapshot() == before

    def test_the_database_refuses_to_update_a_note(self, note):
        with pytest.raises(Error, match="append-only"), transaction.atomic():
            CaseNote.objects.filter(pk=note.pk).update(body="Changed quietly")

        note.refresh_from_db()
        assert note.body == "Father was at home."

    def test_the_database_refuses_to_delete_a_note(self, note):
        with pytest.raises(Error, match="append-only"), transaction.atomic():
            CaseNote.objects.filter(pk=note.pk).delete()

        assert CaseNote.objects.filter(pk=note.pk).exists()

    def test_a_non_staff_user_is_refused(self, note):
        outsider = f.non_staff_user()
        before = f.db_snapshot()

        with pytest.raises(AccessDenied):
            amend(note, outsider)

        assert f.db_snapshot() == before
