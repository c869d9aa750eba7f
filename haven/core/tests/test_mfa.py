"""Multi-factor sign-in (security reference R15: "password-only login creates no authenticated
session"): the password starts a pending sign-in, a code from an authenticator app finishes
it; setting an app up on first sign-in; replay refusal and the lock; demo simple sign-in; the
system checks; the admin; and step-up re-authentication."""

from __future__ import annotations

import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyotp
import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import reverse

from haven.core import checks, mfa
from haven.core.models import SignInAttempt, TOTPDevice
from haven.core.tests import factories as f
from haven.core.tests.sign_in_helpers import (
    CODE_URL,
    SET_UP_URL,
    code_at_step,
    confirmed_device,
    current_step,
    sign_in,
    unused_code,
    wrong_code,
)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("config.urls")]

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = f.PASSWORD
LOOPBACK = "127.0.0.1"
REMOTE = "198.51.100.7"
WRONG_CODE = "The code is not correct. Enter the code your authenticator app shows now"
CODE_LABEL = "Enter the 6-digit code from your authenticator app"
PASSWORD_ERROR = "Enter a correct username and password"
AUTH_KEYS = {"_auth_user_id", "_auth_user_backend", "_auth_user_hash"}


@pytest.fixture
def user() -> Any:
    """A member of staff with an authenticator app already set up."""
    staff = f.staff_user(user__username="ann")
    confirmed_device(staff)
    return staff


@pytest.fixture
def device(user: Any) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user)


def password_step(client: Client, username: str = "ann", password: str = PASSWORD, **extra: Any):
    return client.post("/sign-in/", {"username": username, "password": password}, **extra)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def code_attempts(**filters: Any) -> int:
    return SignInAttempt.objects.filter(step=SignInAttempt.Step.CODE, **filters).count()


# --- The password alone signs nobody in -------------------------------------------------------


def test_a_right_password_creates_no_authenticated_session(client, user) -> None:
    response = password_step(client)

    assert response.status_code == 302
    assert response["Location"] == CODE_URL
    assert not AUTH_KEYS & set(client.session.keys())
    assert set(client.session.keys()) == {mfa.PENDING_SESSION_KEY}
    assert f.redirects_to_sign_in(client.get("/my-work/"))
    assert f.redirects_to_sign_in(client.get(f"/people/{f.ChildFactory().pk}/"))
    assert client.get("/admin/").status_code == 302
    assert not signed_in(client)


def test_without_an_app_the_password_leads_to_setting_one_up_not_to_a_session(client) -> None:
    f.staff_user(user__username="ann")
    response = password_step(client)

    assert response["Location"] == SET_UP_URL
    assert not signed_in(client)
    assert f.redirects_to_sign_in(client.get("/my-work/"))


def test_the_password_step_gives_a_new_session_key(client, user) -> None:
    session = client.session
    session["before"] = "signing in"
    session.save()
    before = session.session_key
    client.cookies["sessionid"] = before

    password_step(client)

    assert client.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()


def test_a_wrong_password_starts_no_pending_sign_in(client, user) -> None:
    response = password_step(client, password="wrong")
    assert response.status_code == 200
    assert f.error_summary(response) == [PASSWORD_ERROR]
    assert mfa.PENDING_SESSION_KEY not in client.session
    assert client.get(CODE_URL)["Location"] == "/sign-in/"


# --- The code ---------------------------------------------------------------------------------


def test_the_code_page(client, user) -> None:
    password_step(client)
    response = client.get(CODE_URL)
    html = response.content.decode()

    assert response.status_code == 200
    assert "<title>Enter the code from your authenticator app – Haven</title>" in html
    assert f'<label class="govuk-label govuk-label--l" for="id_code">{CODE_LABEL}</label>' in html
    assert 'autocomplete="one-time-code"' in html
    assert 'inputmode="numeric"' in html
    assert "sign-in is paused for 15 minutes" in html
    assert "no-store" in response["Cache-Control"]


def test_the_right_code_signs_in(client, user, device) -> None:
    password_step(client)
    response = client.post(CODE_URL, {"code": unused_code(device)})

    assert response.status_code == 302
    assert response["Location"] == "/my-work/"
    assert client.session["_auth_user_id"] == str(user.pk)
    assert mfa.PENDING_SESSION_KEY not in client.session
    assert client.get("/my-work/").status_code == 200
    assert code_attempts(succeeded=True) == 1


