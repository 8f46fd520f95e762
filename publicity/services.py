"""Writes of publicity: notices by the city bureau, objections by anyone during the period,
answers by the bureau; every write audited, the objector told of the answer."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from core import audit
from core.workflow.calendar import add_working_days
from notifications.choices import Kind
from notifications.services import notify
from publicity.models import Notice, Objection

MAX_DAYS = 90


def period_end(starts_on: dt.date, days: int, *, working_days: bool) -> dt.date:
    """The last day of a period of `days` days counted from `starts_on` itself (公示 5 个工作日
    from a Monday ends on the Friday; one starting on a Saturday counts from the Monday)."""
    if working_days:
        return add_working_days(starts_on - dt.timedelta(days=1), days)
    return starts_on + dt.timedelta(days=days - 1)


def _require_bureau(actor, what: str) -> None:
    if actor is None or not getattr(actor, "is_bureau", False):
        raise PermissionDenied(f"只有市市场监管局可以{what}")


@transaction.atomic
def notice_publish(
    *,
    obj: models.Model,
    title: str,
    body: str,
    starts_on: dt.date,
    days: int,
    working_days: bool = True,
    columns: Sequence[str] = (),
    rows: Sequence[Sequence] = (),
    issuer: str = "",
    actor,
) -> Notice:
    """Publish a notice about `obj` for `days` (working or calendar) days from `starts_on`, with
    the rows it publicizes (e.g. projects and amounts) under `columns`."""
    _require_bureau(actor, "发布公示")
    errors: dict[str, str] = {}
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        errors["title"] = "请填写标题"
    if not body:
        errors["body"] = "请填写公示正文"
    if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        errors["days"] = f"公示天数应为 1 至 {MAX_DAYS} 天"
    columns = [str(c) for c in columns]
    rows = [list(row) for row in rows]
    if any(len(row) != len(columns) for row in rows):
        errors["rows"] = "公示列表每一行的列数应与表头一致"
    if errors:
        raise ValidationError(errors)
    notice = Notice.objects.create(
        subject=obj,
        title=title,
        body=body,
        issuer=(issuer or settings.SITE.get("bureau_name", "")).strip(),
        starts_on=starts_on,
        days=days,
        working_days=working_days,
        ends_on=period_end(starts_on, days, working_days=working_days),
        columns=columns,
        rows=rows,
        published_by=actor,
    )
    audit.record(
        actor=actor,
        action="publicity.publish",
        obj=notice,
        after=audit.snapshot(notice, ["title", "starts_on", "ends_on", "days", "working_days"]),
        extra={"subject_type": notice.content_type.model, "subject_id": notice.object_id},
    )
    return notice


def _new_receipt() -> str:
    return f"YY{timezone.localdate():%Y%m%d}-{secrets.token_hex(3).upper()}"


def objection_submit(
    *,
    notice: Notice,
    name: str,
    contact: str,
    content: str,
    organization: str = "",
    email: str = "",
    user=None,
) -> Objection:
    """Record an objection while the notice is open; after the period a clear refusal and
    nothing stored. `user` is the signed-in objector, if any."""
    if not notice.is_open:
        raise ValidationError(
            f"公示期已于{notice.ends_on:%Y年%m月%d日}结束，不再受理异议"
            if notice.ends_on < timezone.localdate()
            else f"公示期自{notice.starts_on:%Y年%m月%d日}开始，届时方可提出异议",
            code="closed",
        )
    values = {
        "name": (name or "").strip(),
        "contact": (contact or "").strip(),
        "content": (content or "").strip(),
        "organization": (organization or "").strip(),
        "email": (email or "").strip(),
    }
    errors = {
        field: message
        for field, message in (
            ("name", "请填写姓名"),
            ("contact", "请填写联系方式"),
            ("content", "请填写异议内容"),
        )
        if not values[field]
    }
    if errors:
        raise ValidationError(errors)
    user = user if user is not None and user.is_authenticated else None
    for _attempt in range(5):
        try:
            with transaction.atomic():
                objection = Objection.objects.create(
                    notice=notice, receipt=_new_receipt(), submitted_by=user, **values
                )
                audit.record(
                    actor=user or f"{values['name']}（未登录）",
                    action="publicity.objection",
                    obj=objection,
                    extra={"notice": notice.pk, "receipt": objection.receipt},
                )
                notify(
                    recipients=[notice.published_by],
                    kind=Kind.WORKFLOW,
                    title=f"收到公示异议：{notice.title}",
                    body=f"回执编号 {objection.receipt}，请在公示异议页答复。",
                    url=notice.get_absolute_url(),
                    obj=notice,
                )
                return objection
        except IntegrityError:  # receipt collision: draw again
            continue
    raise RuntimeError("could not draw a unique receipt number")


@transaction.atomic
def objection_answer(*, objection: Objection, answer: str, actor) -> Objection:
    """The bureau's answer to an objection, once; the objector is told (inbox or email)."""
    _require_bureau(actor, "答复公示异议")
    objection = Objection.objects.select_for_update().select_related("notice").get(pk=objection.pk)
    if objection.answered_at is not None:
        raise ValidationError("该异议已答复")
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": "请填写答复内容"})
    objection.answer = answer
    objection.answered_by = actor
    objection.answered_at = timezone.now()
    objection.save(update_fields=["answer", "answered_by", "answered_at", "updated_at"])
    audit.record(
        actor=actor,
        action="publicity.objection_answer",
        obj=objection,
        extra={"receipt": objection.receipt, "answer": answer},
    )
    title = f"您对“{objection.notice.title}”提出的异议已答复"
    body = f"回执编号 {objection.receipt}\n答复：{answer}"
    if objection.submitted_by is not None:
        notify(
            recipients=[objection.submitted_by],
            kind=Kind.WORKFLOW,
            title=title,
            body=body,
            url=objection.notice.get_absolute_url(),
            obj=objection.notice,
        )
    elif objection.email:
        transaction.on_commit(
            partial(send_mail, title, body, None, [objection.email], fail_silently=True)
        )
    return objection
