"""Teams and workers are reference data an administrator keeps up to date. Allocations are not
edited here: they change through the allocation service, with a reason for every change."""

from __future__ import annotations

from django.contrib import admin

from haven.workforce.models import Team, Worker


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["name", "kind", "manager"]
    list_filter = ["kind"]


@admin.register(Worker)
class WorkerAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["full_name", "role", "team", "is_agency", "fte", "start_date", "end_date"]
    list_filter = ["role", "is_agency", "team"]
    search_fields = ["full_name", "registration_number"]
    raw_id_fields = ["user", "line_manager"]