def test_the_code_may_be_typed_with_a_space(client, user, device) -> None:
    password_step(client)
    code = unused_code(device)
    client.post(CODE_URL, {"code": f"{code[:3]} {code[3:]}"})
    assert signed_in(client)


def test_signing_in_goes_on_to_the_page_asked_for(client, user, device) -> None:
    client.post("/sign-in/?next=/team/", {"username": "ann", "password": PASSWORD})
    response = client.post(CODE_URL, {"code": unused_code(device)})
    assert response["Location"] == "/team/"


def test_an_unsafe_next_page_is_ignored(client, user, device) -> None:
    client.post("/sign-in/?next=https://evil.example/", {"username": "ann", "password": PASSWORD})
    response = client.post(CODE_URL, {"code": unused_code(device)})
    assert response["Location"] == "/my-work/"


def test_a_wrong_code_is_refused_with_a_govuk_error_and_counted(client, user, device) -> None:
    password_step(client)
    response = client.post(CODE_URL, {"code": wrong_code(device)})
    html = response.content.decode()

    assert response.status_code == 200
    assert "<title>Error: Enter the code from your authenticator app – Haven</title>" in html
    assert f.error_summary(response) == [WRONG_CODE]
    assert f'<a href="#id_code">{WRONG_CODE}</a>' in html
    assert "govuk-input--error" in html
    assert not signed_in(client)
    assert code_attempts(succeeded=False, refused=False, username="ann") == 1
    # Still pending: the right code now signs in.
    client.post(CODE_URL, {"code": unused_code(device)})
    assert signed_in(client)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", CODE_LABEL),
        ("12345", "The code must be 6 digits"),
        ("abcdef", "The code must be 6 digits"),
    ],
)
def test_a_code_that_is_not_6_digits_is_not_checked(client, user, typed, message) -> None:
    password_step(client)
    response = client.post(CODE_URL, {"code": typed})
    assert f.error_summary(response) == [message]
    assert code_attempts() == 0


def test_five_wrong_codes_lock_the_username(client, user, device) -> None:
    password_step(client)
    for _ in range(5):
        assert f.error_summary(client.post(CODE_URL, {"code": wrong_code(device)})) == [WRONG_CODE]
    # Locked: the right code is refused like a wrong one, and so is the right password.
    response = client.post(CODE_URL, {"code": unused_code(device)})
    assert f.error_summary(response) == [WRONG_CODE]
    assert not signed_in(client)
    assert code_attempts(refused=True) == 1
    other = Client()
    assert f.error_summary(password_step(other)) == [PASSWORD_ERROR]
    assert not sign_in(None, "ann", PASSWORD).signed_in


def test_wrong_codes_and_wrong_passwords_count_together(client, user, device) -> None:
    for _ in range(3):
        password_step(Client(), password="wrong")
    password_step(client)
    client.post(CODE_URL, {"code": wrong_code(device)})
    client.post(CODE_URL, {"code": wrong_code(device)})
    assert f.error_summary(client.post(CODE_URL, {"code": unused_code(device)})) == [WRONG_CODE]


def test_a_lock_started_by_codes_is_logged(client, user, device, caplog) -> None:
    caplog.set_level(logging.WARNING, logger="haven.security")
    password_step(client)
    for _ in range(5):
        client.post(CODE_URL, {"code": wrong_code(device)})
    locks = [r for r in caplog.records if getattr(r, "event", "") == "signin_username_locked"]
    assert len(locks) == 1
    assert "ann" not in caplog.text


def test_a_code_cannot_be_used_twice(client, user, device) -> None:
    password_step(client)
    code = unused_code(device)
    client.post(CODE_URL, {"code": code})
    assert signed_in(client)

    again = Client()
    password_step(again)
    response = again.post(CODE_URL, {"code": code})
    assert f.error_summary(response) == [WRONG_CODE]
    assert not signed_in(again)


