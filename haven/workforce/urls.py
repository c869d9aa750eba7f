from django.urls import path

from haven.workforce import views

app_name = "workforce"
urlpatterns = [
    path("<int:pk>/allocate/", views.AllocateView.as_view(), name="allocate"),
]
