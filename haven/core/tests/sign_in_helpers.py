"""Signing in through the real pages in tests: the password, then the code from an
authenticator app (security reference R15), computed with pyotp from the device's secret.

Most tests sign in with `client.force_login`; these helpers are for tests about signing in
itself, where the whole flow must run.
"""

from __future__ import annotations

import time
from typing import Any

import pyotp
from django.test import Client
from django.utils import timezone

from haven.core import mfa
from haven.core.models import TOTPDevice

CODE_URL = "/sign-in/code/"
SET_UP_URL = "/sign-in/set-up/"


def confirmed_device(user: Any) -> TOTPDevice:
    """An authenticator app the user has already set up."""
    return TOTPDevice.objects.create(
        user=user, secret=pyotp.random_base32(length=32), confirmed_at=timezone.now()
    )


def code_at_step(secret: str, counter: int) -> str:
    return pyotp.HOTP(secret, digits=mfa.DIGITS).at(counter)


def current_step() -> int:
    return int(time.time() // mfa.STEP_SECONDS)


def unused_code(device: TOTPDevice) -> str:
    """A right code the app has not used yet: the earliest step after the last one used, from
    the current step on. The oldest step of the window is never given: it leaves the window at
    the next step boundary, which a browser test typing the code can cross (seen in CI). When a
    test has used up the steps (several sign-ins within a minute), the record of the last step
    used is wound back, as if a minute had passed."""
    device.refresh_from_db()
    now = current_step()
    last = device.last_used_counter
    for counter in range(now, now + mfa.VALID_WINDOW + 1):
        if last is None or counter > last:
            return code_at_step(device.secret, counter)
    TOTPDevice.objects.filter(pk=device.pk).update(last_used_counter=now - 1)
    return code_at_step(device.secret, now)


def wrong_code(device: TOTPDevice) -> str:
    """A 6-digit code that no step in the accepted window has."""
    now = current_step()
    window = {code_at_step(device.secret, c) for c in range(now - 2, now + 3)}
    return next(f"{n:06d}" for n in range(1_000_000) if f"{n:06d}" not in window)


def sign_in(
    client: Client | None,
    username: str,
    password: str,
    *,
    set_up: bool = True,
    next_url: str = "",
    **extra: Any,
) -> Any:
    """Sign in through the pages: the password and then, if that was right, a right code (or,
    with no app yet and `set_up`, setting one up). Returns the last response, with `.client`
    and `.signed_in` (whether the session is now signed in) added."""
    client = client or Client()
    url = "/sign-in/" + (f"?next={next_url}" if next_url else "")
    response = client.post(url, {"username": username, "password": password}, **extra)
    location = response.get("Location", "") if response.status_code == 302 else ""
    if location == CODE_URL:
        device = TOTPDevice.objects.get(user__username__iexact=username)
        response = client.post(CODE_URL, {"code": unused_code(device)}, **extra)
    elif location == SET_UP_URL and set_up:
        assert client.get(SET_UP_URL, **extra).status_code == 200
        device = TOTPDevice.objects.get(user__username__iexact=username)
        response = client.post(SET_UP_URL, {"code": unused_code(device)}, **extra)
    response.client = client
    response.signed_in = "_auth_user_id" in client.session
    return response
