"""Signing in and out, the layouts around them, and the no-store header."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.template.loader import get_template, render_to_string
from django.test import Client, RequestFactory

from haven.core.tests import factories as f
from haven.core.tests.sign_in_helpers import confirmed_device, unused_code

pytestmark = [pytest.mark.django_db, pytest.mark.urls("haven.core.tests.urls_for_tests")]

PASSWORD = "correct horse battery staple"  # noqa: S105


@pytest.fixture
def user() -> AbstractBaseUser:
    return get_user_model().objects.create_user(username="ann", password=PASSWORD)


def test_sign_in_page_renders() -> None:
    response = Client().get("/sign-in/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Sign in – Haven</title>" in html
    assert '<label class="govuk-label" for="id_username">Username</label>' in html
    assert '<label class="govuk-label" for="id_password">Password</label>' in html
    assert 'autocomplete="current-password"' in html
    assert "autofocus" not in html
    assert "govuk-error-summary" not in html
    assert "Sign out" not in html  # no navigation before signing in
    assert "no-store" in response["Cache-Control"]


def test_good_sign_in_redirects_to_my_work(user: AbstractBaseUser) -> None:
    """The right password, then the code from the authenticator app (haven.core.mfa)."""
    device = confirmed_device(user)
    client = Client()
    response = client.post("/sign-in/", {"username": "ann", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/code/"
    assert "_auth_user_id" not in client.session

    response = client.post("/sign-in/code/", {"code": unused_code(device)})
    assert response.status_code == 302
    assert response["Location"] == "/my-work/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_bad_sign_in_shows_error_summary_and_does_not_sign_in(user: AbstractBaseUser) -> None:
    client = Client()
    response = client.post("/sign-in/", {"username": "ann", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Sign in – Haven</title>" in html
    assert 'class="govuk-error-summary"' in html
    assert '<a href="#id_username">Enter a correct username and password</a>' in html
    assert "_auth_user_id" not in client.session


def test_empty_sign_in_asks_for_both_fields() -> None:
    html = Client().post("/sign-in/", {}).content.decode()
    assert '<a href="#id_username">Enter your username</a>' in html
    assert '<a href="#id_password">Enter your password</a>' in html
    assert "This field is required." not in html


def test_sign_out_needs_post(user: AbstractBaseUser) -> None:
    client = Client()
    client.force_login(user)
    assert client.get("/sign-out/").status_code == 405
    assert "_auth_user_id" in client.session

    response = client.post("/sign-out/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/"
    assert "_auth_user_id" not in client.session
    page = client.get("/sign-in/").content.decode()
    assert "govuk-notification-banner--success" in page
    assert "You have signed out" in page


def test_home_redirects(user: AbstractBaseUser) -> None:
    client = Client()
    assert client.get("/")["Location"] == "/sign-in/"
    client.force_login(user)
    assert client.get("/")["Location"] == "/my-work/"


def test_signed_in_responses_are_not_stored(user: AbstractBaseUser) -> None:
    client = Client()
    assert "Cache-Control" not in client.get("/test/json/")  # anonymous, not HTML
    client.force_login(user)
    assert "no-store" in client.get("/test/json/")["Cache-Control"]
    assert "no-store" in client.get("/my-work/")["Cache-Control"]


def test_case_layout_navigation_and_summary(user: AbstractBaseUser) -> None:
    client = Client()
    client.force_login(user)
    # An account with no role is offered none of the service's parts.
    assert 'href="/my-work/"' not in client.get("/test/case/7/").content.decode()
    client.force_login(f.staff_user())
    html = client.get("/test/case/7/").content.decode()
    assert "<title>Jane Smith – Haven</title>" in html
    assert '<a class="govuk-service-navigation__link" href="/my-work/">' in html
    assert 'href="/hub/"' in html  # an emergency duty worker also works in the hub
    assert 'href="/partner/"' not in html
    assert '<form method="post" action="/sign-out/"' in html
    assert (
        '<a class="moj-sub-navigation__link" aria-current="page" '
        'href="/people/children/7/visits/">Visits</a>'
    ) in html
    assert 'href="/people/children/7/chronology/">Chronology</a>' in html
    assert '<strong class="govuk-tag govuk-tag--red">Violent adult in household</strong>' in html
    assert "Not allocated" in html
    assert "Core group" in html
    assert "Overdue by 3 working days" in html
    assert "no-store" in client.get("/test/case/7/")["Cache-Control"]


def test_error_pages() -> None:
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    html = get_template("500.html").render()
    assert "Sorry, there is a problem with the service" in html
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    html = render_to_string("403.html", request=request)
    assert "You do not have permission to see this page" in html
