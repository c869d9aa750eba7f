from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "haven.search"
    label = "search"
