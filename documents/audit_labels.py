"""Chinese labels of the documents' audit actions (see core.audit_labels)."""

from core import audit_labels

audit_labels.register({"document.attach": "上传附件"})
