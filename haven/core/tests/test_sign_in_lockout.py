"""Brute-force protection on sign-in (security reference R35): failures lock a username or
throttle an address for 15 minutes, and the response never tells which accounts exist or are
locked."""

import datetime
import logging
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import F
from django.test import Client, RequestFactory
from django.urls import reverse

from haven.core import signin
from haven.core.models import SignInAttempt
from haven.core.tests import factories as f
from haven.core.tests import sign_in_helpers
from haven.core.tests.sign_in_helpers import confirmed_device

pytestmark = [pytest.mark.django_db, pytest.mark.urls("haven.core.tests.urls_for_tests")]

PASSWORD = f.PASSWORD
IP = "198.51.100.7"
ERROR = "Enter a correct username and password"
HINT = "After several failed attempts, sign-in is paused for 15 minutes"


@pytest.fixture
def user() -> AbstractBaseUser:
    user = get_user_model().objects.create_user(username="ann", password=PASSWORD)
    confirmed_device(user)
    return user


def sign_in(username: str, password: str, ip: str = IP, client: Client | None = None):
    """The password and, if it is accepted, the code from the authenticator app (R15): a
    refused password comes back as the sign-in page, an accepted one as the redirect after the
    code. Codes are right here, so only passwords count as failures."""
    return sign_in_helpers.sign_in(client, username, password, REMOTE_ADDR=ip)


def fail(times: int, username: str = "ann", ip: str = IP) -> None:
    for _ in range(times):
        response = sign_in(username, "wrong password", ip)
        assert response.status_code == 200
        assert not response.signed_in


def without_csrf_token(response) -> str:
    """The page with the CSRF token blanked: it is random in every response."""
    html = response.content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken"', html)


def move_attempts_back(minutes: float) -> None:
    """Time travel: every recorded attempt happened `minutes` earlier."""
    SignInAttempt.objects.update(at=F("at") - datetime.timedelta(minutes=minutes))


def is_refused(response) -> bool:
    return response.status_code == 200 and f.error_summary(response) == [ERROR]


# --- Locking a username -----------------------------------------------------------------------


def test_five_wrong_passwords_then_the_right_one_is_refused_like_a_wrong_one(user) -> None:
    fail(4)
    fifth_wrong = sign_in("ann", "wrong password")
    right = sign_in("ann", PASSWORD)

    assert not right.signed_in
    assert right.status_code == fifth_wrong.status_code == 200
    assert f.error_summary(right) == f.error_summary(fifth_wrong) == [ERROR]
    assert without_csrf_token(right) == without_csrf_token(fifth_wrong)


def test_four_wrong_passwords_do_not_lock(user) -> None:
    fail(4)
    response = sign_in("ann", PASSWORD)
    assert response.status_code == 302
    assert response.signed_in


def test_a_success_does_not_clear_the_failures(user) -> None:
    fail(4)
    assert sign_in("ann", PASSWORD).signed_in
    fail(1)
    assert is_refused(sign_in("ann", PASSWORD))


def test_the_lock_lifts_15_minutes_after_the_fifth_failure(user) -> None:
    fail(5)
    assert is_refused(sign_in("ann", PASSWORD))

    move_attempts_back(14)
    assert is_refused(sign_in("ann", PASSWORD))

    move_attempts_back(1)
    response = sign_in("ann", PASSWORD)
    assert response.status_code == 302
    assert response.signed_in


def test_failures_spread_over_15_minutes_lock_for_a_full_15_minutes(user) -> None:
    fail(4)
    move_attempts_back(14)  # four failures 14 minutes ago ...
    fail(1)  # ... and the fifth now: five within 15 minutes
    assert is_refused(sign_in("ann", PASSWORD))

    move_attempts_back(14)  # the first four are now 28 minutes old, the fifth 14
    assert is_refused(sign_in("ann", PASSWORD))

    move_attempts_back(1)
    assert sign_in("ann", PASSWORD).signed_in


