"""Chinese labels of reviews' audit actions (see core.audit_labels)."""

from core import audit_labels

audit_labels.register(
    {
        "review.assign": "分配评审专家",
        "review.submit": "提交评审意见",
        "score_sheet.create": "新建评分表",
        "score_sheet.update": "修改评分表",
        "score_sheet.version": "评分表新版本",
    }
)