def test_the_window_is_one_step_either_side() -> None:
    secret = pyotp.random_base32()
    now = 1_800_000_000.0
    step = int(now // mfa.STEP_SECONDS)
    for offset in (-1, 0, 1):
        assert mfa.matching_counter(secret, code_at_step(secret, step + offset), now=now) == (
            step + offset
        )
    for offset in (-3, -2, 2, 3):
        code = code_at_step(secret, step + offset)
        if all(code != code_at_step(secret, step + o) for o in (-1, 0, 1)):
            assert mfa.matching_counter(secret, code, now=now) is None


def test_a_code_older_than_the_last_one_used_is_refused(user, device) -> None:
    step = current_step()
    assert mfa.verify(device, code_at_step(device.secret, step))
    assert not mfa.verify(device, code_at_step(device.secret, step - 1))
    assert not mfa.verify(device, code_at_step(device.secret, step))
    assert mfa.verify(device, code_at_step(device.secret, step + 1))
    device.refresh_from_db()
    assert device.last_used_counter == step + 1


def test_an_unconfirmed_app_does_not_verify(user) -> None:
    other = f.staff_user()
    device = mfa.enrol(other)
    assert not mfa.verify(device, code_at_step(device.secret, current_step()))


# --- The pending sign-in ------------------------------------------------------------------------


def age_pending(client: Client, seconds: float) -> None:
    session = client.session
    pending = session[mfa.PENDING_SESSION_KEY]
    pending["started"] -= seconds
    session[mfa.PENDING_SESSION_KEY] = pending
    session.save()


def test_the_pending_sign_in_expires_after_5_minutes(client, user, device) -> None:
    password_step(client)
    age_pending(client, 4 * 60 + 50)
    assert client.get(CODE_URL).status_code == 200  # still in time

    age_pending(client, 15)
    response = client.post(CODE_URL, {"code": unused_code(device)})
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/"
    assert not signed_in(client)
    assert mfa.PENDING_SESSION_KEY not in client.session
    page = client.get("/sign-in/").content.decode()
    assert "Your sign-in timed out. Sign in again" in page
    assert code_attempts() == 0


def test_no_pending_sign_in_no_code_page(client, user) -> None:
    assert client.get(CODE_URL)["Location"] == "/sign-in/"
    assert client.post(CODE_URL, {"code": "123456"})["Location"] == "/sign-in/"
    assert client.get(SET_UP_URL)["Location"] == "/sign-in/"
    assert code_attempts() == 0


def test_an_account_disabled_while_pending_cannot_finish(client, user, device) -> None:
    password_step(client)
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    response = client.post(CODE_URL, {"code": unused_code(device)})
    assert response["Location"] == "/sign-in/"
    assert not signed_in(client)


def test_a_signed_in_user_is_sent_to_their_work(client, user) -> None:
    client.force_login(user)
    assert client.get(CODE_URL)["Location"] == "/my-work/"
    assert client.get(SET_UP_URL)["Location"] == "/my-work/"


# --- Setting up an authenticator app ----------------------------------------------------------


@pytest.fixture
def newcomer() -> Any:
    return f.staff_user(user__username="bob")


def test_the_set_up_page_shows_the_secret_as_text_and_a_qr_code(client, newcomer) -> None:
    password_step(client, "bob")
    response = client.get(SET_UP_URL)
    html = response.content.decode()
    device = TOTPDevice.objects.get(user=newcomer)

    assert response.status_code == 200
    assert device.confirmed_at is None
    assert '<h1 class="govuk-heading-l">Set up your authenticator app</h1>' in html
    assert mfa.grouped_secret(device.secret) in html
    assert '<img class="govuk-!-display-block' in html
    assert 'src="/sign-in/set-up/qr-code.svg"' in html
    assert f'<label class="govuk-label" for="id_code">{CODE_LABEL}</label>' in html
    # Reloading shows the same secret: the app scanned a moment ago keeps working.
    assert mfa.grouped_secret(device.secret) in client.get(SET_UP_URL).content.decode()
    assert TOTPDevice.objects.get(user=newcomer).secret == device.secret


def test_the_qr_code_is_svg_holding_the_secret_and_never_cached(client, newcomer) -> None:
    password_step(client, "bob")
    client.get(SET_UP_URL)
    device = TOTPDevice.objects.get(user=newcomer)
    response = client.get("/sign-in/set-up/qr-code.svg")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"<svg")
    assert b"<script" not in response.content
    assert b"style=" not in response.content
    uri = mfa.provisioning_uri(device)
    assert f"secret={device.secret}" in uri
    assert uri.startswith("otpauth://totp/")


