"""Chinese labels of the statistics' audit actions (see core.audit_labels)."""

from core import audit_labels

audit_labels.register(
    {
        "insight.snapshot_request": "重新计算统计数据",
        "insight.annual_report": "生成年度统计报告",
    }
)
