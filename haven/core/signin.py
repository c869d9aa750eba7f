"""Brute-force protection for signing in (security reference R35; ASVS 5 6.3.1).

Every sign-in with a username and a password is one ``SignInAttempt`` row. Five failures for a
username within 15 minutes lock that username for 15 minutes; twenty failures from one address
throttle the address for 15 minutes (settings ``HAVEN_SIGNIN_*``). While locked or throttled,
the password is not even checked, so the right password is refused too.

Nobody may learn from the response which usernames exist or which are locked: an unknown
username, a wrong password and a locked account all get the same page, and a refused try still
spends one password hash so that it takes as long as a real check.

The password is only the first step (security reference R15): haven.core.views then asks for a
code from the person's authenticator app, checked by ``sign_in_second_factor`` behind the same
lock, so a wrong code counts as a failure exactly like a wrong password.

Race safety: the check is one query and the record one INSERT, with no read-modify-write of a
counter. Requests that arrive together can each get their one guess before any of them is
counted, so an attacker can go past the limit by at most the number of requests in flight,
which the workers and the per-address throttle bound.
"""

from __future__ import annotations

import datetime
import ipaddress
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from haven.core.models import SignInAttempt

security_log = logging.getLogger("haven.security")

STEP_PASSWORD = SignInAttempt.Step.PASSWORD
STEP_CODE = SignInAttempt.Step.CODE

USERNAME_MAX_LENGTH = SignInAttempt._meta.get_field("username").max_length or 150
USERNAME_HASH_SALT = "haven.core.signin.username_hash"

# For each recent failure (by this username or from this address), how many failures of the
# same kind fell in the window ending at it: a failure in the last lock period whose window
# held the limit started a lock that is still running. One statement, using the two partial
# indexes (username, at) and (ip, at).
STATUS_SQL = """
WITH recent AS (
    SELECT at,
           username = %(username)s AS by_username,
           coalesce(ip = %(ip)s, false) AS by_ip
    FROM core_signinattempt
    WHERE NOT succeeded AND NOT refused
      AND at > %(since)s
      AND (username = %(username)s OR ip = %(ip)s)
),
counted AS (
    SELECT at, by_username, by_ip,
           count(*) FILTER (WHERE by_username) OVER w AS username_failures,
           count(*) FILTER (WHERE by_ip) OVER w AS ip_failures
    FROM recent
    WINDOW w AS (ORDER BY at RANGE BETWEEN %(window)s PRECEDING AND CURRENT ROW)
)
SELECT
    coalesce(bool_or(by_username AND username_failures >= %(max_username)s
                     AND at > %(lock_since)s), false),
    coalesce(bool_or(by_ip AND ip_failures >= %(max_ip)s AND at > %(lock_since)s), false),
    count(*) FILTER (WHERE by_username AND at > %(window_since)s),
    count(*) FILTER (WHERE by_ip AND at > %(window_since)s)
FROM counted
"""


@dataclass(frozen=True)
class SignInStatus:
    """Whether sign-in is refused for a username and address, and their recent failures."""

    username_locked: bool
    ip_throttled: bool
    username_failures: int
    ip_failures: int

    @property
    def refused(self) -> bool:
        return self.username_locked or self.ip_throttled


def normalise_username(username: str) -> str:
    """The username as stored: lower-cased, so 'Ann' and 'ann' share one count."""
    return username.lower()[:USERNAME_MAX_LENGTH]


def username_hash(username: str) -> str:
    """A keyed hash of the username for logs (R13: no usernames in logs). Keyed with the
    SECRET_KEY, so it cannot be reversed by hashing a list of likely usernames, but whoever
    holds the key can still tell which account an incident was about."""
    digest = salted_hmac(USERNAME_HASH_SALT, normalise_username(username), algorithm="sha256")
    return digest.hexdigest()[:16]


