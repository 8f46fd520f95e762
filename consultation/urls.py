from django.urls import path

from consultation import views

app_name = "consultation"

urlpatterns = [
    path("consultations/", views.open_list, name="list"),
    path("consultations/<int:pk>/", views.detail, name="detail"),
    path("consultations/<int:pk>/receipt/", views.receipt, name="receipt"),
    path("consultations/<int:pk>/draft/", views.draft_download, name="draft"),
    path("consultations/<int:pk>/manage/", views.manage, name="manage"),
    path(
        "consultations/<int:pk>/comment-table.<str:fmt>",
        views.comment_table,
        name="comment_table",
    ),
    path("consultations/invited/<str:token>/", views.invitation, name="invitation"),
]
