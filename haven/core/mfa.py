"""The second factor of signing in: time-based one-time codes from an authenticator app
(RFC 6238 TOTP; security reference R15, ASVS 5 6.3.3, v4 4.3.1).

A correct password does not sign anyone in. It starts a *pending* sign-in: the session holds
only the user's id, for five minutes (``HAVEN_MFA_PENDING_SECONDS``), and nothing in Haven treats
that as signed in (``_auth_user_id`` is not set). The person then types the 6-digit code their
app shows; only a right code calls ``django.contrib.auth.login``. Someone without a confirmed
app is shown a new secret (as a QR code and as text) and signs in by typing its first code.

Codes:

* a code is accepted for the current 30-second step and one step either side, for clocks that
  drift and people who type slowly;
* the step of the last accepted code is kept (``TOTPDevice.last_used_counter``): a code for that
  step or an earlier one is refused, so a code seen over someone's shoulder, or replayed from a
  captured request, cannot be used again;
* a wrong code is a failed sign-in attempt (haven.core.signin), so five wrong codes lock the
  username like five wrong passwords, and a locked username's right code is refused too.

Demo simple sign-in (``HAVEN_DEMO_SIMPLE_SIGN_IN``, local settings only): on the demo borough,
from a browser on the same computer, the printed demo accounts sign in with the password alone.
The system checks in haven.core.checks refuse the setting wherever DEBUG is off.

``reauthenticate`` is for step-up (break-glass): the password and, if the person has an app, a
code, checked without signing anyone in or out.
"""

from __future__ import annotations

import io
import ipaddress
import logging
import re
import time
from dataclasses import dataclass
from typing import Any

import pyotp
import segno
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from haven.core import signin
from haven.core.models import TOTPDevice

security_log = logging.getLogger("haven.security")

STEP_SECONDS = 30
DIGITS = 6
# Steps either side of now whose code is accepted: 30 seconds of clock drift each way.
VALID_WINDOW = 1
# 32 base32 characters: a 160-bit secret, as RFC 4226 recommends.
SECRET_LENGTH = 32

PENDING_SESSION_KEY = "haven_mfa_pending"
CODE_PATTERN = re.compile(r"^[0-9]{6}$")


class MfaError(Exception):
    """A request the second factor cannot meet (enrolling over a confirmed app)."""


# --- Devices ----------------------------------------------------------------------------------


def device_get(user: Any) -> TOTPDevice | None:
    """The person's authenticator app, confirmed or not."""
    return TOTPDevice.objects.filter(user=user).first()


