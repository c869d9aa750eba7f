"""The authority's own settings, changed by an administrator without code: closure days on top
of bank holidays, and local timescales (reference 1.1: only the Working Together ones are
national). Case records are not edited here: every change to a child's record goes through the
services, which check the census rules and write the audit trail. The audit trail and the record
of sign-in attempts are shown read-only, and the admin's login page is behind the same lock and
throttle as Haven's own sign-in page (security reference R35): it sends everyone to Haven's
sign-in, so the admin needs the code from an authenticator app too (R15)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from haven.core.forms import BruteForceProtectedMixin
from haven.core.models import (
    AuditEvent,
    ClosureDay,
    LocalTimescale,
    SignInAttempt,
    TOTPDevice,
)
from haven.statutory import timescales


class AdminSignInForm(BruteForceProtectedMixin, AdminAuthenticationForm):
    """The admin's login form, behind the same lock and throttle as the sign-in page (R35).
    Not shown any more (admin_sign_in sends everyone to Haven's sign-in), but kept as the
    admin's form so that nothing that reaches it can skip the lock."""


def admin_sign_in(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    """The admin's login page is Haven's sign-in, password and code (security reference R15,
    ASVS 4 4.3.1: multi-factor for admin interfaces): the admin offers no password-only login.

    Someone signed in without staff status gets 403 rather than being sent round the sign-in
    page, which would send them straight back here.
    """
    if request.user.is_authenticated:
        if request.user.is_staff:
            return redirect("admin:index")
        raise PermissionDenied
    next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
    return redirect_to_login(next_url, login_url=reverse("core:sign_in"))


admin.site.login_form = AdminSignInForm
admin.site.login = admin_sign_in  # type: ignore[method-assign, assignment]


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["date", "reason"]
    ordering = ["-date"]


@admin.register(LocalTimescale)
class LocalTimescaleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["code", "in_force", "default", "updated_at"]
    fields = ["code", "working_days", "weeks", "months"]

    @admin.display(description="In force")
    def in_force(self, obj: LocalTimescale) -> str:
        unit = (
            f"{obj.working_days} working days"
            if obj.working_days is not None
            else f"{obj.weeks} weeks"
            if obj.weeks is not None
            else f"{obj.months} months"
        )
        return unit

    @admin.display(description="Default")
    def default(self, obj: LocalTimescale) -> str:
        return timescales.get_timescale(obj.code).describe()


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: the audit trail is never changed by hand."""

    list_display = ["at", "actor", "action", "object_type", "object_id", "child_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["child_id", "object_id"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(SignInAttempt)
class SignInAttemptAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: the record of sign-in attempts is evidence, and the lock counts from it, so
    deleting rows by hand would also lift a lock early."""

    list_display = ["at", "username", "ip", "step", "succeeded", "refused"]
    list_filter = ["succeeded", "refused", "step"]
    search_fields = ["username", "ip"]
    date_hierarchy = "at"
    ordering = ["-at"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Who has set up an authenticator app. The secret is never shown. Deleting someone's app
    (a lost or replaced phone) makes them set up a new one at their next sign-in, after their
    password: do it only once you are sure who asked."""

    list_display = ["user", "created_at", "confirmed_at"]
    search_fields = ["user__username"]
    fields = ["user", "created_at", "confirmed_at"]
    readonly_fields = ["user", "created_at", "confirmed_at"]
    ordering = ["user__username"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
