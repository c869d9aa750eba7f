"""Names every template needs (header, footer, page titles)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from haven.access import policy
from haven.access.roles import Capability


def service(request: HttpRequest) -> dict[str, str]:
    return {"service_name": "Haven", "authority_name": settings.HAVEN_AUTHORITY_NAME}


def navigation(request: HttpRequest) -> dict[str, dict[str, bool]]:
    """Which parts of the service the signed-in user's role opens (the header's menu)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {}}
    return {
        "nav": {
            "casework": policy.has_capability(user, Capability.VIEW_CASE),
            "hub": policy.has_capability(user, Capability.HUB_WORK),
            "partner": policy.has_capability(user, Capability.PARTNER_VIEW),
            "inspection": policy.has_capability(user, Capability.VIEW_REPORTS),
            "census": policy.has_capability(user, Capability.VIEW_REPORTS),
        }
    }
