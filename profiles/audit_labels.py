"""Chinese labels of the profiles' audit actions (see core.audit_labels)."""

from core import audit_labels

audit_labels.register(
    {
        "profiles.units_link": "起草单位自动关联机构",
        "profiles.unit_link": "人工关联起草单位",
        "profiles.unit_unlink": "取消起草单位关联",
        "profiles.model_publish": "发布标准化水平评分模型",
        "profiles.score_refresh": "重新计算标准化水平",
        "profiles.compute": "计算标准化档案",
    }
)