def test_the_qr_code_is_only_for_the_pending_unconfirmed_app(client, newcomer) -> None:
    assert client.get("/sign-in/set-up/qr-code.svg").status_code == 404
    password_step(client, "bob")
    assert client.get("/sign-in/set-up/qr-code.svg").status_code == 404  # nothing shown yet
    client.get(SET_UP_URL)
    device = TOTPDevice.objects.get(user=newcomer)
    client.post(SET_UP_URL, {"code": unused_code(device)})
    assert client.get("/sign-in/set-up/qr-code.svg").status_code == 404


def test_the_first_right_code_confirms_the_app_and_signs_in(client, newcomer) -> None:
    password_step(client, "bob")
    client.get(SET_UP_URL)
    device = TOTPDevice.objects.get(user=newcomer)
    response = client.post(SET_UP_URL, {"code": unused_code(device)})

    assert response["Location"] == "/my-work/"
    assert signed_in(client)
    device.refresh_from_db()
    assert device.confirmed_at is not None
    assert device.last_used_counter is not None
    # From now on the code page, not the set-up page.
    other = Client()
    assert password_step(other, "bob")["Location"] == CODE_URL
    assert other.get(SET_UP_URL)["Location"] == CODE_URL


def test_a_wrong_first_code_leaves_the_app_unconfirmed_and_is_counted(client, newcomer) -> None:
    password_step(client, "bob")
    client.get(SET_UP_URL)
    device = TOTPDevice.objects.get(user=newcomer)
    response = client.post(SET_UP_URL, {"code": wrong_code(device)})

    assert response.status_code == 200
    assert f.error_summary(response) == [WRONG_CODE]
    assert (
        "<title>Error: Set up your authenticator app – Haven</title>" in response.content.decode()
    )
    assert mfa.grouped_secret(device.secret) in response.content.decode()
    assert not signed_in(client)
    assert TOTPDevice.objects.get(pk=device.pk).confirmed_at is None
    assert code_attempts(succeeded=False, username="bob") == 1


def test_a_confirmed_app_is_not_replaced_by_enrolling(user) -> None:
    with pytest.raises(mfa.MfaError):
        mfa.enrol(user)


def test_the_helper_signs_in_through_set_up(newcomer) -> None:
    response = sign_in(None, "bob", PASSWORD)
    assert response.signed_in
    assert TOTPDevice.objects.get(user=newcomer).confirmed_at is not None


@override_settings(HAVEN_MFA_REQUIRED=False)
def test_when_mfa_is_not_required_a_person_without_an_app_signs_in_with_the_password(
    client, newcomer, user
) -> None:
    response = password_step(client, "bob")
    assert response["Location"] == "/my-work/"
    assert signed_in(client)
    # Someone with an app still needs its code.
    assert password_step(Client())["Location"] == CODE_URL


def test_sign_ins_are_logged_without_the_username(client, user, device, caplog) -> None:
    caplog.set_level(logging.INFO, logger="haven.security")
    password_step(client)
    client.post(CODE_URL, {"code": unused_code(device)})
    events = [r for r in caplog.records if getattr(r, "event", "") == "signin_succeeded"]
    assert len(events) == 1
    assert events[0].user_id == user.pk
    assert events[0].method == "password_and_code"
    assert "ann" not in caplog.text


# --- Demo simple sign-in ----------------------------------------------------------------------


@pytest.fixture
def demo_user() -> Any:
    return f.staff_user(user__username="sw.demo")


DEMO_ON = override_settings(HAVEN_DEMO_SIMPLE_SIGN_IN=True)


@DEMO_ON
@pytest.mark.parametrize("address", ["127.0.0.1", "::1"])
def test_demo_simple_sign_in_from_this_computer(client, demo_user, address) -> None:
    response = password_step(client, "sw.demo", REMOTE_ADDR=address)
    assert response["Location"] == "/my-work/"
    assert client.session["_auth_user_id"] == str(demo_user.pk)
    assert client.get("/my-work/").status_code == 200
    assert not TOTPDevice.objects.exists()


