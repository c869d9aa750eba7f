from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("haven.core.urls")),
    path("", include("haven.casework.urls")),
    path("people/", include("haven.people.urls")),
    path("people/", include("haven.referrals.urls")),
    path("people/", include("haven.assessments.urls")),
    path("people/", include("haven.meetings.urls")),
    path("people/", include("haven.plans.urls")),
    path("people/", include("haven.workforce.urls")),
    path("people/", include("haven.access.urls")),
    path("search/", include("haven.search.urls")),
    path("", include("haven.frontdoor.urls")),
    path("drafts/", include("haven.drafts.urls")),
    path("api/v1/", include("haven.api.urls")),
    path("census/", include("haven.census.urls")),
    path("inspection/", include("haven.inspection.urls")),
    path("admin/", admin.site.urls),
]
