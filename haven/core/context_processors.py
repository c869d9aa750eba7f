"""Names every template needs (header, footer, page titles)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, str]:
    return {"service_name": "Haven", "authority_name": settings.HAVEN_AUTHORITY_NAME}