@DEMO_ON
def test_demo_simple_sign_in_still_needs_the_right_password(client, demo_user) -> None:
    response = password_step(client, "sw.demo", "wrong", REMOTE_ADDR=LOOPBACK)
    assert f.error_summary(response) == [PASSWORD_ERROR]
    assert not signed_in(client)


@DEMO_ON
def test_demo_simple_sign_in_is_not_for_another_computer(client, demo_user) -> None:
    response = password_step(client, "sw.demo", REMOTE_ADDR=REMOTE)
    assert response["Location"] == SET_UP_URL
    assert not signed_in(client)


@DEMO_ON
@pytest.mark.parametrize(
    "header",
    [
        {"HTTP_X_FORWARDED_FOR": "203.0.113.5"},
        {"HTTP_FORWARDED": "for=203.0.113.5"},
        {"HTTP_X_REAL_IP": "203.0.113.5"},
    ],
)
def test_demo_simple_sign_in_is_not_through_a_proxy_on_this_computer(
    client, demo_user, header
) -> None:
    response = password_step(client, "sw.demo", REMOTE_ADDR=LOOPBACK, **header)
    assert response["Location"] == SET_UP_URL
    assert not signed_in(client)


@DEMO_ON
@override_settings(HAVEN_TRUSTED_PROXY_COUNT=1)
def test_demo_simple_sign_in_is_off_when_a_proxy_is_trusted(client, demo_user) -> None:
    assert password_step(client, "sw.demo", REMOTE_ADDR=LOOPBACK)["Location"] == SET_UP_URL


@DEMO_ON
def test_demo_simple_sign_in_is_only_for_the_demo_accounts(client, user) -> None:
    response = password_step(client, "ann", REMOTE_ADDR=LOOPBACK)
    assert response["Location"] == CODE_URL
    assert not signed_in(client)


def test_demo_simple_sign_in_is_off_unless_set(client, demo_user) -> None:
    response = password_step(client, "sw.demo", REMOTE_ADDR=LOOPBACK)
    assert response["Location"] == SET_UP_URL
    assert not signed_in(client)


@DEMO_ON
def test_demo_simple_sign_in_respects_the_lock(client, demo_user) -> None:
    for _ in range(5):
        password_step(Client(), "sw.demo", "wrong", REMOTE_ADDR=LOOPBACK)
    response = password_step(client, "sw.demo", REMOTE_ADDR=LOOPBACK)
    assert f.error_summary(response) == [PASSWORD_ERROR]
    assert not signed_in(client)


# --- System checks ----------------------------------------------------------------------------


def check_ids() -> set[str]:
    return {message.id for message in checks.check_sign_in_settings() if message.id}


def test_the_test_settings_pass_the_checks() -> None:
    assert check_ids() == set()


@override_settings(DEBUG=False, HAVEN_MFA_REQUIRED=False)
def test_mfa_switched_off_without_debug_is_an_error() -> None:
    assert check_ids() == {checks.MFA_NOT_REQUIRED}


@override_settings(DEBUG=False, HAVEN_DEMO_SIMPLE_SIGN_IN=True)
def test_demo_simple_sign_in_without_debug_is_an_error() -> None:
    assert check_ids() == {checks.DEMO_SIMPLE_SIGN_IN_ON}


@override_settings(DEBUG=True, HAVEN_DEMO_SIMPLE_SIGN_IN=True, HAVEN_MFA_REQUIRED=False)
def test_with_debug_on_the_checks_allow_both() -> None:
    assert check_ids() == set()


def run_manage(
    settings_module: str, *args: str, **env_vars: str
) -> subprocess.CompletedProcess[str]:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": settings_module,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "haven.example.gov.uk",
        "DATABASE_URL": "postgres://haven@db.example.invalid:5432/haven",
        **env_vars,
    }
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_local_settings_with_debug_off_refuse_demo_simple_sign_in() -> None:
    result = run_manage(
        "config.settings.local", "check", DEBUG="false", HAVEN_DEMO_SIMPLE_SIGN_IN="true"
    )
    assert result.returncode != 0
    assert checks.DEMO_SIMPLE_SIGN_IN_ON in result.stderr


