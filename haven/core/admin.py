"""The authority's own settings, changed by an administrator without code: closure days on top
of bank holidays, and local timescales (reference 1.1: only the Working Together ones are
national). Case records are not edited here: every change to a child's record goes through the
services, which check the census rules and write the audit trail. The audit trail and the record
of sign-in attempts are shown read-only, and the admin's login page is behind the same lock and
throttle as Haven's own sign-in page (security reference R35)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm

from haven.core.forms import BruteForceProtectedMixin
from haven.core.models import AuditEvent, ClosureDay, LocalTimescale, SignInAttempt
from haven.statutory import timescales


class AdminSignInForm(BruteForceProtectedMixin, AdminAuthenticationForm):
    """The admin's login form, behind the same lock and throttle as the sign-in page (R35)."""


admin.site.login_form = AdminSignInForm


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

    list_display = ["at", "username", "ip", "succeeded", "refused"]
    list_filter = ["succeeded", "refused"]
    search_fields = ["username", "ip"]
    date_hierarchy = "at"
    ordering = ["-at"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
