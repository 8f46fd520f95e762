"""Guards of the local standard process: None when the action may be taken, else why not."""

from __future__ import annotations

from calls.guards import call_window_open
from core.workflow.workitems import current_panel
from documents.selectors import document_kinds_of
from drafting.choices import ProjectKind
from publicity.guards import all_objections_answered, publicity_ended

# The approval package (报批材料): 报批稿 (a draft version), 编制说明 and the minutes of the
# technical review (意见材料); the 汇总处理表 comes from the consultation itself.
APPROVAL_KINDS = {"draft": "报批稿", "explanation": "编制说明", "opinion": "技术审查会议纪要"}


def call_open(obj) -> str | None:
    """New standards are applied for in an open call; revisions at any time."""
    if obj.kind == ProjectKind.REVISE:
        return None
    return call_window_open(obj.call)


def units_given(obj) -> str | None:
    return None if obj.units.exists() else "请至少填写一家起草单位"


def duplicate_checked(obj) -> str | None:
    return None if obj.duplicate_checked_at else "请先查看查新结果并确认"


def panel_done(obj) -> str | None:
    """The panel of the record's current stage has decided (an earlier stage's panel does not count)."""
    panel = current_panel(obj, state=obj.state)
    if panel is None:
        return "尚未组织专家评审"
    if not panel.result:
        return "专家评审尚未完成"
    return None


def publicity_over(obj) -> str | None:
    return publicity_ended(obj)


def objections_answered(obj) -> str | None:
    return all_objections_answered(obj)


def has_draft(obj) -> str | None:
    from drafting.selectors import comment_draft

    return None if comment_draft(obj) is not None else "请先上传征求意见稿（DOCX）"


def _consultation(obj):
    from drafting.selectors import current_consultation

    return current_consultation(obj)


def comment_period_over(obj) -> str | None:
    from consultation.services import consultation_closed

    consultation = _consultation(obj)
    if consultation is None:
        return "尚未发布征求意见"
    return consultation_closed(consultation)


def comments_disposed(obj) -> str | None:
    from consultation.services import all_comments_disposed

    consultation = _consultation(obj)
    if consultation is None:
        return "尚未发布征求意见"
    return all_comments_disposed(consultation)


def approval_package(obj) -> str | None:
    kinds = document_kinds_of(obj)
    missing = [label for kind, label in APPROVAL_KINDS.items() if kind not in kinds]
    if missing:
        return "报批材料不全，缺少：" + "、".join(missing)
    return None
