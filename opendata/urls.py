from django.urls import path

from opendata import views

app_name = "opendata"

urlpatterns = [
    path("open-data/", views.index, name="index"),
    path("open-data/manifest.json", views.manifest, name="manifest"),
    path("open-data/dictionary/", views.dictionary_page, name="dictionary"),
    path("open-data/dictionary.json", views.dictionary_json, name="dictionary_json"),
    path("open-data/files/<str:name>", views.download, name="file"),
]
