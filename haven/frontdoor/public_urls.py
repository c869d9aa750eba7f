"""Report a concern about a child: public pages, no account (mounted at /report-a-concern/)."""

from django.urls import path

from haven.frontdoor import public_views as views

app_name = "public"
urlpatterns = [
    path("", views.StartView.as_view(), name="start"),
    path("child/<int:number>/", views.ChildView.as_view(), name="child"),
    path("concern/", views.ConcernView.as_view(), name="concern"),
    path("adult/", views.AdultView.as_view(), name="adult"),
    path("about-you/", views.AboutYouView.as_view(), name="about_you"),
    path("family/", views.FamilyAwareView.as_view(), name="family_aware"),
    path("check-your-answers/", views.CheckView.as_view(), name="check"),
    path("confirmation/", views.ConfirmationView.as_view(), name="confirmation"),
]
