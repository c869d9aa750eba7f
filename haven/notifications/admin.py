"""The outbox in the admin, read-only: an administrator sees what is waiting, what was sent and
what failed, and may send a failed message again ("Send again", which needs the permission
"Can send a failed notification again" and is audited). The message's text is not shown: it is
about a child, and the case record already holds it; the address and subject are enough to
find out why a message failed."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from haven.core.errors import RuleBroken
from haven.notifications import services
from haven.notifications.models import Message

# Everything but the text of the message.
SHOWN = (
    "status",
    "to_address",
    "subject",
    "about_type",
    "about_id",
    "dedupe_key",
    "message_id",
    "attempts",
    "next_attempt_at",
    "last_error",
    "created_at",
    "sent_at",
)


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = [
        "id",
        "status",
        "attempts",
        "about",
        "created_at",
        "next_attempt_at",
        "sent_at",
        "last_error",
    ]
    list_filter = ["status"]
    search_fields = ["about_id", "dedupe_key"]
    ordering = ["-created_at", "-pk"]
    fields = SHOWN
    readonly_fields = SHOWN
    actions = ["send_again"]

    @admin.display(description="About")
    def about(self, obj: Message) -> str:
        return f"{obj.about_type} {obj.about_id}" if obj.about_type else ""

    @admin.action(description="Send the selected failed notifications again", permissions=["retry"])
    def send_again(self, request: HttpRequest, queryset: QuerySet[Message]) -> None:
        queued = 0
        for message in queryset.order_by("pk"):
            try:
                services.notification_retry(acting_user=request.user, message=message)
            except RuleBroken:
                continue
            queued += 1
        skipped = queryset.count() - queued
        if queued:
            self.message_user(request, f"{queued} notification(s) will be sent again.")
        if skipped:
            self.message_user(
                request,
                f"{skipped} notification(s) had not failed and were left as they were.",
                level=messages.WARNING,
            )

    def has_retry_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("notifications.retry_message")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
