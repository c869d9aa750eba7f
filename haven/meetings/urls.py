from django.urls import path

from haven.meetings import views

app_name = "meetings"
urlpatterns = [
    path(
        "<int:pk>/episodes/<int:episode_id>/strategy-discussion/",
        views.StrategyDiscussionCreateView.as_view(),
        name="strategy_discussion_create",
    ),
    path(
        "<int:pk>/section-47/<int:enquiry_id>/outcome/",
        views.Section47OutcomeView.as_view(),
        name="section_47_outcome",
    ),
    path(
        "<int:pk>/section-47/<int:enquiry_id>/initial-conference/",
        views.InitialConferenceCreateView.as_view(),
        name="initial_conference_create",
    ),
    path(
        "<int:pk>/plans/<int:plan_id>/review-conference/",
        views.ReviewConferenceCreateView.as_view(),
        name="review_conference_create",
    ),
    path(
        "<int:pk>/plans/<int:plan_id>/core-group/",
        views.CoreGroupCreateView.as_view(),
        name="core_group_create",
    ),
    path(
        "<int:pk>/cin-plans/<int:plan_id>/review/",
        views.ChildInNeedReviewCreateView.as_view(),
        name="cin_review_create",
    ),
]
