from django.urls import path

from profiles import views

app_name = "profiles"

urlpatterns = [
    path("organizations/<int:pk>/profile/", views.profile, name="profile"),
    path(
        "organizations/<int:pk>/profile/standards/",
        views.profile_standards,
        name="profile_standards",
    ),
    path("organizations/<int:pk>/profile/refresh/", views.refresh, name="refresh"),
    path("organizations/<int:pk>/clusters/", views.clusters, name="clusters"),
    path("profiles/mine/", views.mine, name="mine"),
    path("profiles/ranking/", views.ranking, name="ranking"),
    path("profiles/model/", views.model_edit, name="model"),
    path("profiles/drafting-units/<int:pk>/", views.unit, name="unit"),
]
