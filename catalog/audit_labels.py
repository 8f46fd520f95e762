"""Chinese labels of the catalog's audit actions (see core.audit_labels)."""

from core import audit_labels

audit_labels.register(
    {
        "standard.create": "新建标准",
        "standard.update": "修改标准",
        "standard.delete": "删除标准",
        "standard.links_update": "修改代替关系",
        "standard.import_create": "导入新增标准",
        "standard.import_update": "导入更新标准",
        "standard.status_refresh": "按日期更新标准状态",
        "catalog.import": "导入标准目录",
        "catalog.import_upload": "上传标准导入文件",
        "catalog.import_commit": "确认导入标准文件",
        "standard.data_fix": "更正标准日期",
        "standard.status_recompute": "按日期重算标准状态",
    }
)
