"""The authority's own settings, changed by an administrator without code: closure days on top
of bank holidays, and local timescales (reference 1.1: only the Working Together ones are
national). Case records are not edited here: every change to a child's record goes through the
services, which check the census rules and write the audit trail."""

from __future__ import annotations

from django.contrib import admin

from haven.core.models import AuditEvent, ClosureDay, LocalTimescale
from haven.statutory import timescales


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
