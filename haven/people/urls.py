from django.urls import path

from haven.people import merge_views, views

app_name = "people"
urlpatterns = [
    path("new/", views.ChildCreateView.as_view(), name="child_create"),
    path("<int:pk>/", views.ChildChronologyView.as_view(), name="child_chronology"),
    path("<int:pk>/family/", views.ChildFamilyView.as_view(), name="child_family"),
    path("<int:pk>/episodes/", views.ChildEpisodesView.as_view(), name="child_episodes"),
    path("<int:pk>/visits/", views.ChildVisitsView.as_view(), name="child_visits"),
    path("<int:pk>/notes/", views.ChildNotesView.as_view(), name="child_notes"),
    path("<int:pk>/allocations/", views.ChildAllocationsView.as_view(), name="child_allocations"),
    path("<int:pk>/details/", views.ChildDetailsView.as_view(), name="child_details"),
    path("<int:pk>/access-log/", views.ChildAccessLogView.as_view(), name="child_access_log"),
    path("<int:pk>/merge/", merge_views.PersonMergeView.as_view(), name="person_merge"),
    path("<int:pk>/merges/", merge_views.PersonMergesView.as_view(), name="person_merges"),
    path(
        "<int:pk>/family/new/", views.FamilyMemberCreateView.as_view(), name="family_member_create"
    ),
    path("<int:pk>/addresses/new/", views.AddressCreateView.as_view(), name="address_create"),
    path(
        "<int:pk>/professionals/new/",
        views.InvolvementCreateView.as_view(),
        name="involvement_create",
    ),
]
