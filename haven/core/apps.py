from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "haven.core"
    label = "core"

    def ready(self) -> None:
        from haven.core import (
            checks,  # noqa: F401 - registers the system checks
            lookups,  # noqa: F401 - registers field__any
        )
