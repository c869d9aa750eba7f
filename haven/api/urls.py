"""The partner API, mounted at /api/v1/ (config/urls.py)."""

from django.urls import path, re_path

from haven.api import views

app_name = "api"
urlpatterns = [
    path("contacts", views.ContactsView.as_view(), name="contacts"),
    path("contacts/<str:reference>", views.ContactDetailView.as_view(), name="contact_detail"),
    path("openapi.json", views.OpenApiView.as_view(), name="openapi"),
    # Anything else under /api/v1/ is a problem+json 404 (unnamed: it is no page of its own).
    re_path(r"", views.NotFoundView.as_view()),
]
