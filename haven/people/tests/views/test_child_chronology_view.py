import datetime
import re
from unittest import mock

import pytest
from django.urls import reverse

from haven.casework import services as casework_services
from haven.core.models import AuditEvent
from haven.core.tests import factories as f

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def staff():
    return f.staff_user()


@pytest.fixture
def child():
    return f.ChildFactory(first_name="Sam", last_name="Taylor")


def url(child):
    return reverse("people:child_chronology", kwargs={"pk": child.pk})


def titles(html):
    return re.findall(r'<h2 class="moj-timeline__title">(.*?)</h2>', html)


class TestChildChronologyView:
    def test_signed_out_goes_to_sign_in(self, client, child):
        assert f.redirects_to_sign_in(client.get(url(child)))

    def test_a_user_who_is_not_staff_is_told_there_is_no_such_child(self, client, child):
        f.signed_in(client, f.non_staff_user())

        assert client.get(url(child)).status_code == 404
        assert not AuditEvent.objects.exclude(action="DENY").exists()
        assert AuditEvent.objects.get(action="DENY").child_id == child.pk

    def test_an_unknown_child_is_404(self, client, staff):
        response = f.signed_in(client, staff).get(
            reverse("people:child_chronology", kwargs={"pk": 999999})
        )

        assert response.status_code == 404

    def test_shows_the_record_and_writes_a_view_audit_row(self, client, staff, child):
        response = f.signed_in(client, staff).get(url(child))

        assert response.status_code == 200
        assert f.page_heading(response) == "Sam Taylor"
        assert '<h2 class="govuk-heading-m">Chronology</h2>' in response.content.decode()
        assert "Nothing recorded yet." in response.content.decode()
        event = AuditEvent.objects.get(action="VIEW")
        assert (event.actor, event.child_id, event.detail) == (staff, child.pk, "chronology")

    def test_events_are_newest_first(self, client, staff, child):
        episode = f.open_episode(child, staff, D(2026, 3, 2))
        f.start_assessment(episode, staff, D(2026, 3, 9))
        casework_services.visit_record(
            acting_user=staff,
            child=child,
            visit_date=D(2026, 3, 20),
            child_seen=True,
            seen_alone=True,
            bedroom_seen=True,
        )
        f.start_section_47(episode, staff, D(2026, 3, 5))

        html = f.signed_in(client, staff).get(url(child)).content.decode()

        assert titles(html) == [
            "Statutory visit",
            "Assessment started",
            "Strategy discussion",
            "Referral received",
        ]
        assert html.index("20 March 2026") < html.index("2 March 2026")

    def test_the_kind_filter_shows_only_the_chosen_kinds(self, client, staff, child):
        episode = f.open_episode(child, staff, D(2026, 3, 2))
        f.start_assessment(episode, staff, D(2026, 3, 9))
        casework_services.visit_record(
            acting_user=staff,
            child=child,
            visit_date=D(2026, 3, 20),
            child_seen=True,
            seen_alone=False,
            bedroom_seen=False,
        )

        f.signed_in(client, staff)
        visits = client.get(url(child), {"kind": "visit"}).content.decode()
        two = client.get(url(child), {"kind": ["visit", "referral"]}).content.decode()
        unknown = client.get(url(child), {"kind": "nonsense"}).content.decode()

        assert titles(visits) == ["Statutory visit"]
        assert 'value="visit" checked' in visits
        assert titles(two) == ["Statutory visit", "Referral received"]
        assert titles(unknown) == ["Statutory visit", "Assessment started", "Referral received"]

    def test_a_note_written_just_after_midnight_in_summer_shows_the_local_date(
        self, client, staff, child
    ):
        half_past_midnight_bst = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC)
        with mock.patch("django.utils.timezone.now", return_value=half_past_midnight_bst):
            casework_services.case_note_add(
                acting_user=staff, child=child, title="Police call", body="Called at 00:30."
            )

        html = f.signed_in(client, staff).get(url(child), {"kind": "note"}).content.decode()

        assert titles(html) == ["Case note: Police call"]
        assert '<time datetime="2026-07-01">1 July 2026</time>' in html
