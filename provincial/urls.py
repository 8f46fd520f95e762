from django.urls import path

from provincial import views

app_name = "provincial"

urlpatterns = [
    path("provincial/", views.project_list, name="project_list"),
    path("provincial/<int:pk>/", views.project_detail, name="project_detail"),
    path("provincial/<int:pk>/update/", views.update_create, name="update_create"),
    path("provincial/<int:pk>/documents/", views.document_add, name="document_add"),
    path("provincial/<int:pk>/link/", views.project_link, name="project_link"),
    path("provincial/mine/", views.my_projects, name="my_projects"),
    path("provincial/updates/<int:pk>/", views.update_detail, name="update_detail"),
    path("provincial/manage/", views.queue, name="queue"),
    path("provincial/new/", views.project_create, name="project_create"),
    path("provincial/import/", views.project_import, name="project_import"),
    path("provincial/export.xlsx", views.project_export, name="project_export"),
]
