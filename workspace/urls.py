from django.urls import path

from workspace import views

app_name = "workspace"

urlpatterns = [
    path("workspace/", views.home, name="home"),
    path("workspace/deadlines/", views.deadlines, name="deadlines"),
]
