from django.urls import path

from haven.plans import views

app_name = "plans"
urlpatterns = [
    path(
        "<int:pk>/episodes/<int:episode_id>/cin-plan/",
        views.ChildInNeedPlanStartView.as_view(),
        name="cin_plan_start",
    ),
    path(
        "<int:pk>/cin-plans/<int:plan_id>/end/",
        views.ChildInNeedPlanEndView.as_view(),
        name="cin_plan_end",
    ),
]
