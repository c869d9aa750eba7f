import pytest
from django.urls import reverse

from haven.casework.models import CaseNote
from haven.core.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return f.staff_user()


@pytest.fixture
def child():
    return f.ChildFactory(first_name="Sam", last_name="Taylor")


def url(child):
    return reverse("casework:note_create", kwargs={"pk": child.pk})


class TestCaseNoteCreateView:
    def test_signed_out_goes_to_sign_in(self, client, child):
        assert f.redirects_to_sign_in(client.get(url(child)))

    def test_a_user_who_is_not_staff_gets_404(self, client, child):
        f.signed_in(client, f.non_staff_user())

        assert client.get(url(child)).status_code == 404
        assert client.post(url(child), {"note_title": "T", "body": "B"}).status_code == 404
        assert not CaseNote.objects.exists()

    def test_shows_the_form(self, client, staff, child):
        response = f.signed_in(client, staff).get(url(child))

        assert response.status_code == 200
        assert f.page_heading(response) == "Add a case note"

    def test_invalid_input_shows_the_errors_and_saves_nothing(self, client, staff, child):
        f.signed_in(client, staff)

        response = client.post(url(child), {"note_title": "", "body": "   "})

        assert response.status_code == 200
        assert f.error_summary(response) == ["Enter a title for the note", "Enter the note"]
        assert not CaseNote.objects.exists()

    def test_a_valid_note_is_saved(self, client, staff, child):
        response = f.signed_in(client, staff).post(
            url(child), {"note_title": "School call", "body": "Attendance is 80%."}
        )

        assert response.status_code == 302
        assert response["Location"] == reverse("people:child_notes", kwargs={"pk": child.pk})
        note = CaseNote.objects.get(child=child)
        assert (note.title, note.body, note.author) == ("School call", "Attendance is 80%.", staff)
