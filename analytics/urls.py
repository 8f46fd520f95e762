from django.urls import path

from analytics import views

app_name = "analytics"

urlpatterns = [
    path("analytics/", views.dashboard, name="dashboard"),
    path("analytics/daily.xlsx", views.daily_export, name="daily_export"),
    path("analytics/zero-results/", views.zero_results, name="zero_results"),
    path("analytics/terms/<int:pk>/mark/", views.term_mark, name="term_mark"),
]
