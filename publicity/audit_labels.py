"""Chinese labels of publicity's audit actions (see core.audit_labels)."""

from core import audit_labels

audit_labels.register(
    {
        "publicity.publish": "发布公示",
        "publicity.objection": "提出异议",
        "publicity.objection_answer": "答复异议",
    }
)
