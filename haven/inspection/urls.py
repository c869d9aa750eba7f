from django.urls import URLPattern, path

from haven.inspection import annex_a_views, views

app_name = "inspection"
urlpatterns: list[URLPattern] = [
    path("", views.LensView.as_view(), name="lens"),
    path("<slug:measure>/children/", views.DrillView.as_view(), name="drill"),
    path("<slug:measure>.csv", views.MeasureCsvView.as_view(), name="csv"),
    path("annex-a/", annex_a_views.AnnexADownloadView.as_view(), name="annex_a"),
]
