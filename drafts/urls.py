from django.urls import path

from drafts import views

app_name = "drafts"

urlpatterns = [
    path("drafts/<int:pk>/", views.series, name="series"),
    path("drafts/<int:pk>/compare/", views.compare, name="compare"),
]
