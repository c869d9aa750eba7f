from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "haven.workforce"
    label = "workforce"
