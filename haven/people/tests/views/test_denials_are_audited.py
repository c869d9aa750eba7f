"""A refused request for a child's record is audited like a view, and looks the same as a
request for a child who does not exist (security reference R3, R6)."""

import pytest
from django.urls import reverse

from haven.core.models import AuditEvent
from haven.core.tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_refused_record_request_writes_a_deny_row(client):
    child = f.ChildFactory(first_name="Dora")
    outsider = f.non_staff_user()
    signed = f.signed_in(client, outsider)

    refused = signed.get(reverse("people:child_visits", kwargs={"pk": child.pk}))
    missing = signed.get(reverse("people:child_visits", kwargs={"pk": 987654}))

    assert refused.status_code == missing.status_code == 404
    assert "Dora" not in refused.content.decode()
    denials = AuditEvent.objects.filter(actor=outsider, action="DENY").order_by("pk")
    assert [(d.child_id, d.detail) for d in denials] == [
        (child.pk, "child_visits"),
        (987654, "child_visits"),
    ]


def test_a_refused_workflow_step_is_audited_too(client):
    child = f.ChildFactory()
    outsider = f.non_staff_user()

    response = f.signed_in(client, outsider).post(
        reverse("casework:visit_create", kwargs={"pk": child.pk}), {}
    )

    assert response.status_code == 404
    assert AuditEvent.objects.filter(actor=outsider, action="DENY", child_id=child.pk).exists()
