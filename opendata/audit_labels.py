"""Chinese labels of the open data's audit actions (see core.audit_labels)."""

from core import audit_labels

audit_labels.register({"opendata.export": "生成开放数据"})
