"""Chinese labels of the showcase's audit actions (see core.audit_labels)."""

from core import audit_labels

audit_labels.register(
    {
        "showcase.create": "新建成果展示条目",
        "showcase.update": "修改成果展示条目",
        "showcase.publish": "发布成果展示条目",
        "showcase.unpublish": "撤下成果展示条目",
        "showcase.feature": "设置成果首页推荐",
        "showcase.move": "调整成果展示顺序",
        "showcase.image_add": "添加成果图片",
        "showcase.image_remove": "移除成果图片",
    }
)
