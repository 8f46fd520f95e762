"""Chinese labels of the analytics' audit actions (see core.audit_labels)."""

from core import audit_labels

audit_labels.register({"analytics.term_mark": "处理无结果检索词"})
