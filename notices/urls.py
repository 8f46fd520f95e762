from django.urls import path

from notices import views
from notices.feeds import ArticleFeed

app_name = "notices"

urlpatterns = [
    path("notices/", views.article_list, name="list"),
    path("notices/policy/", views.article_list, {"category": "policy"}, name="policy_list"),
    path("notices/news/", views.article_list, {"category": "news"}, name="news_list"),
    path("notices/feed/", ArticleFeed(), name="feed"),
    path("notices/manage/", views.article_manage, name="manage"),
    path("notices/new/", views.article_create, name="create"),
    path("notices/<int:pk>/", views.article_detail, name="detail"),
    path("notices/<int:pk>/edit/", views.article_edit, name="edit"),
    path("notices/<int:pk>/publish/", views.article_publish, name="publish"),
    path("notices/<int:pk>/withdraw/", views.article_withdraw, name="withdraw"),
    path("notices/<int:pk>/documents/", views.article_document_upload, name="document_upload"),
]
