"""Signing in and out, and the front door.

Signing in takes two steps (security reference R15; haven.core.mfa): the password (with the
brute-force lock of haven.core.signin), then the code from an authenticator app, or setting one
up on first sign-in. Between the two the session holds only a pending user id, for five minutes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.views import LoginView, LogoutView
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET
from django.views.generic import FormView

from haven.access import policy
from haven.access.roles import Capability
from haven.core import mfa, signin
from haven.core.forms import SignInCodeForm, SignInForm, SignInSetUpForm

security_log = logging.getLogger("haven.security")

TIMED_OUT_MESSAGE = "Your sign-in timed out. Sign in again"


class SignInView(LoginView):
    """The password step: Django's login form with GOV.UK markup and the brute-force lock. A
    right password does not sign in: it starts a pending sign-in that needs a code (or setting
    up an authenticator app), except for demo simple sign-in. A signed-in user goes straight
    to their work."""

    template_name = "core/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: SignInForm) -> HttpResponse:  # type: ignore[override]
        user: Any = form.get_user()
        redirect_to = self.get_success_url()
        if mfa.demo_simple_sign_in_allowed(self.request, user):
            return sign_in_complete(
                self.request,
                user,
                backend=user.backend,
                redirect_to=redirect_to,
                method="demo_simple",
            )
        if mfa.has_confirmed_device(user):
            mfa.pending_start(self.request, user, redirect_to=redirect_to)
            return redirect("core:sign_in_code")
        if settings.HAVEN_MFA_REQUIRED:
            mfa.pending_start(self.request, user, redirect_to=redirect_to)
            return redirect("core:sign_in_set_up")
        return sign_in_complete(
            self.request, user, backend=user.backend, redirect_to=redirect_to, method="password"
        )


def sign_in_complete(
    request: HttpRequest, user: Any, *, backend: str, redirect_to: str, method: str
) -> HttpResponse:
    """Sign in for real: a new session key, the pending state gone, and a log line."""
    mfa.pending_clear(request)
    auth_login(request, user, backend=backend)
    fields = {"event": "signin_succeeded", "user_id": user.pk, "method": method}
    security_log.info("event=signin_succeeded user_id=%s method=%s", user.pk, method, extra=fields)
    return HttpResponseRedirect(redirect_to)


class PendingSignInMixin:
    """For the second step: only with a pending sign-in under five minutes old; otherwise back
    to the password, saying why if it timed out."""

    request: HttpRequest
    pending: mfa.PendingSignIn

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            return redirect(settings.LOGIN_REDIRECT_URL)
        had_pending = mfa.PENDING_SESSION_KEY in request.session
        pending = mfa.pending_get(request)
        if pending is None:
            if had_pending:
                messages.info(request, TIMED_OUT_MESSAGE)
            return redirect("core:sign_in")
        self.pending = pending
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc,no-any-return]

    def second_factor(
        self, form: SignInCodeForm, check: Callable[[], bool], method: str
    ) -> HttpResponse:
        """Sign in if `check` accepts the code (behind the sign-in lock); else the form again."""
        if not signin.sign_in_second_factor(
            request=self.request, username=self.pending.user.get_username(), check=check
        ):
            form.add_wrong_code_error()
            return self.form_invalid(form)  # type: ignore[attr-defined,no-any-return]
        return sign_in_complete(
            self.request,
            self.pending.user,
            backend=self.pending.backend,
            redirect_to=self.pending.redirect_to,
            method=method,
        )


@method_decorator(sensitive_post_parameters("code"), name="dispatch")
class SignInCodeView(PendingSignInMixin, FormView):  # type: ignore[type-arg]
    """Step two for someone with an authenticator app: "Enter the 6-digit code"."""

    template_name = "core/sign_in_code.html"
    form_class = SignInCodeForm

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not mfa.has_confirmed_device(self.pending.user):
            return redirect("core:sign_in_set_up")
        return super().get(request, *args, **kwargs)

    def form_valid(self, form: SignInCodeForm) -> HttpResponse:  # type: ignore[override]
        user, code = self.pending.user, form.cleaned_data["code"]
        return self.second_factor(
            form, lambda: mfa.verify_user_code(user, code), "password_and_code"
        )


@method_decorator(sensitive_post_parameters("code"), name="dispatch")
class SignInSetUpView(PendingSignInMixin, FormView):  # type: ignore[type-arg]
    """Step two for someone without an authenticator app: scan the QR code (or type the key)
    and enter the first code, which confirms the app and signs in."""

    template_name = "core/sign_in_set_up.html"
    form_class = SignInSetUpForm

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if mfa.has_confirmed_device(self.pending.user):
            return redirect("core:sign_in_code")
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if mfa.has_confirmed_device(self.pending.user):
            return redirect("core:sign_in_code")
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        device = mfa.enrol(self.pending.user)
        context["secret"] = mfa.grouped_secret(device.secret)
        context["qr_code_url"] = reverse("core:sign_in_qr_code")
        return context

    def form_valid(self, form: SignInSetUpForm) -> HttpResponse:  # type: ignore[override]
        device, code = mfa.enrol(self.pending.user), form.cleaned_data["code"]
        return self.second_factor(form, lambda: mfa.confirm(device, code), "enrolled")


@require_GET
def sign_in_qr_code(request: HttpRequest) -> HttpResponse:
    """The set-up QR code as SVG, only for the pending sign-in's unconfirmed app, and never
    cached: it holds the secret."""
    pending = mfa.pending_get(request)
    device = mfa.device_get(pending.user) if pending is not None else None
    if device is None or device.confirmed_at is not None:
        raise Http404
    response = HttpResponse(mfa.qr_code_svg(device), content_type="image/svg+xml")
    patch_cache_control(response, no_store=True, private=True)
    return response


class SignOutView(LogoutView):
    """Django's logout: POST only (a link or prefetch must not sign anyone out)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.success(request, "You have signed out")
        return response


def home(request: HttpRequest) -> HttpResponse:
    """The service's root: a signed-in user's work, or the sign-in page."""
    if request.user.is_authenticated:
        user = request.user
        if policy.has_capability(user, Capability.PARTNER_VIEW) and not policy.has_capability(
            user, Capability.VIEW_CASE
        ):
            return redirect("partner:home")
        if policy.has_capability(user, Capability.VIEW_REPORTS) and not policy.has_capability(
            user, Capability.VIEW_CASE
        ):
            # A performance analyst holds no cases: their work is the returns and measures.
            return redirect("inspection:lens")
        return redirect("casework:my_work")
    return redirect("core:sign_in")
