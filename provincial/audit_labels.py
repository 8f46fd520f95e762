"""Chinese labels of the provincial register's audit actions (see core.audit_labels)."""

from core import audit_labels

audit_labels.register(
    {
        "provincial.project_create": "登记省标项目",
        "provincial.project_link": "关联省标目录记录",
        "provincial.project_stage": "更新省标项目阶段",
        "provincial.stage_update_create": "报送省标项目进度",
    }
)
