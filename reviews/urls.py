from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("reviews/tasks/", views.task_list, name="task_list"),
    path("reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("reviews/compare/<int:content_type_id>/<str:object_id>/", views.compare, name="compare"),
    path("reviews/assign/<int:content_type_id>/<str:object_id>/", views.assign, name="assign"),
    path("reviews/sheets/", views.sheet_list, name="sheet_list"),
    path("reviews/sheets/new/", views.sheet_create, name="sheet_create"),
    path("reviews/sheets/<int:pk>/", views.sheet_edit, name="sheet_edit"),
    path("reviews/sheets/<int:pk>/copy/", views.sheet_copy, name="sheet_copy"),
]
