"""System checks for the census settings (run with `manage.py check`, `migrate`, `runserver`)."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register

LA_NUMBER_NOT_THREE_DIGITS = "haven.E030"
LA_NUMBER_IS_THE_DEMOS = "haven.W031"
# The default, for the demo and development: no authority has it, so the DfE would refuse a
# return that carried it.
DEMO_LA_NUMBER = "999"


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


@register(deploy=True)
def check_la_number_set_for_deployment(
    app_configs: Any = None, **kwargs: Any
) -> list[CheckMessage]:
    """A deployment (`manage.py check --deploy`) must name its own authority, not the demo's."""
    if getattr(settings, "HAVEN_LA_NUMBER", None) != DEMO_LA_NUMBER:
        return []
    return [
        Warning(
            f"HAVEN_LA_NUMBER is {DEMO_LA_NUMBER}, the demo's: census returns would carry no "
            "authority's number.",
            hint="Set HAVEN_LA_NUMBER to the authority's DfE LA number, for example 202.",
            id=LA_NUMBER_IS_THE_DEMOS,
        )
    ]
