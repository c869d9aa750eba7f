from django.urls import path

from haven.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.SignInView.as_view(), name="sign_in"),
    path("sign-in/code/", views.SignInCodeView.as_view(), name="sign_in_code"),
    path("sign-in/set-up/", views.SignInSetUpView.as_view(), name="sign_in_set_up"),
    path("sign-in/set-up/qr-code.svg", views.sign_in_qr_code, name="sign_in_qr_code"),
    path("sign-out/", views.SignOutView.as_view(), name="sign_out"),
]
