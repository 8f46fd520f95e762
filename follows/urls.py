from django.urls import path

from follows import views

app_name = "follows"

urlpatterns = [
    path("follows/", views.home, name="home"),
    path("follows/standards/", views.follow_create, name="follow_create"),
    path("follows/standards/<int:pk>/delete/", views.follow_delete, name="follow_delete"),
    path("follows/searches/", views.saved_search_create, name="saved_search_create"),
    path("follows/searches/<int:pk>/", views.saved_search_open, name="saved_search_open"),
    path(
        "follows/searches/<int:pk>/delete/",
        views.saved_search_delete,
        name="saved_search_delete",
    ),
    path("follows/objects/", views.object_follow_create, name="object_follow_create"),
    path(
        "follows/objects/<int:pk>/delete/", views.object_follow_delete, name="object_follow_delete"
    ),
]
