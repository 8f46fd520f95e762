from django.urls import path

from core import export_views

app_name = "exports"

urlpatterns = [
    path("exports/", export_views.export_list, name="list"),
    path("exports/<int:pk>/download/", export_views.export_download, name="download"),
]
