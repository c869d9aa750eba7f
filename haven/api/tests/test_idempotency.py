"""Idempotency-Key (R25): a retry replays the first answer, a key spent on another contact is
refused, concurrent duplicates make one contact, and a key is good for 24 hours."""

from __future__ import annotations

import datetime
import json
import threading

import pytest
from django.db import connection
from django.test import Client

from haven.api.models import IdempotencyRecord
from haven.api.tests.conftest import CONTACTS, contact_body, make_partner
from haven.core.models import AuditEvent
from haven.frontdoor.models import Contact


@pytest.mark.django_db
class TestRetries:
    def test_a_retry_with_the_same_key_and_body_replays_the_answer_and_creates_nothing(
        self, police
    ):
        first = police.post(contact_body(), key="retry-1")
        retries = [police.post(contact_body(), key="retry-1") for _ in range(4)]

        assert [r.status_code for r in [first, *retries]] == [201] * 5
        assert all(r.json() == first.json() for r in retries)
        assert all(r["Location"] == first["Location"] for r in retries)
        assert all(r["Idempotent-Replayed"] == "true" for r in retries)
        assert Contact.objects.count() == 1
        assert AuditEvent.objects.filter(object_type="frontdoor.contact").count() == 1

    def test_the_same_content_in_another_order_is_the_same_request(self, police):
        body = contact_body()
        police.post(json.dumps(body), key="order")

        reordered = json.dumps(dict(reversed(list(body.items()))), indent=2)
        retry = police.post(reordered, key="order")

        assert retry.status_code == 201
        assert retry["Idempotent-Replayed"] == "true"
        assert Contact.objects.count() == 1

    def test_a_quoted_key_is_the_same_key(self, police):
        police.post(contact_body(), key="abc-123")

        retry = police.post(contact_body(), key='"abc-123"')

        assert retry["Idempotent-Replayed"] == "true"

    def test_the_same_key_with_another_body_is_refused_and_changes_nothing(self, police):
        first = police.post(contact_body(), key="spent")

        other = police.post(contact_body(concern="A different worry altogether."), key="spent")

        assert other.status_code == 422
        assert other["Content-Type"] == "application/problem+json"
        assert other.json()["type"] == "tag:haven,2026:problems/idempotency-key-reused"
        assert Contact.objects.count() == 1
        record = IdempotencyRecord.objects.get()
        assert record.response_body == first.json()

    def test_keys_belong_to_one_client(self, police):
        school = make_partner("Hill Primary School", agency="EDUCATION")

        police.post(contact_body(), key="shared-key")
        theirs = school.post(contact_body(), key="shared-key")

        assert theirs.status_code == 201
        assert "Idempotent-Replayed" not in theirs
        assert Contact.objects.count() == 2

    def test_a_refused_request_does_not_spend_the_key(self, police):
        refused = police.post(contact_body(children=[]), key="fix-and-retry")
        ruled_out = police.post(contact_body(source="1A"), key="fix-and-retry")
        fixed = police.post(contact_body(), key="fix-and-retry")

        assert (refused.status_code, ruled_out.status_code, fixed.status_code) == (422, 422, 201)
        assert "Idempotent-Replayed" not in fixed
        assert Contact.objects.count() == 1

    def test_a_key_can_be_used_again_after_24_hours(self, police):
        police.post(contact_body(), key="daily")
        IdempotencyRecord.objects.update(
            created_at=IdempotencyRecord.objects.get().created_at - datetime.timedelta(hours=24)
        )

        again = police.post(contact_body(concern="A new concern the next day."), key="daily")

        assert again.status_code == 201
        assert "Idempotent-Replayed" not in again
        assert Contact.objects.count() == 2
        assert IdempotencyRecord.objects.get().response_body == again.json()

    @pytest.mark.parametrize("key", ["", " ", "é-key", "x" * 256, "tab\there"])
    def test_a_malformed_key_is_refused_with_400(self, police, key):
        response = police.http.post(
            CONTACTS,
            json.dumps(contact_body()),
            content_type="application/json",
            headers=police.headers(**{"Idempotency-Key": key}),
        )

        assert response.status_code == 400
        assert response.json()["type"] == "tag:haven,2026:problems/idempotency-key-required"
        assert not Contact.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_create_exactly_one_contact():
    """Eight threads, each with its own database connection, send the same key and body at
    the same moment: one contact, one stored result, and every answer is that result."""
    police = make_partner()
    body = json.dumps(contact_body())
    start = threading.Barrier(8)
    answers: list[tuple[int, dict, str | None]] = []
    failures: list[BaseException] = []

    def send() -> None:
        try:
            start.wait(timeout=10)
            response = Client().post(
                CONTACTS,
                body,
                content_type="application/json",
                headers=police.headers(**{"Idempotency-Key": "same-moment"}),
            )
            answers.append(
                (response.status_code, response.json(), response.get("Idempotent-Replayed"))
            )
        except BaseException as error:  # reported by the assertion below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert failures == []
    assert len(answers) == 8
    assert {status for status, _, _ in answers} == {201}
    assert len({json.dumps(body, sort_keys=True) for _, body, _ in answers}) == 1
    assert sorted(replayed or "" for _, _, replayed in answers) == [""] + ["true"] * 7
    assert Contact.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 1