def client_ip(request: HttpRequest | None) -> str | None:
    """The address the request came from: REMOTE_ADDR, or the address the trusted proxy saw.

    X-Forwarded-For is only believed as far as HAVEN_TRUSTED_PROXY_COUNT proxies appended to
    it; anything further left is whatever the client chose to send.
    """
    if request is None:
        return None
    address = str(request.META.get("REMOTE_ADDR", ""))
    proxies = int(settings.HAVEN_TRUSTED_PROXY_COUNT)
    forwarded = [a.strip() for a in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    forwarded = [a for a in forwarded if a]
    if proxies > 0 and len(forwarded) >= proxies:
        address = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def sign_in_status(
    *, username: str, ip: str | None, now: datetime.datetime | None = None
) -> SignInStatus:
    """Whether this username is locked or this address throttled, counted in one query."""
    now = now or timezone.now()
    window = datetime.timedelta(seconds=settings.HAVEN_SIGNIN_WINDOW_SECONDS)
    lock = datetime.timedelta(seconds=settings.HAVEN_SIGNIN_LOCK_SECONDS)
    params: dict[str, Any] = {
        "username": normalise_username(username),
        "ip": ip,
        "since": now - lock - window,
        "window": window,
        "lock_since": now - lock,
        "window_since": now - window,
        "max_username": settings.HAVEN_SIGNIN_MAX_FAILURES,
        "max_ip": settings.HAVEN_SIGNIN_MAX_FAILURES_PER_IP,
    }
    with connection.cursor() as cursor:
        cursor.execute(STATUS_SQL, params)
        locked, throttled, username_failures, ip_failures = cursor.fetchone()
    return SignInStatus(
        username_locked=bool(locked),
        ip_throttled=bool(throttled),
        username_failures=int(username_failures),
        ip_failures=int(ip_failures),
    )


def sign_in_attempt_record(
    *,
    username: str,
    ip: str | None,
    succeeded: bool,
    refused: bool = False,
    step: str = STEP_PASSWORD,
) -> SignInAttempt:
    """One INSERT per attempt, committed at once (requests are not atomic), so a failure
    counts even though the sign-in page then shows an error."""
    return SignInAttempt.objects.create(
        username=normalise_username(username),
        ip=ip,
        succeeded=succeeded,
        refused=refused,
        step=step,
    )


def sign_in_authenticate(*, request: HttpRequest | None, username: str, password: str) -> Any:
    """The user if the username and password are right and sign-in is not paused; else None.

    The caller shows the same error for every None, so a locked account looks exactly like
    a wrong password or an unknown username.
    """
    ip = client_ip(request)
    status = sign_in_status(username=username, ip=ip)
    if status.refused:
        # Spend the time a password check takes, so the refusal is not faster than a check.
        make_password(password)
        sign_in_attempt_record(username=username, ip=ip, succeeded=False, refused=True)
        return None
    user = authenticate(request, username=username, password=password)
    sign_in_attempt_record(username=username, ip=ip, succeeded=user is not None)
    if user is None:
        _log_lock_starting(username=username, ip=ip, status=status)
    return user


def sign_in_second_factor(
    *, request: HttpRequest | None, username: str, check: Callable[[], bool]
) -> bool:
    """Whether the second step of signing in (a code from an authenticator app, security
    reference R15) succeeds, behind the same lock and throttle as the password.

    `check` is only called when the username is not locked and the address not throttled. A
    wrong code is a failure like a wrong password: five of them lock the username, so the
    code cannot be guessed by someone who has the password.
    """
    ip = client_ip(request)
    status = sign_in_status(username=username, ip=ip)
    if status.refused:
        sign_in_attempt_record(
            username=username, ip=ip, succeeded=False, refused=True, step=STEP_CODE
        )
        return False
    succeeded = check()
    sign_in_attempt_record(username=username, ip=ip, succeeded=succeeded, step=STEP_CODE)
    if not succeeded:
        _log_lock_starting(username=username, ip=ip, status=status)
    return succeeded


def _log_lock_starting(*, username: str, ip: str | None, status: SignInStatus) -> None:
    """A structured warning when this failure starts a lock or a throttle (ASVS 5 16.3.1).

    Values are hex, integers or a parsed IP address: nothing typed by the user reaches the log,
    so it cannot forge a line (R14) or leak a password typed into the username box (R13).
    """
    lock_seconds = settings.HAVEN_SIGNIN_LOCK_SECONDS
    username_failures = status.username_failures + 1
    if username_failures >= settings.HAVEN_SIGNIN_MAX_FAILURES:
        fields: dict[str, Any] = {
            "event": "signin_username_locked",
            "username_hash": username_hash(username),
            "count": username_failures,
            "lock_seconds": lock_seconds,
        }
        security_log.warning(_format(fields), extra=fields)
    ip_failures = status.ip_failures + 1
    if ip is not None and ip_failures >= settings.HAVEN_SIGNIN_MAX_FAILURES_PER_IP:
        fields = {
            "event": "signin_ip_throttled",
            "ip": ip,
            "count": ip_failures,
            "lock_seconds": lock_seconds,
        }
        security_log.warning(_format(fields), extra=fields)


def _format(fields: dict[str, Any]) -> str:
    return " ".join(f"{key}={value}" for key, value in fields.items())
