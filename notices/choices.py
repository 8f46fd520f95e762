from django.db import models


class Category(models.TextChoices):
    NOTICE = "notice", "通知公告"
    POLICY = "policy", "政策法规"
    NEWS = "news", "工作动态"


class ArticleState(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


# Status badges by stage group (ui.md).
STATE_STAGE = {
    ArticleState.DRAFT: "waiting",
    ArticleState.PUBLISHED: "done",
    ArticleState.WITHDRAWN: "refused",
}
