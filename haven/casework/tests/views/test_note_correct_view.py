import pytest
from django.urls import reverse

from haven.casework import services
from haven.casework.models import CaseNote
from haven.core.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return f.staff_user()


@pytest.fixture
def child():
    return f.ChildFactory(first_name="Sam", last_name="Taylor")


@pytest.fixture
def note(child, staff):
    return services.case_note_add(
        acting_user=staff, child=child, title="Home visit", body="Father was at home."
    )


def url(child, note):
    return reverse("casework:note_correct", kwargs={"pk": child.pk, "note_id": note.pk})


def valid(**overrides):
    data = {
        "note_title": "Home visit",
        "body": "Mother was at home.",
        "reason": "Wrong parent named",
    }
    data.update(overrides)
    return data


class TestCaseNoteCorrectView:
    def test_signed_out_goes_to_sign_in(self, client, child, note):
        assert f.redirects_to_sign_in(client.get(url(child, note)))

    def test_a_user_who_is_not_staff_gets_404(self, client, child, note):
        f.signed_in(client, f.non_staff_user())

        assert client.get(url(child, note)).status_code == 404
        assert client.post(url(child, note), valid()).status_code == 404
        assert CaseNote.objects.count() == 1

    def test_a_note_of_another_child_is_404(self, client, staff, note):
        f.signed_in(client, staff)

        assert client.post(url(f.ChildFactory(), note), valid()).status_code == 404
        assert CaseNote.objects.count() == 1

    def test_a_note_already_corrected_is_404(self, client, staff, child, note):
        services.case_note_amend(
            acting_user=staff,
            note=note,
            title="Home visit",
            body="Mother was at home.",
            reason="Wrong parent",
        )

        assert f.signed_in(client, staff).get(url(child, note)).status_code == 404

    def test_shows_the_form_filled_in_with_the_note(self, client, staff, child, note):
        response = f.signed_in(client, staff).get(url(child, note))

        assert response.status_code == 200
        assert f.page_heading(response) == "Correct a case note"
        assert "Father was at home." in response.content.decode()

    def test_invalid_input_shows_the_errors_and_saves_nothing(self, client, staff, child, note):
        f.signed_in(client, staff)

        response = client.post(url(child, note), valid(reason=""))

        assert response.status_code == 200
        assert f.error_summary(response) == ["Enter why the note is being corrected"]
        assert CaseNote.objects.count() == 1

    def test_a_correction_is_added_and_the_original_kept(self, client, staff, child, note):
        response = f.signed_in(client, staff).post(url(child, note), valid())

        assert response.status_code == 302
        note.refresh_from_db()
        assert note.body == "Father was at home."
        correction = CaseNote.objects.get(amends=note)
        assert correction.body == "Mother was at home."
        assert correction.amendment_reason == "Wrong parent named"
