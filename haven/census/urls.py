from django.urls import path

from haven.census import views

app_name = "census"
urlpatterns = [
    path("", views.CensusQualityView.as_view(), name="quality"),
]
