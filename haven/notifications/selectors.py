"""Reading the outbox."""

from __future__ import annotations

from django.db.models import QuerySet

from haven.notifications.models import Message


def notifications_about(*, about_type: str, about_id: str) -> QuerySet[Message]:
    """The notifications about one record (e.g. "frontdoor.contact", "42"), oldest first, so a
    page can say whether and when the referrer was told."""
    return Message.objects.filter(about_type=about_type, about_id=str(about_id)).order_by(
        "created_at", "pk"
    )
