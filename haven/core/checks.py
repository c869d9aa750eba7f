"""System checks that stop a deployment with sign-in weakened (security reference R15).

They run with `manage.py check` (and so `check --deploy`, `migrate` and `runserver`) and fire
wherever DEBUG is off, whichever settings module is used: production.py sets both values safely
itself, and these catch a custom settings file or an environment that changes them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

MFA_NOT_REQUIRED = "haven.E015"
DEMO_SIMPLE_SIGN_IN_ON = "haven.E020"


@register("security", deploy=False)
def check_sign_in_settings(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.DEBUG:
        return []
    errors: list[CheckMessage] = []
    if not getattr(settings, "HAVEN_MFA_REQUIRED", False):
        errors.append(
            Error(
                "HAVEN_MFA_REQUIRED is False with DEBUG off: a password alone would sign in.",
                hint="Set HAVEN_MFA_REQUIRED = True (security reference R15).",
                id=MFA_NOT_REQUIRED,
            )
        )
    if getattr(settings, "HAVEN_DEMO_SIMPLE_SIGN_IN", False):
        errors.append(
            Error(
                "HAVEN_DEMO_SIMPLE_SIGN_IN is on with DEBUG off: demo accounts would sign in "
                "without a code.",
                hint="Demo simple sign-in is for the local demo only: set it to False.",
                id=DEMO_SIMPLE_SIGN_IN_ON,
            )
        )
    return errors
