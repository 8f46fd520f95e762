"""Chinese labels of the topics' audit actions (see core.audit_labels)."""

from core import audit_labels

audit_labels.register(
    {
        "topic.create": "新建专题",
        "topic.update": "修改专题",
        "topic_node.create": "新增体系表节点",
        "topic_node.update": "修改体系表节点",
        "topic_node.move": "调整体系表节点顺序",
        "topic_node.delete": "删除体系表节点",
        "topic_placement.add": "将标准放入体系表节点",
        "topic_placement.remove": "从体系表节点移除标准",
        "topic_placement.replace": "在体系表中以代替标准替换",
        "topic_rule.create": "新增自动归集规则",
        "topic_rule.update": "修改自动归集规则",
        "topic_rule.delete": "删除自动归集规则",
    }
)
