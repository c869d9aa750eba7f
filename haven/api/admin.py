"""Partner API clients, read-only: a key is made with `manage.py create_api_client` (which
shows it once) and only its hash is kept, so the admin can neither show nor set one. Revoking
goes through the service, so it is audited."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from haven.api import services
from haven.api.models import ApiClient


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["organisation", "agency", "key_id", "is_active", "created_at", "last_used_at"]
    list_filter = ["agency", "is_active"]
    search_fields = ["organisation", "key_id"]
    readonly_fields = [
        "organisation",
        "agency",
        "scopes",
        "key_id",
        "key_hash",
        "is_active",
        "service_user",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description="Revoke the selected clients' keys", permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiClient]) -> None:
        for client in queryset.filter(is_active=True):
            services.api_client_revoke(key_id=client.key_id)
        self.message_user(request, "The keys were revoked.", messages.SUCCESS)
