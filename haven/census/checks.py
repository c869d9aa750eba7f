"""System checks for the census settings (run with `manage.py check`, `migrate`, `runserver`)."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

LA_NUMBER_NOT_THREE_DIGITS = "haven.E030"


@register()
def check_la_number(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """HAVEN_LA_NUMBER is the LEA of every census return: the DfE's 3-digit LA number."""
    value = getattr(settings, "HAVEN_LA_NUMBER", None)
    if isinstance(value, str) and re.fullmatch(r"[0-9]{3}", value):
        return []
    return [
        Error(
            f"HAVEN_LA_NUMBER is {value!r}: it must be the authority's 3-digit DfE LA number.",
            hint="Set HAVEN_LA_NUMBER in the environment, for example HAVEN_LA_NUMBER=202.",
            id=LA_NUMBER_NOT_THREE_DIGITS,
        )
    ]