def confirmed_device_get(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def has_confirmed_device(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def enrol(user: Any) -> TOTPDevice:
    """The person's unconfirmed app: the one already shown to them, or a new secret.

    The same secret comes back until it is confirmed, so reloading the set-up page does not
    make the app they have just scanned useless. A confirmed app is never replaced here: an
    administrator removes it (in the admin) when a phone is lost, and the person sets up again.
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user).first()
        if device is None:
            return TOTPDevice.objects.create(
                user=user, secret=pyotp.random_base32(length=SECRET_LENGTH)
            )
        if device.confirmed_at is not None:
            raise MfaError("This account already has a confirmed authenticator app.")
        return device


def confirm(device: TOTPDevice, code: str, *, now: float | None = None) -> bool:
    """Confirm an app with its first code; False (and still unconfirmed) if the code is wrong."""
    with transaction.atomic():
        if not _accept_code(device, code, now=now):
            return False
        device.confirmed_at = timezone.now()
        device.save(update_fields=["confirmed_at"])
    security_log.warning(
        "event=mfa_device_confirmed user_id=%s",
        device.user_id,
        extra={"event": "mfa_device_confirmed", "user_id": device.user_id},
    )
    return True


def verify(device: TOTPDevice, code: str, *, now: float | None = None) -> bool:
    """Whether `code` is right for this confirmed app now (±1 step) and not used before."""
    if device.confirmed_at is None:
        return False
    with transaction.atomic():
        return _accept_code(device, code, now=now)


def verify_user_code(user: Any, code: str, *, now: float | None = None) -> bool:
    """Whether `code` is right for the person's confirmed app; False if they have none."""
    device = confirmed_device_get(user)
    return device is not None and verify(device, code, now=now)


def _accept_code(device: TOTPDevice, code: str, *, now: float | None) -> bool:
    """Check the code against the locked row and, if right, use up its step. Call inside a
    transaction: two requests with the same code cannot both see the step unused."""
    code = normalise_code(code)
    if not CODE_PATTERN.match(code):
        return False
    locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    counter = matching_counter(locked.secret, code, now=now)
    if counter is None:
        return False
    if locked.last_used_counter is not None and counter <= locked.last_used_counter:
        return False  # replayed, or older than a code already used
    locked.last_used_counter = counter
    locked.save(update_fields=["last_used_counter"])
    device.last_used_counter = counter
    return True


def normalise_code(code: str) -> str:
    """What people type: '123 456' and '123-456' are 123456."""
    return re.sub(r"[\s-]", "", code or "")


def matching_counter(secret: str, code: str, *, now: float | None = None) -> int | None:
    """The time step within the window whose code is `code`, or None. Every step is compared
    in constant time, so how long it takes says nothing about which step was close."""
    current = int((time.time() if now is None else now) // STEP_SECONDS)
    hotp = pyotp.HOTP(secret, digits=DIGITS)
    found: int | None = None
    for counter in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if constant_time_compare(hotp.at(counter), code) and found is None:
            found = counter
    return found


def code_at(secret: str, *, now: float | None = None) -> str:
    """The code an app shows now (tests, and `manage.py` helpers)."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).at(
        time.time() if now is None else now
    )


def provisioning_uri(device: TOTPDevice) -> str:
    """The otpauth:// URI the QR code holds: issuer and account name show in the app."""
    issuer = f"Haven ({settings.HAVEN_AUTHORITY_NAME})"
    return pyotp.TOTP(device.secret, digits=DIGITS, interval=STEP_SECONDS).provisioning_uri(
        name=device.user.get_username(), issuer_name=issuer
    )


def qr_code_svg(device: TOTPDevice) -> bytes:
    """The provisioning URI as an SVG QR code, black on white, with no styles or scripts."""
    buffer = io.BytesIO()
    segno.make(provisioning_uri(device), error="m").save(
        buffer,
        kind="svg",
        scale=5,
        border=4,
        dark="#000",
        light="#fff",
        xmldecl=False,
        title="QR code for your authenticator app",
    )
    return buffer.getvalue()


def grouped_secret(secret: str) -> str:
    """The secret in groups of four, easier to type into an app: 'ABCD EFGH ...'."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


# --- The pending sign-in ------------------------------------------------------------------------


@dataclass(frozen=True)
class PendingSignIn:
    """A right password waiting for its code: who, and where to go afterwards."""

    user: Any
    backend: str
    redirect_to: str


def pending_start(request: HttpRequest, user: Any, *, redirect_to: str) -> None:
    """Remember who typed the right password, in a new session key (no session fixation).

    Nothing else goes in: the user is not signed in until the code is right.
    """
    request.session.cycle_key()
    request.session[PENDING_SESSION_KEY] = {
        "user_id": user.pk,
        "backend": getattr(user, "backend", "django.contrib.auth.backends.ModelBackend"),
        "redirect_to": redirect_to,
        "started": time.time(),
    }


def pending_get(request: HttpRequest) -> PendingSignIn | None:
    """The pending sign-in if it is under five minutes old and the account is still active;
    an expired one is removed."""
    data = request.session.get(PENDING_SESSION_KEY)
    if not isinstance(data, dict):
        return None
    age = time.time() - float(data.get("started", 0))
    if not 0 <= age <= settings.HAVEN_MFA_PENDING_SECONDS:
        pending_clear(request)
        return None
    user_id = data.get("user_id")
    if not isinstance(user_id, int):
        pending_clear(request)
        return None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        pending_clear(request)
        return None
    return PendingSignIn(
        user=user, backend=str(data["backend"]), redirect_to=str(data["redirect_to"])
    )


def pending_clear(request: HttpRequest) -> None:
    request.session.pop(PENDING_SESSION_KEY, None)


# --- Demo simple sign-in ----------------------------------------------------------------------

FORWARDING_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")


def demo_simple_sign_in_allowed(request: HttpRequest, user: Any) -> bool:
    """Whether this password-only sign-in is a demo account on the demo computer itself.

    All of: the setting is on (local settings only; haven.core.checks refuses it when DEBUG is
    off), the request comes straight from a loopback address with no proxy in between (a proxy
    on the same host would make every visitor look local), and the username is one of the demo
    accounts `manage.py demo_logins` prints.
    """
    from haven.demo.selectors import DEMO_USERNAMES

    if not getattr(settings, "HAVEN_DEMO_SIMPLE_SIGN_IN", False):
        return False
    if int(settings.HAVEN_TRUSTED_PROXY_COUNT) != 0:
        return False
    if any(request.META.get(header) for header in FORWARDING_HEADERS):
        return False
    try:
        address = ipaddress.ip_address(str(request.META.get("REMOTE_ADDR", "")))
    except ValueError:
        return False
    return address.is_loopback and user.get_username() in DEMO_USERNAMES


# --- Step-up ------------------------------------------------------------------------------------


def reauthenticate(user: Any, password: str, code: str) -> bool:
    """Whether the signed-in person proves again who they are: their password and, if they
    have a confirmed authenticator app, a code from it (step-up before break-glass, ASVS 5
    7.5.3). Nobody is signed in or out and the session is not touched.

    The checks sit behind the sign-in lock (haven.core.signin): a wrong password or code is a
    failed attempt for the username, and while the username is locked this is refused without
    checking anything, so a stolen session cannot be used to guess the password here. A code
    is used up like one typed at sign-in, so the same code cannot re-authenticate twice.
    """
    username = user.get_username()
    if not user.is_active:
        return False
    checked = signin.sign_in_authenticate(request=None, username=username, password=password)
    if checked is None or checked.pk != user.pk:
        return False
    if not has_confirmed_device(user):
        return True
    return signin.sign_in_second_factor(
        request=None, username=username, check=lambda: verify_user_code(user, code)
    )
