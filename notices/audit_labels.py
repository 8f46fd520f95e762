"""Chinese labels of the notices' audit actions (see core.audit_labels)."""

from core import audit_labels

audit_labels.register(
    {
        "article.create": "新建通知公告",
        "article.update": "修改通知公告",
        "article.publish": "发布通知公告",
        "article.withdraw": "撤回通知公告",
    }
)
