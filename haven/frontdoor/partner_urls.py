from django.urls import path

from haven.frontdoor import partner_views as views

app_name = "partner"
urlpatterns = [
    path("", views.PartnerHomeView.as_view(), name="home"),
    path("referrals/new/", views.ProfessionalReferralView.as_view(), name="referral_new"),
    path("requests/<int:request_id>/", views.InformationAnswerView.as_view(), name="answer"),
]
