"""Hardened settings and headers (security reference R16, R18, R19)."""

import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from haven.core.middleware import SessionLifetimeMiddleware
from haven.core.tests import factories as f

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


def test_production_settings_pass_the_deploy_check_with_no_warnings():
    # The browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; a deployment
    # never has it.
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "haven.example.gov.uk",
        "DATABASE_URL": "postgres://haven@db.example.invalid:5432/haven",
        "HAVEN_LA_NUMBER": "202",
    }
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        ALLOWED_HOSTS="haven.example.gov.uk",
        DATABASE_URL="postgres://haven@db.example.invalid:5432/haven",
    )
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.fixture
def record_urls():
    user = f.staff_user()
    child = f.ChildFactory()
    names = [
        "child_chronology",
        "child_family",
        "child_episodes",
        "child_visits",
        "child_notes",
        "child_allocations",
    ]
    urls = [reverse(f"people:{name}", kwargs={"pk": child.pk}) for name in names]
    urls += [
        reverse("casework:my_work"),
        reverse("search:person_search") + "?q=smith",
    ]
    return user, urls


def test_every_page_with_case_data_carries_the_security_headers(client, record_urls):
    user, urls = record_urls
    signed = f.signed_in(client, user)
    pages = [(signed, url) for url in urls]
    manager = f.staff_user(role="TEAM_MANAGER")
    pages.append((f.signed_in(Client(), manager), reverse("casework:team")))
    for signed, url in pages:
        response = signed.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
        csp = response["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp, url
        assert "script-src 'self'" in csp, url
        assert "'unsafe-inline'" not in csp, url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
        assert response["X-Frame-Options"] == "DENY", url
        assert "Server" not in response, url


def test_the_sign_in_page_has_the_headers_too(client):
    response = client.get(reverse("core:sign_in"))
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]


def test_the_timeouts_are_30_minutes_idle_and_12_hours_in_all():
    assert settings.HAVEN_SESSION_IDLE_SECONDS == 30 * 60
    assert settings.HAVEN_SESSION_ABSOLUTE_SECONDS == 12 * 60 * 60
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60


def _age_session(client, **seconds_ago):
    session = client.session
    for key, ago in seconds_ago.items():
        session[key] = time.time() - ago
    session.save()


def test_a_session_ends_after_30_minutes_without_a_request(client, record_urls):
    user, urls = record_urls
    signed = f.signed_in(client, user)
    assert signed.get(urls[0]).status_code == 200
    _age_session(signed, haven_last_seen=29 * 60)
    assert signed.get(urls[0]).status_code == 200  # 29 minutes idle: still signed in
    _age_session(signed, haven_last_seen=30 * 60 + 1)

    assert f.redirects_to_sign_in(signed.get(urls[0]))


def test_a_session_ends_12_hours_after_sign_in_however_busy(client, record_urls):
    user, urls = record_urls
    signed = f.signed_in(client, user)
    assert signed.get(urls[0]).status_code == 200
    _age_session(signed, **{SessionLifetimeMiddleware.SIGNED_IN_AT: 12 * 60 * 60 + 1})

    response = signed.get(urls[0])

    assert f.redirects_to_sign_in(response)
    assert f.redirects_to_sign_in(signed.get(urls[0]))


def test_a_disabled_account_is_signed_out_at_its_next_request(client, record_urls):
    user, urls = record_urls
    signed = f.signed_in(client, user)
    assert signed.get(urls[0]).status_code == 200
    user.is_active = False
    user.save()

    assert f.redirects_to_sign_in(signed.get(urls[0]))