def test_local_settings_with_debug_off_leave_demo_simple_sign_in_off() -> None:
    result = run_manage("config.settings.local", "check", DEBUG="false")
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_cannot_be_talked_into_either() -> None:
    result = run_manage(
        "config.settings.production",
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(settings.HAVEN_MFA_REQUIRED, settings.HAVEN_DEMO_SIMPLE_SIGN_IN)",
        HAVEN_DEMO_SIMPLE_SIGN_IN="true",
        HAVEN_MFA_REQUIRED="false",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True False"


# --- The admin --------------------------------------------------------------------------------


@pytest.fixture
def admin_user() -> Any:
    admin_user = f.UserFactory(username="root", is_staff=True, is_superuser=True)
    confirmed_device(admin_user)
    return admin_user


def test_the_admin_sends_people_to_havens_sign_in(client, admin_user) -> None:
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/sign-in/?next=/admin/"
    assert "Sign in to Haven" in response.content.decode()


def test_the_admin_login_page_offers_no_password_only_login(client, admin_user) -> None:
    assert client.get(reverse("admin:login"))["Location"] == "/sign-in/?next=/admin/"
    response = client.post(
        reverse("admin:login") + "?next=/admin/core/closureday/",
        {"username": "root", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/admin/core/closureday/"
    assert not signed_in(client)
    assert not SignInAttempt.objects.exists()


def test_an_administrator_signs_in_with_the_code_and_reaches_the_admin(client, admin_user) -> None:
    response = sign_in(client, "root", PASSWORD, next_url="/admin/")
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("admin:login"))["Location"] == "/admin/"


def test_someone_signed_in_without_staff_status_is_refused_not_looped(client, user) -> None:
    client.force_login(user)
    assert client.get(reverse("admin:login")).status_code == 403


def test_the_admin_lists_apps_without_their_secrets(client, admin_user) -> None:
    client.force_login(admin_user)
    device = TOTPDevice.objects.get(user=admin_user)
    listing = client.get(reverse("admin:core_totpdevice_changelist"))
    change = client.get(reverse("admin:core_totpdevice_change", args=[device.pk]))
    assert listing.status_code == change.status_code == 200
    assert device.secret not in listing.content.decode() + change.content.decode()
    assert client.get(reverse("admin:core_totpdevice_add")).status_code == 403


# --- Step-up re-authentication ----------------------------------------------------------------


def test_reauthenticate_needs_the_password_and_a_code(user, device) -> None:
    assert not mfa.reauthenticate(user, "wrong", unused_code(device))
    assert not mfa.reauthenticate(user, PASSWORD, wrong_code(device))
    assert not mfa.reauthenticate(user, PASSWORD, "")
    assert mfa.reauthenticate(user, PASSWORD, unused_code(device))


def test_reauthenticate_without_an_app_needs_the_password(newcomer) -> None:
    assert mfa.reauthenticate(newcomer, PASSWORD, "")
    assert not mfa.reauthenticate(newcomer, "wrong", "")


def test_reauthenticate_refuses_a_used_code(user, device) -> None:
    code = unused_code(device)
    assert mfa.reauthenticate(user, PASSWORD, code)
    assert not mfa.reauthenticate(user, PASSWORD, code)


def test_reauthenticate_neither_signs_in_nor_out(client, user, device) -> None:
    sign_in(client, "ann", PASSWORD)
    session_key = client.session.session_key
    sessions = Session.objects.count()
    last_login = get_user_model().objects.get(pk=user.pk).last_login

    assert mfa.reauthenticate(user, PASSWORD, unused_code(device))
    assert not mfa.reauthenticate(user, "wrong", unused_code(device))

    assert Session.objects.count() == sessions
    assert client.session.session_key == session_key
    assert client.get("/my-work/").status_code == 200
    assert get_user_model().objects.get(pk=user.pk).last_login == last_login


def test_reauthenticate_failures_count_towards_the_lock(user, device) -> None:
    for _ in range(3):
        assert not mfa.reauthenticate(user, "wrong", "")
    for _ in range(2):
        assert not mfa.reauthenticate(user, PASSWORD, wrong_code(device))
    assert not mfa.reauthenticate(user, PASSWORD, unused_code(device))
    assert not sign_in(None, "ann", PASSWORD).signed_in


def test_reauthenticate_refuses_a_disabled_account(user, device) -> None:
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    user.refresh_from_db()
    assert not mfa.reauthenticate(user, PASSWORD, unused_code(device))
