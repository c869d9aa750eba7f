"""Signing in and out, and the front door."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import LoginView, LogoutView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from haven.core.forms import SignInForm


class SignInView(LoginView):
    """Django's login, with GOV.UK markup; a signed-in user goes straight to their work."""

    template_name = "core/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(LogoutView):
    """Django's logout: POST only (a link or prefetch must not sign anyone out)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.success(request, "You have signed out")
        return response


def home(request: HttpRequest) -> HttpResponse:
    """The service's root: a signed-in user's work, or the sign-in page."""
    if request.user.is_authenticated:
        return redirect("casework:my_work")
    return redirect("core:sign_in")
