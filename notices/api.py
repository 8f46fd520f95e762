"""Articles API: public, read-only (`GET /api/v1/notices/`, filter `category`)."""

from django_filters import rest_framework as filters
from rest_framework import serializers, viewsets

from notices.choices import Category
from notices.models import Article
from notices.selectors import public_articles


class ArticleFilter(filters.FilterSet):
    category = filters.ChoiceFilter(choices=Category.choices, label="栏目")

    class Meta:
        model = Article
        fields = ["category"]


class ArticleSerializer(serializers.ModelSerializer):
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Article
        fields = [
            "id", "category", "category_label", "title", "summary", "body", "publish_at",
            "pinned", "url",
        ]  # fmt: skip


class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    """Published articles (通知公告、政策法规、工作动态), pinned first, newest first; the API shows
    only what the public sees, whoever asks."""

    serializer_class = ArticleSerializer
    filterset_class = ArticleFilter

    def get_queryset(self):
        return public_articles()
