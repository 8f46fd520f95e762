"""Chinese labels of the reference data's audit actions (see core.audit_labels)."""

from core import audit_labels

audit_labels.register({"reference.load": "载入分类参考数据"})
