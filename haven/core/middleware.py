"""Response headers for a service that shows children's personal data."""

from __future__ import annotations

from collections.abc import Callable

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
