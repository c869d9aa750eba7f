from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "haven.plans"
    label = "plans"
