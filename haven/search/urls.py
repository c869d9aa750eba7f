from django.urls import path

from haven.search import views

app_name = "search"
urlpatterns = [
    path("", views.PersonSearchView.as_view(), name="person_search"),
]
