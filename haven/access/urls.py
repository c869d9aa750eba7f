from django.urls import path

from haven.access import views

app_name = "access"
urlpatterns = [
    path("<int:pk>/access/", views.ChildAccessView.as_view(), name="child_access"),
    path("<int:pk>/access/restrict/", views.RestrictView.as_view(), name="restrict"),
    path("<int:pk>/access/lift/", views.LiftRestrictionView.as_view(), name="lift"),
    path("<int:pk>/access/grant/", views.NamedGrantView.as_view(), name="grant"),
    path(
        "<int:pk>/access/grants/<int:grant_pk>/revoke/",
        views.RevokeGrantView.as_view(),
        name="revoke",
    ),
    path("access-notices/", views.NotificationsView.as_view(), name="notifications"),
    path(
        "access-notices/<int:notification_pk>/reviewed/",
        views.NotificationReviewedView.as_view(),
        name="notification_reviewed",
    ),
    path(
        "<int:pk>/emergency-access/", views.EmergencyAccessView.as_view(), name="emergency_access"
    ),
]
