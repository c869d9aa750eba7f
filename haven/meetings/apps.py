from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "haven.meetings"
    label = "meetings"
