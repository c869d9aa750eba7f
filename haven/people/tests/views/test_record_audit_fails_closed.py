"""Reading a child's record writes exactly one audit row per page, and if the audit write fails
the page shows nothing about the child (security reference R1, R2)."""

import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from haven.core.models import AuditEvent
from haven.core.tests import factories as f

pytestmark = pytest.mark.django_db


def test_each_read_writes_exactly_one_audit_row():
    user = f.staff_user()
    child = f.ChildFactory(first_name="Zebedee")
    client = f.signed_in(Client(), user)
    url = reverse("people:child_chronology", kwargs={"pk": child.pk})

    for _ in range(200):
        assert client.get(url).status_code == 200

    rows = AuditEvent.objects.filter(actor=user, action="VIEW", child_id=child.pk)
    assert rows.count() == 200
    # Who, which child, what, when, why and which request (security R1).
    assert set(rows.values_list("reason", flat=True)) == {"authority-wide role"}
    assert rows.values("request_id").distinct().count() == 200
    assert "" not in set(rows.values_list("request_id", flat=True))


@pytest.mark.parametrize(
    "name",
    [
        "people:child_chronology",
        "people:child_family",
        "people:child_episodes",
        "people:child_visits",
        "people:child_notes",
        "people:child_allocations",
        "casework:visit_create",
        "casework:note_create",
        "people:child_details",
    ],
)
def test_when_the_audit_write_fails_no_child_data_is_returned(monkeypatch, name):
    user = f.staff_user()
    child = f.ChildFactory(first_name="Zebedee", last_name="Quartermain")

    def broken_create(**kwargs):
        raise DatabaseError("audit unavailable")

    monkeypatch.setattr(AuditEvent.objects, "create", broken_create)
    client = f.signed_in(Client(raise_request_exception=False), user)

    response = client.get(reverse(name, kwargs={"pk": child.pk}))

    assert response.status_code == 500
    assert "Zebedee" not in response.content.decode()
    assert "Quartermain" not in response.content.decode()
