from django.urls import path

from haven.casework import views

app_name = "casework"
urlpatterns = [
    path("my-work/", views.MyWorkView.as_view(), name="my_work"),
    path("team/", views.TeamView.as_view(), name="team"),
    path("people/<int:pk>/visits/new/", views.VisitCreateView.as_view(), name="visit_create"),
    path("people/<int:pk>/notes/new/", views.CaseNoteCreateView.as_view(), name="note_create"),
    path(
        "people/<int:pk>/notes/<int:note_id>/correct/",
        views.CaseNoteCorrectView.as_view(),
        name="note_correct",
    ),
]
