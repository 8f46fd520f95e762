"""Chinese labels of public comment's audit actions (see core.audit_labels)."""

from core import audit_labels

audit_labels.register(
    {
        "consultation.open": "发起征求意见",
        "consultation.comment": "提交意见",
        "consultation.dispose": "处理意见",
        "consultation.invite": "邀请单位提意见",
        "consultation.no_opinion": "回复无意见",
        "consultation.publish": "公布意见处理结果",
        "consultation.remind": "提醒被邀请单位",
    }
)
