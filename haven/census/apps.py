from django.apps import AppConfig


class CensusConfig(AppConfig):
    name = "haven.census"
    label = "census"
    verbose_name = "Children in need census"

    def ready(self) -> None:
        from haven.census import checks  # noqa: F401 - registers the system checks
