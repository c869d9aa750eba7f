from django.urls import path

from haven.assessments import views

app_name = "assessments"
urlpatterns = [
    path(
        "<int:pk>/episodes/<int:episode_id>/assessment/",
        views.AssessmentStartView.as_view(),
        name="assessment_start",
    ),
    path(
        "<int:pk>/assessments/<int:assessment_id>/authorise/",
        views.AssessmentAuthoriseView.as_view(),
        name="assessment_authorise",
    ),
]
