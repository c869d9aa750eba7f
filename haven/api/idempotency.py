"""Idempotent create requests (IETF draft-ietf-httpapi-idempotency-key-header-07; security
reference R25 and decision 7).

A partner system sends an ``Idempotency-Key`` with each POST, and the same key again when it
retries after a time-out. Within ``KEY_LIFETIME``:

- the same key with the same body gets the first response again (``Idempotent-Replayed``), and
  nothing new is created;
- the same key with another body is refused (422): the key was already spent on something else;
- two requests with the same key at the same moment create one contact. The key's row is
  inserted in the same transaction as the contact, before it, so the second insert waits on the
  unique constraint until the first commits, then replays its response (or, if the first rolled
  back, goes ahead itself).

Only a created result is kept. A request refused by a rule rolls back with its key, so the
partner can correct the body and retry with the same key (as Stripe does: "results are only
saved if an API endpoint started executing" successfully).

After ``KEY_LIFETIME`` (24 hours) a key may be used again for a new request; its row is reused.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from haven.api.models import ApiClient, IdempotencyRecord

KEY_LIFETIME = datetime.timedelta(hours=24)
MAX_KEY_LENGTH = 255
# Printable ASCII: a UUID, a ULID or any token a partner system makes. The draft's form, a
# quoted Structured Field string ("..."), is accepted and its quotes removed.
KEY_SHAPE = re.compile(r"[\x21-\x7e]{1,255}")


class KeyReused(Exception):
    """This key was already used, within its lifetime, for a request with another body."""


@dataclass(frozen=True)
class Outcome:
    status: int
    body: dict[str, Any]
    replayed: bool


def key_from_header(value: str | None) -> str | None:
    """The key in an ``Idempotency-Key`` header, or None when it is missing or malformed."""
    if value is None:
        return None
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    return value if KEY_SHAPE.fullmatch(value) else None


def fingerprint(payload: Any) -> str:
    """SHA-256 of the body as canonical JSON: the same content with other spacing or key order
    is the same request."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def _locked(client: ApiClient, key: str) -> IdempotencyRecord | None:
    return IdempotencyRecord.objects.select_for_update().filter(client=client, key=key).first()


def idempotent_create(
    *,
    client: ApiClient,
    key: str,
    request_fingerprint: str,
    create: Callable[[], tuple[int, dict[str, Any]]],
) -> Outcome:
    """Run `create` once for this client and key, or replay what it answered the first time.
    Raises KeyReused, or whatever `create` raises (and then keeps nothing)."""
    with transaction.atomic():
        now = timezone.now()
        record = _locked(client, key)
        if record is None:
            try:
                with transaction.atomic():
                    record = IdempotencyRecord.objects.create(
                        client=client, key=key, fingerprint=request_fingerprint, created_at=now
                    )
            except IntegrityError:
                # Another request with this key committed while this one waited for it.
                record = _locked(client, key)
                if record is None:  # it committed, so it is there; never happens
                    raise
        elif record.created_at <= now - KEY_LIFETIME:
            record.fingerprint = request_fingerprint
            record.created_at = now
            record.response_status = None
            record.response_body = None
            record.save(
                update_fields=["fingerprint", "created_at", "response_status", "response_body"]
            )
        if record.response_status is not None:
            if record.fingerprint != request_fingerprint:
                raise KeyReused
            return Outcome(record.response_status, record.response_body or {}, replayed=True)
        status, body = create()
        record.response_status = status
        record.response_body = body
        record.save(update_fields=["response_status", "response_body"])
        return Outcome(status, body, replayed=False)
