"""Chinese labels of the notifications' audit actions (see core.audit_labels)."""

from core import audit_labels

audit_labels.register({"notification.preferences": "修改消息提醒设置"})
