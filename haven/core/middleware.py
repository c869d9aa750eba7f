"""Response headers for a service that shows children's personal data."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    """Adds ``Cache-Control: no-store`` to pages and to anything a signed-in user gets.

    Pages hold case data: no browser, proxy or shared computer should keep a copy, and the
    back button after signing out must not show one. Static files are served before this by
    WhiteNoise, so they stay cacheable.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        is_html = response.get("Content-Type", "").startswith("text/html")
        if is_html or (user is not None and user.is_authenticated):
            patch_cache_control(response, no_store=True, private=True)
        return response


CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), geolocation=(), microphone=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    """A strict Content Security Policy (no inline scripts or styles anywhere in Haven's
    templates) and a Permissions-Policy, on every response (security reference R19)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class SessionLifetimeMiddleware:
    """Ends a signed-in session after 30 minutes without a request, and 12 hours after sign-in
    however active it has been (NIST SP 800-63B AAL2; security reference R16).

    The last activity is written at most once a minute, so a busy page does not write the
    session on every request.
    """

    SIGNED_IN_AT = "haven_signed_in_at"
    LAST_SEEN = "haven_last_seen"
    RESOLUTION_SECONDS = 60

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            session = request.session
            signed_in_at = float(session.setdefault(self.SIGNED_IN_AT, now))
            last_seen = float(session.get(self.LAST_SEEN, now))
            if (
                now - signed_in_at > settings.HAVEN_SESSION_ABSOLUTE_SECONDS
                or now - last_seen > settings.HAVEN_SESSION_IDLE_SECONDS
            ):
                logout(request)
                return redirect_to_login(request.get_full_path())
            if self.LAST_SEEN not in session or now - last_seen >= self.RESOLUTION_SECONDS:
                session[self.LAST_SEEN] = now
        return self.get_response(request)
