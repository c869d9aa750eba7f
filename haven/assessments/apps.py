from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "haven.assessments"
    label = "assessments"