def test_failures_more_than_15_minutes_apart_do_not_lock(user) -> None:
    fail(4)
    move_attempts_back(16)
    fail(1)
    assert sign_in("ann", PASSWORD).signed_in


def test_tries_while_locked_do_not_make_the_lock_longer(user) -> None:
    fail(5)
    move_attempts_back(10)
    for _ in range(3):
        assert is_refused(sign_in("ann", PASSWORD))
        assert is_refused(sign_in("ann", "wrong password"))
    move_attempts_back(5)
    assert sign_in("ann", PASSWORD).signed_in


def test_the_lock_ignores_the_case_of_the_username(user) -> None:
    fail(5, username="ANN")
    assert is_refused(sign_in("ann", PASSWORD))
    assert set(SignInAttempt.objects.values_list("username", flat=True)) == {"ann"}


def test_a_lock_on_one_username_leaves_others_alone(user) -> None:
    get_user_model().objects.create_user(username="bob", password=PASSWORD)
    fail(5, username="ann")
    assert sign_in("bob", PASSWORD).signed_in


def test_a_lock_holds_from_every_address(user) -> None:
    fail(5, ip="198.51.100.1")
    assert is_refused(sign_in("ann", PASSWORD, ip="203.0.113.9"))


# --- No user enumeration -----------------------------------------------------------------------


def test_unknown_wrong_password_and_locked_responses_are_identical() -> None:
    """The same username typed in three states: no such account, the account with a wrong
    password, and the account locked with the right password. Status, error summary and the
    whole page (apart from the random CSRF token) are the same."""
    unknown = sign_in("ann", "wrong password")
    get_user_model().objects.create_user(username="ann", password=PASSWORD)
    wrong = sign_in("ann", "wrong password")
    fail(3)
    locked = sign_in("ann", PASSWORD)

    assert unknown.status_code == wrong.status_code == locked.status_code == 200
    assert f.error_summary(unknown) == f.error_summary(wrong) == f.error_summary(locked)
    assert f.error_summary(locked) == [ERROR]
    assert without_csrf_token(unknown) == without_csrf_token(wrong) == without_csrf_token(locked)
    assert not any(r.signed_in for r in (unknown, wrong, locked))


def test_an_unknown_username_is_locked_like_a_real_one() -> None:
    """Otherwise the sixth try would show which usernames are real."""
    fail(5, username="nobody")
    statuses = signin.sign_in_status(username="nobody", ip=None)
    assert statuses.username_locked


def test_a_disabled_account_gets_the_same_response(user) -> None:
    wrong = sign_in("ann", "wrong password", ip="203.0.113.1")
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    disabled = sign_in("ann", PASSWORD, ip="203.0.113.1")
    assert not disabled.signed_in
    assert without_csrf_token(disabled) == without_csrf_token(wrong)


def test_the_pause_is_explained_before_anything_goes_wrong() -> None:
    html = Client().get("/sign-in/").content.decode()
    assert HINT in html
    assert 'aria-describedby="id_password-hint"' in html


# --- Throttling an address ---------------------------------------------------------------------


def test_twenty_failures_from_one_address_throttle_it_across_usernames(user) -> None:
    for n in range(19):
        fail(1, username=f"guess{n}")  # one failure each: no username is locked
    assert sign_in("ann", PASSWORD).signed_in  # 19 failures: not yet

    fail(1, username="guess19")
    assert is_refused(sign_in("ann", PASSWORD))
    assert sign_in("ann", PASSWORD, ip="203.0.113.50").signed_in  # another address is fine

    move_attempts_back(15)
    assert sign_in("ann", PASSWORD).signed_in


