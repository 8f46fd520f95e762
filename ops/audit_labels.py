"""Chinese labels of the operations' audit actions (see core.audit_labels)."""

from core import audit_labels

audit_labels.register({"ops.restore": "从备份恢复数据"})
