"""Chinese labels for the audit log: each app declares the labels of the actions it records.

    # myapp/audit_labels.py  (imported by core's autodiscover, like menu.py)
    from core import audit_labels

    audit_labels.register({"draft.publish": "发布征求意见稿", "draft.close": "截止征求意见"})
    # Labels of objects whose name is a code (a role's group is named "city_officer"):
    audit_labels.register_object_labels("auth.group", {"city_officer": "市市场监管局"})

Workflow actions (``<process key>.<action key>``) are labelled from the process table
(``组织机构认证：审核通过``) without declaring them. An unknown code still reads as Chinese: the
verb of its last part when known (``新建``/``修改``/``删除``…), else ``其他操作``; pages show the
code beside it for the record. ``core`` imports no domain app: apps register their labels.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

_ACTIONS: dict[str, str] = {}
_OBJECT_LABELS: dict[str, Callable[[str], str]] = {}

# The last part of an action code → a Chinese verb, for codes nobody labelled.
VERBS = {
    "create": "新建",
    "add": "新增",
    "update": "修改",
    "change": "修改",
    "edit": "修改",
    "delete": "删除",
    "remove": "移除",
    "import": "导入",
    "export": "导出",
    "submit": "提交",
    "approve": "批准",
    "verify": "审核通过",
    "reject": "驳回",
    "return": "退回",
    "revoke": "撤销",
    "publish": "发布",
    "close": "关闭",
    "upload": "上传",
    "attach": "上传附件",
    "sync": "同步",
    "load": "载入",
    "decide": "处理",
    "request": "申请",
}
UNKNOWN = "其他操作"


def register(actions: Mapping[str, str]) -> None:
    """Declare the Chinese labels of action codes (``"standard.create": "新建标准"``)."""
    _ACTIONS.update(actions)


def register_object_labels(
    model_key: str, labels: Mapping[str, str] | Callable[[str], str]
) -> None:
    """Translate the stored labels of one model's objects (``"auth.group"``), by mapping or function."""
    if callable(labels):
        _OBJECT_LABELS[model_key.lower()] = labels
    else:
        mapping = dict(labels)
        _OBJECT_LABELS[model_key.lower()] = lambda value: mapping.get(value, value)


def registered_actions() -> dict[str, str]:
    return dict(_ACTIONS)


def _workflow_label(code: str) -> str | None:
    from core.workflow.definitions import processes

    process_key, _, action_key = code.rpartition(".")
    for process in processes():
        if process.key == process_key:
            for action in process.actions:
                if action.key == action_key:
                    return f"{process.label}：{action.label}"
    return None


def is_labelled(code: str) -> bool:
    return code in _ACTIONS or _workflow_label(code) is not None


def action_label(code: str) -> str:
    """The Chinese label of an action code; never the bare code."""
    if not code:
        return UNKNOWN
    if code in _ACTIONS:
        return _ACTIONS[code]
    workflow = _workflow_label(code)
    if workflow:
        return workflow
    return VERBS.get(code.rpartition(".")[2], UNKNOWN)


def object_label(model_key: str | None, label: str) -> str:
    """The object's stored label, translated where its model registered labels."""
    if not label or not model_key:
        return label
    translate = _OBJECT_LABELS.get(model_key.lower())
    return translate(label) if translate else label
