from django.apps import AppConfig


class InspectionConfig(AppConfig):
    name = "haven.inspection"
    label = "inspection"
    verbose_name = "Inspection lens and Ofsted Annex A"
