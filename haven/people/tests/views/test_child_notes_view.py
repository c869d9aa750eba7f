import pytest
from django.urls import reverse

from haven.casework import services as casework_services
from haven.core.models import AuditEvent
from haven.core.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return f.staff_user()


@pytest.fixture
def child():
    return f.ChildFactory(first_name="Sam", last_name="Taylor")


def url(child):
    return reverse("people:child_notes", kwargs={"pk": child.pk})


class TestChildNotesView:
    def test_signed_out_goes_to_sign_in(self, client, child):
        assert f.redirects_to_sign_in(client.get(url(child)))

    def test_a_user_who_is_not_staff_gets_404(self, client, child):
        assert f.signed_in(client, f.non_staff_user()).get(url(child)).status_code == 404

    def test_no_notes_yet(self, client, staff, child):
        response = f.signed_in(client, staff).get(url(child))

        assert response.status_code == 200
        assert f.page_heading(response) == "Sam Taylor"
        assert "No case notes yet." in response.content.decode()
        assert AuditEvent.objects.filter(action="VIEW", detail="notes").count() == 1

    def test_a_corrected_note_is_marked_and_both_versions_are_shown(self, client, staff, child):
        note = casework_services.case_note_add(
            acting_user=staff, child=child, title="Home visit", body="Father was at home."
        )
        correction = casework_services.case_note_amend(
            acting_user=staff,
            note=note,
            title="Home visit (corrected)",
            body="Mother was at home.",
            reason="Wrong parent named",
        )

        html = f.signed_in(client, staff).get(url(child)).content.decode()

        assert "Father was at home." in html
        assert "Mother was at home." in html
        assert "Corrected" in html
        assert "Reason: Wrong parent named" in html
        assert (
            reverse("casework:note_correct", kwargs={"pk": child.pk, "note_id": correction.pk})
            in html
        )
        assert (
            reverse("casework:note_correct", kwargs={"pk": child.pk, "note_id": note.pk})
            not in html
        )
