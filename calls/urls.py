from django.urls import path

from calls import views

app_name = "calls"

urlpatterns = [
    path("calls/", views.call_list, name="call_list"),
    path("calls/new/", views.call_create, name="call_create"),
    path("calls/<int:pk>/", views.call_detail, name="call_detail"),
    path("calls/<int:pk>/edit/", views.call_edit, name="call_edit"),
    path("calls/<int:pk>/close/", views.call_close, name="call_close"),
    path("calls/<int:pk>/documents/", views.call_document_upload, name="call_document_upload"),
]
