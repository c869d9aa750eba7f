"""Dormant accounts are disabled and their sessions ended (security reference R34; the
Hackney lesson: attackers came in through an account nobody used)."""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.test import Client
from django.utils import timezone

from haven.core.accounts import dormant_accounts_disable
from haven.core.management.commands.disable_dormant_accounts import (
    Command as DisableDormantAccounts,
)
from haven.core.tests import factories as f
from haven.core.tests.sign_in_helpers import sign_in

pytestmark = pytest.mark.django_db

User = get_user_model()


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def last_signed_in(user, days: int) -> None:
    User.objects.filter(pk=user.pk).update(last_login=days_ago(days))


def joined_and_never_signed_in(user, days: int) -> None:
    User.objects.filter(pk=user.pk).update(last_login=None, date_joined=days_ago(days))


def run(*args: str) -> str:
    out = StringIO()
    call_command("disable_dormant_accounts", *args, stdout=out)
    return out.getvalue().strip()


def active(user) -> bool:
    return User.objects.get(pk=user.pk).is_active


def sessions_of(user) -> int:
    return sum(
        1
        for session in Session.objects.all()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    )


def test_accounts_unused_for_90_days_are_disabled_and_for_89_days_are_not() -> None:
    at_90, at_89, at_400 = f.UserFactory(), f.UserFactory(), f.UserFactory()
    never_90, never_89 = f.UserFactory(), f.UserFactory()
    admin = User.objects.create_superuser(username="root", password=f.PASSWORD)
    last_signed_in(at_90, 90)
    last_signed_in(at_89, 89)
    last_signed_in(at_400, 400)
    joined_and_never_signed_in(never_90, 90)
    joined_and_never_signed_in(never_89, 89)
    last_signed_in(admin, 91)  # an unused administrator account is the worst kind

    output = run()

    assert (
        output == "Disabled 4 accounts not signed in to for 90 days or more, and ended 0 sessions."
    )
    assert not any(active(u) for u in (at_90, at_400, never_90, admin))
    assert all(active(u) for u in (at_89, never_89))
    assert User.objects.filter(pk=admin.pk, is_superuser=True).exists()  # disabled, not deleted


def test_an_account_used_recently_but_joined_long_ago_stays_active() -> None:
    user = f.UserFactory()
    User.objects.filter(pk=user.pk).update(date_joined=days_ago(1000), last_login=days_ago(3))
    assert (
        run() == "Disabled 0 accounts not signed in to for 90 days or more, and ended 0 sessions."
    )
    assert active(user)


def test_days_can_be_set() -> None:
    user = f.UserFactory()
    last_signed_in(user, 31)
    assert run("--days", "31").startswith("Disabled 1 account not signed in to for 31 days")
    assert not active(user)


def test_an_account_already_disabled_is_not_counted() -> None:
    user = f.UserFactory(is_active=False)
    last_signed_in(user, 200)
    assert run().startswith("Disabled 0 accounts")


@pytest.mark.urls("config.urls")
def test_a_signed_in_dormant_account_loses_its_session_at_once() -> None:
    dormant, colleague = f.staff_user(), f.staff_user()
    client, other = Client(), Client()
    response = sign_in(client, dormant.username, f.PASSWORD)  # password, then the code
    assert response.signed_in
    assert client.get("/my-work/").status_code == 200
    other.force_login(colleague)
    last_signed_in(dormant, 91)

    output = run()

    assert output == "Disabled 1 account not signed in to for 90 days or more, and ended 1 session."
    assert sessions_of(dormant) == 0
    assert f.redirects_to_sign_in(client.get("/my-work/"))
    assert other.get("/my-work/").status_code == 200  # nobody else is signed out
    assert sessions_of(colleague) == 1


@pytest.mark.urls("config.urls")
def test_a_disabled_account_is_refused_at_its_next_request_even_with_its_session() -> None:
    """Django's ModelBackend refuses an inactive user, so a session that somehow survived
    (made while the command ran, say) still signs nobody in."""
    user = f.staff_user()
    client = Client()
    assert sign_in(client, user.username, f.PASSWORD).signed_in  # password, then the code
    assert client.get("/my-work/").status_code == 200

    User.objects.filter(pk=user.pk).update(is_active=False)

    assert sessions_of(user) == 1
    assert f.redirects_to_sign_in(client.get("/my-work/"))
    response = client.post("/sign-in/", {"username": user.username, "password": f.PASSWORD})
    assert response.status_code == 200
    assert f.error_summary(response) == ["Enter a correct username and password"]


def test_a_dry_run_changes_nothing() -> None:
    user = f.UserFactory()
    Client().force_login(user)
    last_signed_in(user, 120)
    users_before = list(User.objects.order_by("pk").values_list("pk", "is_active", "last_login"))
    sessions_before = list(Session.objects.values_list("session_key", flat=True))

    output = run("--dry-run")

    assert output == (
        "Dry run: 1 account not signed in to for 90 days or more would be disabled "
        "and 1 session ended. Nothing was changed."
    )
    assert users_before == list(
        User.objects.order_by("pk").values_list("pk", "is_active", "last_login")
    )
    assert sessions_before == list(Session.objects.values_list("session_key", flat=True))


@pytest.mark.parametrize("days", ["0", "-5"])
def test_days_below_one_are_refused_and_nothing_changes(days: str) -> None:
    user = f.UserFactory()
    last_signed_in(user, 400)
    with pytest.raises(CommandError, match=r"--days must be a whole number of days, 1 or more"):
        run("--days", days)
    assert active(user)


def test_days_that_are_not_a_number_are_refused() -> None:
    with pytest.raises(CommandError, match="invalid int value"):
        run("--days", "ninety")


def test_a_refusal_exits_non_zero_from_the_command_line(capsys, monkeypatch) -> None:
    # run_from_argv is what manage.py runs (without django.setup(), which would rebuild the
    # log handlers around pytest's captured stderr). It closes the database connections when
    # the command ends: keep the test's own connection open.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    user = f.UserFactory()
    last_signed_in(user, 400)
    with pytest.raises(SystemExit) as exit_info:
        DisableDormantAccounts().run_from_argv(
            ["manage.py", "disable_dormant_accounts", "--days", "0"]
        )
    assert exit_info.value.code == 1
    assert "--days must be a whole number of days, 1 or more (it was 0)" in capsys.readouterr().err
    assert active(user)


def test_the_service_refuses_days_below_one() -> None:
    with pytest.raises(ValueError, match="days must be 1 or more"):
        dormant_accounts_disable(days=0)


def test_disabling_is_logged_with_ids_not_usernames(caplog) -> None:
    user = f.UserFactory(username="canary.dormant")
    last_signed_in(user, 100)
    run()
    assert (
        f"event=dormant_accounts_disabled days=90 count=1 sessions_ended=0 user_ids={user.pk}"
        in (caplog.text)
    )
    assert "canary" not in caplog.text
