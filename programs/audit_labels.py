"""Chinese labels of the programs' audit actions (see core.audit_labels)."""

from core import audit_labels

audit_labels.register(
    {
        "forerunner.create": "登记领跑者",
        "pilot.achievements": "填写试点成效",
        "pilot.create": "填写试点示范申报",
        "pilot.progress_read": "阅示试点建设进展",
        "pilot.progress_report": "报送试点建设进展",
        "plan_item.create": "新增改革建设项目",
        "subsidy_application.create": "填写资助申请",
        "standard_upgrade.create": "登记标准升级",
        "subsidy_application.reassess": "重新核算资助",
        "subsidy_application.score": "资助申请评分",
        "subsidy_application.submit": "提交资助申请",
        "subsidy_payment.record": "登记资助拨付",
        "subsidy_policy.allocate": "编制资金分配方案",
        "subsidy_policy.create": "制定资助政策",
        "subsidy_policy.update": "修改资助政策",
    }
)
