"""Partner API credentials: making, checking and revoking keys.

A key reads ``hvn_<key id>_<secret>``: 16 hex characters that find the client's row, and 43
URL-safe characters (256 random bits) that prove it. Only SHA-256 of the secret is stored. A
secret with 256 bits of entropy cannot be guessed, so it needs neither a salt nor a slow hash
(unlike a password), and a plain hash does not tie every key to the SECRET_KEY's rotation. The
comparison takes the same time whether or not the key id exists (ASVS 5 11.2.4).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import logging
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from haven.api.models import ApiClient
from haven.core.errors import RuleBroken
from haven.core.services import audit
from haven.workforce.models import Worker

log = logging.getLogger(__name__)

KEY_PREFIX = "hvn_"
KEY_PATTERN = re.compile(r"hvn_(?P<key_id>[0-9a-f]{16})_(?P<secret>[A-Za-z0-9_-]{43})")
# last_used_at is written at most this often, so a busy client does not write on every request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)
# Compared against when the key id is unknown, so that answer takes as long as a wrong secret.
_NO_SUCH_HASH = hashlib.sha256(b"no such key").hexdigest()


@dataclass(frozen=True)
class IssuedKey:
    """A new client and its key. The key is shown once and never stored."""

    client: ApiClient
    key: str


def _secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


@transaction.atomic
def api_client_create(
    *, organisation: str, agency: str, scopes: Iterable[str], at: datetime.datetime | None = None
) -> IssuedKey:
    """A partner system's client with its own key and a service account for the audit trail
    (the account cannot sign in: it is inactive, has no password and no role)."""
    organisation = organisation.strip()
    scopes = sorted(set(scopes))
    if not organisation or len(organisation) > 150:
        raise RuleBroken("Give the organisation's name (150 characters or fewer).")
    if agency not in Worker.PartnerAgency.values:
        choices = ", ".join(Worker.PartnerAgency.values)
        raise RuleBroken(f"The agency must be one of {choices}.")
    unknown = [s for s in scopes if s not in ApiClient.Scope.values]
    if not scopes or unknown:
        choices = ", ".join(ApiClient.Scope.values)
        raise RuleBroken(f"Give one or more scopes from {choices}.")
    key_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    user = get_user_model().objects.create_user(
        username=f"api-{key_id}",
        password=None,
        first_name=organisation,
        last_name="(partner system)",
        is_active=False,
    )
    client = ApiClient.objects.create(
        organisation=organisation,
        agency=agency,
        scopes=scopes,
        key_id=key_id,
        key_hash=_secret_hash(secret),
        service_user=user,
        created_at=at or timezone.now(),
    )
    audit(actor=user, action="CREATE", obj=client, detail="partner API client created")
    return IssuedKey(client=client, key=f"{KEY_PREFIX}{key_id}_{secret}")


@transaction.atomic
def api_client_revoke(*, key_id: str) -> ApiClient:
    """Stop a client's key working at once; the client and its history are kept."""
    client = None
    if re.fullmatch(r"[0-9a-f]{16}", key_id):
        client = ApiClient.objects.select_for_update().filter(key_id=key_id).first()
    if client is None:
        raise RuleBroken("No partner API client has that key id.")
    if client.is_active:
        client.is_active = False
        client.revoked_at = timezone.now()
        client.save(update_fields=["is_active", "revoked_at"])
        audit(
            actor=client.service_user,
            action="UPDATE",
            obj=client,
            detail="partner API client revoked",
        )
    return client


def api_client_authenticate(authorization: str | None) -> ApiClient | None:
    """The active client whose key is in an ``Authorization: Bearer <key>`` header, or None
    for a missing, malformed, unknown, wrong or revoked key (one answer for all: R6)."""
    if not authorization:
        return None
    scheme, _, key = authorization.partition(" ")
    match = KEY_PATTERN.fullmatch(key.strip())
    if scheme.lower() != "bearer" or match is None:
        return None
    client = ApiClient.objects.select_related("service_user").filter(key_id=match["key_id"]).first()
    expected = client.key_hash if client is not None else _NO_SUCH_HASH
    if not hmac.compare_digest(_secret_hash(match["secret"]), expected):
        return None
    if client is None or not client.is_active:
        return None
    now = timezone.now()
    if client.last_used_at is None or now - client.last_used_at >= LAST_USED_RESOLUTION:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now
    return client
