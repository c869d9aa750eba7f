from django.urls import path

from haven.referrals import views

app_name = "referrals"
urlpatterns = [
    path("<int:pk>/referrals/new/", views.ReferralCreateView.as_view(), name="referral_create"),
    path(
        "<int:pk>/episodes/<int:episode_id>/close/",
        views.EpisodeCloseView.as_view(),
        name="episode_close",
    ),
]
