"""Chinese labels of local standard audit actions besides the process's own (see core.audit_labels;
workflow actions `local_standard.<action>` are labelled from the process table)."""

from core import audit_labels

audit_labels.register(
    {
        "local_standard.apply": "填报地方标准立项申请",
        "local_standard.duplicate_check": "确认地方标准查新结果",
        "local_standard.revision_open": "复审结论为修订，新建修订项目",
        "local_standard.suggest": "提出地方标准立项建议",
        "local_standard.suggestion_answer": "答复地方标准立项建议",
        "local_standard.feedback": "地方标准实施信息反馈",
    }
)
