from django.urls import path

from catalog import views
from catalog.full_text import full_text_download

app_name = "catalog"

urlpatterns = [
    path("standards/", views.standard_list, name="standard_list"),
    path("standards/export.xlsx", views.standard_export, name="standard_export"),
    path("standards/validity/", views.validity_check, name="validity_check"),
    path("standards/import/", views.import_upload, name="import_upload"),
    path("standards/import/<int:pk>/", views.import_preview, name="import_preview"),
    path("standards/import/<int:pk>/commit/", views.import_commit, name="import_commit"),
    path("standards/quality/", views.quality_list, name="quality_list"),
    path("standards/quality/<int:pk>/fix/", views.quality_fix, name="quality_fix"),
    path(
        "standards/quality/<int:pk>/recompute/",
        views.quality_recompute,
        name="quality_recompute",
    ),
    path("standards/<path:code>/full-text/", full_text_download, name="full_text"),
    path("standards/<path:code>/", views.standard_detail, name="standard_detail"),
]
