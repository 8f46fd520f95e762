"""Chinese labels of the calls' audit actions (see core.audit_labels)."""

from core import audit_labels

audit_labels.register(
    {
        "call.create": "发布征集通知",
        "call.update": "修改征集通知",
        "call.close": "截止征集",
        "call.withdraw": "撤回征集通知",
    }
)
