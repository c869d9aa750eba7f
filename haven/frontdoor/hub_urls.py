from django.urls import path

from haven.frontdoor import hub_views as views

app_name = "hub"
urlpatterns = [
    path("", views.HubQueueView.as_view(), name="queue"),
    path("contacts/new/", views.ContactRecordView.as_view(), name="contact_record"),
    path("contacts/<int:contact_id>/", views.ContactView.as_view(), name="contact"),
    path("contacts/<int:contact_id>/triage/", views.ContactTriageView.as_view(), name="triage"),
]
