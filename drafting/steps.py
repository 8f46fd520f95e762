"""A project walked through its stages with the real services, each step taken by the person of
that role on a given day (the clock set to noon of that day). Used by the demo data (projects of
2020–2026 with plausible dates) and by the tests that need a project in a given stage."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass
from unittest import mock

from django.utils import timezone

from core.workflow import transition
from directory.models import Expert
from documents.services import document_attach
from drafting import fulltext, services
from drafting.forms import FAIR_COMPETITION
from drafting.models import LocalStandardProject
from drafting.selectors import APPROVAL_PURPOSE, COMMENT_PURPOSE, current_consultation


@contextmanager
def on(day: dt.date):
    """Act as if today were `day` (noon, Asia/Shanghai)."""
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


@dataclass
class Cast:
    """Who does what: the sponsor (applies), the drafter (drafting unit), the county and city
    officers, the experts of the pool and the score sheet of 立项审查."""

    sponsor: object
    drafter: object
    county: object
    city: object
    experts: list[Expert]
    sheet: object


def later(day: dt.date, days: int) -> dt.date:
    return day + dt.timedelta(days=days)


def forward(project, cast: Cast, day: dt.date) -> None:
    officer = cast.county if project.organization and project.organization.region_id else cast.city
    with on(day):
        transition(obj=project, action="forward", actor=officer, opinion="材料齐全，同意报送")


def project_review(project, cast: Cast, day: dt.date, *, publicity_days: int = 5) -> None:
    """查新 confirmed, experts assigned and scored, fair-competition checklist, accepted."""
    from reviews.services import review_assign, review_submit

    with on(day):
        services.duplicate_check_confirm(project=project, actor=cast.city)
        review_assign(
            object=project,
            experts=cast.experts,
            sheet=cast.sheet,
            due=later(day, 10),
            actor=cast.city,
        )
    for expert in cast.experts:
        with on(later(day, 3)):
            review_submit(
                object=project,
                expert=expert.user,
                scores={str(c.pk): c.max_points * 8 / 10 for c in cast.sheet.criteria.all()},
                vote="pass",
                opinion="立项必要，技术内容可行，建议立项。",
                declare_no_conflict=True,
                actor=expert.user,
            )
    with on(later(day, 5)):
        transition(
            obj=project,
            action="accept",
            actor=cast.city,
            opinion="同意立项",
            data={"publicity_days": publicity_days, **{k: True for k, _ in FAIR_COMPETITION}},
        )
    project.refresh_from_db()


def issue_plan(project, cast: Cast) -> dt.date:
    """After the publicity period (the platform closes it), the plan is issued; returns the day."""
    day = later(project.publicity_ends, 1)
    with on(day):
        transition(obj=project, action="publicity_end", actor=None)
        transition(
            obj=project,
            action="issue_plan",
            actor=cast.city,
            data={"completion_deadline": later(day, 365)},
        )
    project.refresh_from_db()
    return day


def request_comment(project, cast: Cast, day: dt.date) -> None:
    with on(day):
        services.draft_upload(
            project=project,
            purpose=COMMENT_PURPOSE,
            upload=fulltext.docx_upload(project.title),
            note="征求意见稿",
            actor=cast.drafter,
        )
        document_attach(
            obj=project,
            upload=fulltext.pdf_upload("编制说明.pdf"),
            kind="explanation",
            actor=cast.drafter,
        )
        transition(obj=project, action="request_comment", actor=cast.drafter)


def open_comment(project, cast: Cast, day: dt.date, *, days: int = 30) -> None:
    with on(day):
        transition(obj=project, action="open_comment", actor=cast.city, data={"days": days})
    project.refresh_from_db()


COMMENTS = [
    ("4.1.1", "建议明确责任部门的具体职责分工。", "济宁市城市管理局", "采纳", ""),
    (
        "5.1.2",
        "每月检查频次偏低，建议改为每半月一次。",
        "任城区某街道办事处",
        "部分采纳",
        "考虑基层人力，改为重点区域每半月一次。",
    ),
    ("", "建议增加信息化监管手段的要求。", "", "不采纳", "信息化要求另行制定专项标准。"),
]
DISPOSITIONS = {"采纳": "accepted", "部分采纳": "partly", "不采纳": "rejected"}


def comment(project, day: dt.date, *, comments=COMMENTS) -> list:
    from consultation.services import comment_submit

    consultation = current_consultation(project)
    out = []
    with on(day):
        for index, (clause, content, org, _label, _reason) in enumerate(comments, start=1):
            out.append(
                comment_submit(
                    consultation=consultation,
                    content=content,
                    clause=clause,
                    name=f"演示意见人{index}",
                    organization=org,
                    contact=f"1380537000{index}",
                )
            )
    return out


def close_comment(project, cast: Cast, *, dispose: bool = True, publish: bool = True) -> dt.date:
    """The period ends (the platform closes it); the drafting unit disposes of every comment."""
    from consultation.services import comment_dispose, dispositions_publish

    day = later(project.comment_closes, 1)
    with on(day):
        transition(obj=project, action="comment_close", actor=None)
        if dispose:
            consultation = current_consultation(project)
            by_content = {c[1]: c for c in COMMENTS}
            for item in consultation.comments.all():
                _clause, _content, _org, label, reason = by_content.get(
                    item.content, ("", "", "", "采纳", "")
                )
                comment_dispose(
                    comment=item,
                    disposition=DISPOSITIONS[label],
                    reason=reason,
                    actor=cast.drafter,
                )
            if publish:
                dispositions_publish(consultation=consultation, actor=cast.city)
    project.refresh_from_db()
    return day


def submit_review(project, cast: Cast, day: dt.date) -> None:
    with on(day):
        transition(obj=project, action="submit_review", actor=cast.drafter)
        transition(obj=project, action="start_tech_review", actor=cast.city)


def tech_review(project, cast: Cast, day: dt.date, *, outcome: str = "tech_pass") -> None:
    with on(day):
        services.tech_panel_open(
            project=project,
            experts=cast.experts,
            rule="majority",
            due=later(day, 7),
            actor=cast.city,
        )
    with on(later(day, 3)):
        for expert in cast.experts:
            services.tech_vote(
                project=project, outcome="approve", opinion="同意通过审查。", actor=expert.user
            )
        document_attach(
            obj=project,
            upload=fulltext.pdf_upload("技术审查会议纪要.pdf"),
            kind="opinion",
            actor=cast.city,
        )
        data = {"changes": "1. 统一术语表述；\n2. 补充评价指标。"} if outcome != "tech_pass" else {}
        transition(obj=project, action=outcome, actor=cast.city, opinion="审查通过", data=data)


def submit_approval(project, cast: Cast, day: dt.date) -> None:
    with on(day):
        services.draft_upload(
            project=project,
            purpose=APPROVAL_PURPOSE,
            upload=fulltext.docx_upload(project.title, stage="报批稿"),
            note="按技术审查意见修改后的报批稿",
            actor=cast.drafter,
        )
        transition(obj=project, action="submit_approval", actor=cast.drafter)


def approve_and_publish(
    project, cast: Cast, day: dt.date, *, implement: dt.date | None = None, number=None
) -> None:
    implement = implement or later(day, 30)
    with on(day):
        transition(
            obj=project,
            action="approve",
            actor=cast.city,
            data={"issue_date": day, "implement_date": implement, "number": number},
        )
        transition(obj=project, action="publish", actor=cast.city)
    project.refresh_from_db()


def file(project, cast: Cast, day: dt.date, *, number: str) -> None:
    with on(day):
        transition(
            obj=project,
            action="file",
            actor=cast.city,
            data={"filing_number": number, "filing_date": day},
        )
    project.refresh_from_db()


def apply(cast: Cast, day: dt.date, *, call=None, **fields) -> LocalStandardProject:
    values = {
        "scope": "本文件适用于济宁市行政区域内的相关工作。",
        "reason": "规范本市相关工作，提升服务质量，满足管理需要。",
        "main_content": "基本要求、管理要求、评价与改进。",
        "sponsor_department": "济宁市机关事务服务中心",
        "relation": "与现行国家标准、行业标准协调一致，无冲突。",
        **fields,
    }
    with on(day):
        return services.project_apply(
            actor=cast.sponsor,
            call=call,
            attachments=[(fulltext.pdf_upload("立项申请书.pdf"), "application")],
            submit=True,
            **values,
        )


def walk(project, cast: Cast, start: dt.date, *, until: str = "in_force", filing: str = "") -> None:
    """Take a submitted project as far as `until` from `start` (each stage a few weeks later)."""
    order = [
        "project_review",
        "plan_pending",
        "drafting",
        "comment",
        "comment_done",
        "tech_review",
        "approval",
        "published",
        "in_force",
    ]
    steps = order[: order.index(until) + 1]
    forward(project, cast, later(start, 3))
    if "plan_pending" in steps:
        project_review(project, cast, later(start, 10))
    if "drafting" in steps:
        day = issue_plan(project, cast)
    if "comment" in steps:
        request_comment(project, cast, later(day, 90))
        open_comment(project, cast, later(day, 95))
        comment(project, later(day, 100))
    if "comment_done" in steps:
        day = close_comment(project, cast)
    if "tech_review" in steps:
        submit_review(project, cast, later(day, 10))
    if "approval" in steps:
        tech_review(project, cast, later(day, 20))
        submit_approval(project, cast, later(day, 40))
    if "published" in steps:
        approve_and_publish(project, cast, later(day, 60))
    if "in_force" in steps:
        file(project, cast, later(project.issue_date, 20), number=filing or "备案号待定")
    project.refresh_from_db()
