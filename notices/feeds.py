"""The RSS feed of published articles (`/notices/feed/`)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy

from notices.selectors import public_articles

FEED_SIZE = 30


class ArticleFeed(Feed):
    title = "济宁市标准化平台 通知公告"
    link = reverse_lazy("notices:list")
    description = "济宁市市场监督管理局发布的通知公告、政策法规和工作动态"

    def items(self):
        return public_articles().order_by("-publish_at", "-id")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.get_category_display()

    def item_pubdate(self, item):
        return item.publish_at

    def item_categories(self, item):
        return [item.get_category_display()]
