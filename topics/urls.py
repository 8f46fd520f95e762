from django.urls import path

from topics import views

app_name = "topics"

urlpatterns = [
    path("topics/", views.topic_list, name="list"),
    path("topics/manage/", views.topic_manage, name="manage"),
    path("topics/manage/new/", views.topic_create, name="create"),
    path("topics/manage/<slug:slug>/", views.topic_edit, name="edit"),
    path("topics/manage/<slug:slug>/nodes/", views.node_create, name="node_create"),
    path("topics/manage/<slug:slug>/nodes/<int:pk>/", views.node_edit, name="node_edit"),
    path("topics/manage/<slug:slug>/nodes/<int:pk>/move/", views.node_move, name="node_move"),
    path("topics/manage/<slug:slug>/nodes/<int:pk>/delete/", views.node_delete, name="node_delete"),
    path(
        "topics/manage/<slug:slug>/nodes/<int:pk>/placements/",
        views.placement_add,
        name="placement_add",
    ),
    path("topics/manage/<slug:slug>/nodes/<int:pk>/rules/", views.rule_create, name="rule_create"),
    path(
        "topics/manage/<slug:slug>/placements/<int:pk>/remove/",
        views.placement_remove,
        name="placement_remove",
    ),
    path(
        "topics/manage/<slug:slug>/placements/<int:pk>/replace/",
        views.placement_replace,
        name="placement_replace",
    ),
    path("topics/manage/<slug:slug>/rules/<int:pk>/delete/", views.rule_delete, name="rule_delete"),
    path("topics/<slug:slug>/", views.topic_detail, name="detail"),
    path("topics/<slug:slug>/search/", views.topic_search, name="search"),
    path("topics/<slug:slug>/export.xlsx", views.topic_export, name="export"),
    path("topics/<slug:slug>/nodes/<int:pk>/", views.node_detail, name="node"),
]
