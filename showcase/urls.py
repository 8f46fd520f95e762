from django.urls import path

from showcase import views

app_name = "showcase"

urlpatterns = [
    path("showcase/", views.showcase_list, name="list"),
    path("showcase/images/<int:pk>/", views.showcase_image, name="image"),
    path("showcase/manage/", views.item_manage, name="manage"),
    path("showcase/manage/new/", views.item_create, name="create"),
    path("showcase/manage/<int:pk>/edit/", views.item_edit, name="edit"),
    path("showcase/manage/<int:pk>/publish/", views.item_publish, name="publish"),
    path("showcase/manage/<int:pk>/unpublish/", views.item_unpublish, name="unpublish"),
    path("showcase/manage/<int:pk>/feature/", views.item_feature, name="feature"),
    path("showcase/manage/<int:pk>/move/", views.item_move, name="move"),
    path("showcase/manage/<int:pk>/images/", views.image_add, name="image_add"),
    path("showcase/manage/images/<int:pk>/remove/", views.image_remove, name="image_remove"),
    path("showcase/<slug:kind>/<int:pk>/", views.showcase_detail, name="detail"),
]
