from django.urls import include, path

urlpatterns = [
    path("report-a-concern/", include("haven.frontdoor.public_urls")),
    path("hub/", include("haven.frontdoor.hub_urls")),
    path("partner/", include("haven.frontdoor.partner_urls")),
]