def test_the_address_comes_from_the_trusted_proxy_only(settings) -> None:
    factory = RequestFactory()
    request = factory.post(
        "/sign-in/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7"
    )
    assert signin.client_ip(request) == "10.0.0.2"  # no proxy trusted by default

    settings.HAVEN_TRUSTED_PROXY_COUNT = 1
    assert signin.client_ip(request) == "198.51.100.7"  # not the client-chosen 1.2.3.4
    assert signin.client_ip(factory.post("/", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"
    assert signin.client_ip(factory.post("/", REMOTE_ADDR="not an address")) is None


# --- Recording and logging ---------------------------------------------------------------------


def test_every_attempt_is_recorded_with_its_outcome(user) -> None:
    fail(5, username="Ann")
    sign_in("ann", PASSWORD)
    Client().post("/sign-in/", {"username": "ann"})  # no password: not an attempt

    rows = list(SignInAttempt.objects.order_by("pk").values_list("username", "ip", "succeeded"))
    assert rows == [("ann", IP, False)] * 6
    assert list(SignInAttempt.objects.order_by("pk").values_list("refused", flat=True)) == [
        False
    ] * 5 + [True]

    SignInAttempt.objects.all().delete()
    sign_in("ann", PASSWORD)
    # The password, then the code (R15): one row for each step.
    assert list(SignInAttempt.objects.order_by("pk").values_list("step", "succeeded")) == [
        (SignInAttempt.Step.PASSWORD, True),
        (SignInAttempt.Step.CODE, True),
    ]


def test_the_check_is_one_query(django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        signin.sign_in_status(username="ann", ip=IP)


def test_the_lock_is_logged_once_without_the_username_or_password(caplog) -> None:
    caplog.set_level(logging.WARNING, logger="haven.security")
    password = "Tr0ub4dor&3-canary"
    get_user_model().objects.create_user(username="Canary.Name", password=PASSWORD)
    for _ in range(7):
        sign_in("Canary.Name", password)

    locks = [r for r in caplog.records if getattr(r, "event", "") == "signin_username_locked"]
    assert len(locks) == 1
    record = locks[0]
    assert record.name == "haven.security"
    assert record.levelno == logging.WARNING
    assert record.count == 5
    assert record.lock_seconds == 900
    assert record.username_hash == signin.username_hash("canary.name")
    assert f"username_hash={record.username_hash} count=5" in record.getMessage()
    assert "canary" not in caplog.text.lower()
    assert password not in caplog.text


def test_the_throttle_is_logged_with_the_address(user, caplog) -> None:
    caplog.set_level(logging.WARNING, logger="haven.security")
    for n in range(21):
        fail(1, username=f"guess{n}")
    throttles = [r for r in caplog.records if getattr(r, "event", "") == "signin_ip_throttled"]
    assert len(throttles) == 1
    assert throttles[0].ip == IP
    assert throttles[0].count == 20
    assert "guess" not in caplog.text


# --- The admin's login page --------------------------------------------------------------------


@pytest.mark.urls("config.urls")
def test_the_admin_login_is_behind_the_same_lock() -> None:
    """The admin's login page is Haven's sign-in (R15), so the admin has the same lock."""
    root = get_user_model().objects.create_superuser(username="root", password=PASSWORD)
    confirmed_device(root)
    fail(5, username="root")
    client = Client()
    response = client.post(
        reverse("admin:login"), {"username": "root", "password": PASSWORD}, REMOTE_ADDR=IP
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/?next=")
    assert "_auth_user_id" not in client.session
    assert is_refused(sign_in("root", PASSWORD, client=client))
    assert SignInAttempt.objects.filter(username="root", refused=True).count() == 1


@pytest.mark.urls("config.urls")
def test_sign_in_attempts_are_read_only_in_the_admin(user) -> None:
    fail(1)
    admin = get_user_model().objects.create_superuser(username="root", password=PASSWORD)
    client = f.signed_in(Client(), admin)
    attempt = SignInAttempt.objects.get()
    assert client.get(reverse("admin:core_signinattempt_changelist")).status_code == 200
    assert client.get(reverse("admin:core_signinattempt_add")).status_code == 403
    change = client.get(reverse("admin:core_signinattempt_change", args=[attempt.pk]))
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    delete = client.post(reverse("admin:core_signinattempt_delete", args=[attempt.pk]))
    assert delete.status_code == 403
    assert SignInAttempt.objects.count() == 1
