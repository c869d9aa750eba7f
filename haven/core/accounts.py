"""Disabling dormant accounts (security reference R34).

Hackney's 2020 ransomware came in through a dormant account whose password matched its
username. An account nobody has signed in to for 90 days is disabled: administrators
included, since an unused admin account is the most dangerous kind. Disabling is
``is_active=False``, never deletion: the account's audit trail and history must stay
attributable, and a manager can turn it back on in the admin.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

security_log = logging.getLogger("haven.security")

DEFAULT_DORMANT_DAYS = 90


@dataclass(frozen=True)
class DormantAccountsReport:
    """What disabling dormant accounts did, or would do on a dry run."""

    user_ids: list[int]
    sessions_ended: int
    dry_run: bool

    @property
    def disabled(self) -> int:
        return len(self.user_ids)


def dormant_accounts(*, days: int, now: datetime.datetime | None = None) -> QuerySet[Any]:
    """Active accounts last signed in to `days` or more ago, or never signed in to and made
    `days` or more ago. An account of exactly `days` counts (R34: "disabled at 90 days")."""
    if days < 1:
        raise ValueError("days must be 1 or more")
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    users = get_user_model().objects.filter(is_active=True)
    last_used = Coalesce("last_login", "date_joined")
    return users.alias(last_used=last_used).filter(last_used__lte=cutoff).order_by("pk")


def dormant_accounts_disable(
    *, days: int = DEFAULT_DORMANT_DAYS, dry_run: bool = False, now: datetime.datetime | None = None
) -> DormantAccountsReport:
    """Disable dormant accounts and end their sessions; on a dry run change nothing.

    Django's ModelBackend already refuses an inactive user on their next request, so a
    disabled account's session stops working anyway. The session rows are deleted as well so
    that nothing signed in as the account outlives this command, whatever the backend.

    Sessions keep the user id only inside their encoded data, so each unexpired session is
    decoded in turn. At a council's scale (a few thousand staff, sessions lasting at most 12
    hours) that is a few thousand small rows, once a day: simpler and more certain than
    keeping a second record of which session belongs to whom, which every sign-in and
    sign-out would have to keep right.
    """
    now = now or timezone.now()
    with transaction.atomic():
        # Locked, so a sign-in that lands while this runs waits and then finds the account
        # disabled, rather than being overwritten by it.
        user_ids = list(
            dormant_accounts(days=days, now=now).select_for_update().values_list("pk", flat=True)
        )
        session_keys = _session_keys_of(user_ids=set(user_ids), now=now) if user_ids else []
        if dry_run:
            return DormantAccountsReport(
                user_ids=user_ids, sessions_ended=len(session_keys), dry_run=True
            )
        get_user_model().objects.filter(pk__in=user_ids).update(is_active=False)
        Session.objects.filter(session_key__in=session_keys).delete()
    if user_ids:
        # Ids, not usernames (R13): whoever investigates can look them up.
        fields = {"event": "dormant_accounts_disabled", "days": days, "count": len(user_ids)}
        security_log.warning(
            "event=dormant_accounts_disabled days=%d count=%d sessions_ended=%d user_ids=%s",
            days,
            len(user_ids),
            len(session_keys),
            ",".join(str(pk) for pk in user_ids),
            extra=fields,
        )
    return DormantAccountsReport(user_ids=user_ids, sessions_ended=len(session_keys), dry_run=False)


def _session_keys_of(*, user_ids: set[int], now: datetime.datetime) -> list[str]:
    """The keys of unexpired sessions signed in as any of these users."""
    wanted = {str(pk) for pk in user_ids}
    sessions = Session.objects.filter(expire_date__gt=now).only("session_key", "session_data")
    return [
        session.session_key
        for session in sessions.iterator(chunk_size=500)
        if str(session.get_decoded().get("_auth_user_id")) in wanted
    ]
