"""Reading a child's record writes exactly one audit row per page, and if the audit write fails
the page shows nothing about the child (security reference R1, R2)."""

import pytest
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse

from haven.core.models import AuditEvent
from haven.core.tests import factories as f
from haven.people import views

pytestmark = pytest.mark.django_db


def test_each_read_writes_exactly_one_audit_row():
    user = f.staff_user()
    child = f.ChildFactory(first_name="Zebedee")
    client = f.signed_in(Client(), user)
    url = reverse("people:child_chronology", kwargs={"pk": child.pk})

    for _ in range(200):
        assert client.get(url).status_code == 200

    assert AuditEvent.objects.filter(actor=user, action="VIEW", child_id=child.pk).count() == 200


def test_when_the_audit_write_fails_no_child_data_is_returned(monkeypatch):
    user = f.staff_user()
    child = f.ChildFactory(first_name="Zebedee", last_name="Quartermain")

    def broken_audit(**kwargs):
        raise DatabaseError("audit unavailable")

    monkeypatch.setattr(views, "audit", broken_audit)
    client = f.signed_in(Client(raise_request_exception=False), user)

    response = client.get(reverse("people:child_chronology", kwargs={"pk": child.pk}))

    assert response.status_code == 500
    assert "Zebedee" not in response.content.decode()
    assert "Quartermain" not in response.content.decode()
