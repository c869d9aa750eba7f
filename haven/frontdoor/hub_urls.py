from django.urls import path

from haven.frontdoor import dashboard_views, matching_views
from haven.frontdoor import hub_views as views

app_name = "hub"
urlpatterns = [
    path("", views.HubQueueView.as_view(), name="queue"),
    path("dashboard/", dashboard_views.HubDashboardView.as_view(), name="dashboard"),
    path("contacts/new/", views.ContactRecordView.as_view(), name="contact_record"),
    path("contacts/<int:contact_id>/", views.ContactView.as_view(), name="contact"),
    path("contacts/<int:contact_id>/triage/", views.ContactTriageView.as_view(), name="triage"),
    path(
        "contacts/<int:contact_id>/people/",
        matching_views.ContactPeopleView.as_view(),
        name="contact_people",
    ),
    path(
        "contacts/<int:contact_id>/requests/new/",
        views.InformationRequestView.as_view(),
        name="request_new",
    ),
    path(
        "requests/<int:request_id>/withdraw/",
        views.InformationRequestWithdrawView.as_view(),
        name="request_withdraw",
    ),
    path("contacts/<int:contact_id>/decide/", views.DecisionView.as_view(), name="decide"),
]
