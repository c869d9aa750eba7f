from django.apps import AppConfig


class FrontdoorConfig(AppConfig):
    name = "haven.frontdoor"
    verbose_name = "Front door (MASH)"
