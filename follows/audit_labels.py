"""Chinese labels of the follows' audit actions (see core.audit_labels)."""

from core import audit_labels

audit_labels.register(
    {
        "follow.create": "关注标准",
        "follow.delete": "取消关注标准",
        "object_follow.create": "关注专题",
        "object_follow.delete": "取消关注专题",
        "saved_search.create": "保存检索条件",
        "saved_search.delete": "删除保存的检索",
    }
)
