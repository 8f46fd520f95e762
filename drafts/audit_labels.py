"""Chinese labels of the drafts' audit actions (see core.audit_labels)."""

from core import audit_labels

audit_labels.register(
    {
        "draft.version_upload": "上传草案新版本",
    }
)
