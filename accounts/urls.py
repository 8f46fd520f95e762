from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("register/enterprise/", views.register_enterprise, name="register_enterprise"),
    path("register/individual/", views.register_individual, name="register_individual"),
    path("register/done/", views.register_done, name="register_done"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("profile/", views.profile, name="profile"),
    path("profile/join/", views.join_organization, name="join_organization"),
    path("profile/api-token/", views.api_token, name="api_token"),
]
