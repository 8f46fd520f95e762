from django.urls import path

from insight import views

app_name = "insight"

urlpatterns = [
    path("statistics/", views.public_statistics, name="public"),
    path("statistics/export/<slug:key>.xlsx", views.public_export, name="public_export"),
    path("statistics/dashboard/", views.dashboard, name="dashboard"),
    path(
        "statistics/dashboard/export/<slug:key>.xlsx",
        views.dashboard_export,
        name="dashboard_export",
    ),
    path("statistics/dashboard/refresh/", views.snapshot_refresh, name="refresh"),
    path("statistics/dashboard/report/", views.annual_report, name="report"),
]
