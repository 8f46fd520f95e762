from django.urls import path
from django.views.generic import RedirectView

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("register/", views.register, name="register"),
    # The address users know; registering an organization lives in the directory.
    path(
        "register/enterprise/",
        RedirectView.as_view(pattern_name="directory:register_enterprise", permanent=True),
        name="register_enterprise",
    ),
    path("register/individual/", views.register_individual, name="register_individual"),
    path("register/done/", views.register_done, name="register_done"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("confirm-resend/", views.resend_confirmation, name="resend_confirmation"),
    path("profile/", views.profile, name="profile"),
    path("profile/api-token/", views.api_token, name="api_token"),
    path("second-factor/", views.second_factor_verify, name="second_factor"),
    path("second-factor/enrol/", views.second_factor_enrol, name="second_factor_enrol"),
    path("second-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("login-audit/", views.login_audit, name="login_audit"),
    path("login-audit/export.xlsx", views.login_audit_export, name="login_audit_export"),
]
