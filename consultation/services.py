"""Writes of consultations: open, comment, invite, answer, dispose, publish, remind.

Each validates (clear Chinese messages, nothing stored on refusal), locks what races, audits, and
sends mail or notifications after commit."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from consultation.choices import REASON_REQUIRED, Answer, Disposition
from consultation.models import Comment, Consultation, InvitedUnit
from consultation.numbering import next_receipt
from consultation.rules import can_dispose
from consultation.tokens import make_invitation_token
from core import audit
from drafts.models import DraftVersion
from drafts.selectors import clauses_of
from notifications.choices import Kind
from notifications.services import notify

log = logging.getLogger(__name__)

MIN_PERIOD_DAYS = 30  # 征求意见期不少于 30 日 (Shandong local-standard measures, GB practice)
CONTENT_MAX = 5000
NAME_MAX = 50
ORGANIZATION_MAX = 200
CONTACT_MAX = 100
REASON_MAX = 2000
TITLE_MAX = 200


def _fmt(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def _mail(subject: str, body: str, to: list[str]) -> None:
    """Send after commit; a mail server failure is logged, never undoes what was stored."""

    def send():
        try:
            send_mail(
                subject=f"【{settings.SITE['short_name']}】{subject}",
                message=body,
                from_email=None,
                recipient_list=to,
            )
        except Exception:
            log.exception("consultation mail to %s failed", to)

    transaction.on_commit(send)


def _require_manager(actor, consultation: Consultation, message: str) -> None:
    if not can_dispose(actor, consultation):
        raise PermissionDenied(message)


def _public_actor(name: str) -> str:
    return f"公众：{name}"[:150]


# --- opening -----------------------------------------------------------------------------------


def period_problem(opens_at, closes_at, *, min_days: int = MIN_PERIOD_DAYS) -> str | None:
    if opens_at is None or closes_at is None:
        return "请填写开始时间和截止时间"
    if closes_at - opens_at < datetime.timedelta(days=min_days):
        span = closes_at - opens_at
        days = span.days + (span.seconds / 86400)
        return (
            f"征求意见期不得少于 {min_days} 天，当前为 {days:.1f} 天"
            f"（{_fmt(opens_at)} 至 {_fmt(closes_at)}）"
        )
    return None


@transaction.atomic
def consultation_open(
    *,
    obj: models.Model,
    title: str,
    draft: DraftVersion,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    actor,
    min_days: int = MIN_PERIOD_DAYS,
) -> Consultation:
    """Open a period of public comment on `draft` of `obj`. `min_days` may be raised per
    consultation (e.g. 60 for a draft of wide interest), never below 30."""
    content_type = ContentType.objects.get_for_model(obj)
    consultation = Consultation(
        content_type=content_type,
        object_id=str(obj.pk),
        title=" ".join((title or "").split()),
        draft=draft,
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=actor,
    )
    _require_manager(actor, consultation, "您无权发起该征求意见")
    errors: dict[str, str] = {}
    if not consultation.title or len(consultation.title) > TITLE_MAX:
        errors["title"] = f"请填写标题（不超过 {TITLE_MAX} 个字）"
    if draft.series.content_type_id != content_type.pk or draft.series.object_id != str(obj.pk):
        errors["draft"] = "所选草案不属于该项目"
    elif not draft.paragraphs:
        errors["draft"] = "征求意见稿须为可提取正文的 Word（DOCX）文件，以便按条款提出意见"
    problem = period_problem(opens_at, closes_at, min_days=max(min_days, MIN_PERIOD_DAYS))
    if problem:
        errors["closes_at"] = problem
    if errors:
        raise ValidationError(errors)
    consultation.save()
    audit.record(
        actor=actor,
        action="consultation.open",
        obj=consultation,
        after=audit.snapshot(consultation, ["title", "draft_id", "opens_at", "closes_at"]),
        extra={"owner": f"{content_type.app_label}.{content_type.model}:{obj.pk}"},
    )
    return consultation


# --- comments ----------------------------------------------------------------------------------


def _clean_comment(consultation, *, content, clause, name, organization, contact) -> dict:
    data = {
        "content": (content or "").strip(),
        "clause": (clause or "").strip(),
        "name": " ".join((name or "").split()),
        "organization": " ".join((organization or "").split()),
        "contact": (contact or "").strip(),
    }
    errors: dict[str, str] = {}
    if not data["content"]:
        errors["content"] = "请填写意见内容"
    elif len(data["content"]) > CONTENT_MAX:
        errors["content"] = f"意见内容不能超过 {CONTENT_MAX} 个字（可分条提交）"
    if not data["name"] or len(data["name"]) > NAME_MAX:
        errors["name"] = f"请填写姓名（不超过 {NAME_MAX} 个字）"
    if len(data["organization"]) > ORGANIZATION_MAX:
        errors["organization"] = f"单位名称不能超过 {ORGANIZATION_MAX} 个字"
    if not data["contact"] or len(data["contact"]) > CONTACT_MAX:
        errors["contact"] = "请填写联系方式（电话或电子邮箱）"
    data["email"] = ""
    if "@" in data["contact"]:
        try:
            validate_email(data["contact"])
        except ValidationError:
            errors["contact"] = "电子邮箱格式不正确"
        else:
            data["email"] = data["contact"]
    if data["clause"]:
        numbers = {number for number, _ in clauses_of(consultation.draft)}
        if data["clause"] not in numbers:
            errors["clause"] = f"征求意见稿中没有第 {data['clause']} 条，请从条款列表中选择"
    if errors:
        raise ValidationError(errors)
    return data


def _closed_error(consultation: Consultation, now) -> ValidationError | None:
    if now < consultation.opens_at:
        return ValidationError(
            f"征求意见尚未开始（{_fmt(consultation.opens_at)} 开始）", code="not_open"
        )
    if now > consultation.closes_at:
        return ValidationError(
            f"征求意见已于 {_fmt(consultation.closes_at)} 截止，不再接收意见", code="closed"
        )
    return None


@transaction.atomic
def comment_submit(
    *,
    consultation: Consultation,
    content: str,
    name: str,
    contact: str,
    clause: str = "",
    organization: str = "",
    user=None,
    invited: InvitedUnit | None = None,
) -> Comment:
    """Store a comment while the period is open (anyone, with or without an account) and give it
    a receipt number; after closes_at nothing is stored."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    now = timezone.now()
    error = _closed_error(consultation, now)
    if error:
        raise error
    data = _clean_comment(
        consultation,
        content=content,
        clause=clause,
        name=name,
        organization=organization,
        contact=contact,
    )
    user = user if user is not None and user.is_authenticated else None
    if invited is None and user is not None and user.organization_id:
        invited = consultation.invited.filter(organization_id=user.organization_id).first()
    if invited is not None and invited.consultation_id != consultation.pk:
        invited = None
    comment = Comment.objects.create(
        consultation=consultation,
        receipt=next_receipt(timezone.localdate(now).year),
        user=user,
        invited_unit=invited,
        submitted_at=now,
        **data,
    )
    if invited is not None and not invited.answer:
        invited.answer, invited.answered_at = Answer.COMMENTED, now
        invited.save(update_fields=["answer", "answered_at", "updated_at"])
    audit.record(
        actor=user or _public_actor(data["name"]),
        action="consultation.comment",
        obj=consultation,
        extra={
            "comment": comment.pk,
            "receipt": comment.receipt,
            "clause": comment.clause,
            "invited_unit": invited.pk if invited else None,
        },
    )
    if comment.email:
        _mail(
            f"意见回执 {comment.receipt}",
            f"{comment.name}：\n\n您对《{consultation.title}》的意见已收到，回执编号 {comment.receipt}。\n"
            f"意见处理结果公布后将另行告知。\n\n{settings.SITE_URL}{consultation.get_absolute_url()}\n",
            [comment.email],
        )
    return comment


# --- invited units -----------------------------------------------------------------------------


def invitation_url(invited: InvitedUnit) -> str:
    return settings.SITE_URL + reverse(
        "consultation:invitation", args=[make_invitation_token(invited)]
    )


@transaction.atomic
def invited_add(
    *, consultation: Consultation, name: str, email: str, actor, organization=None
) -> InvitedUnit:
    """Invite a unit by e-mail; it answers through a signed link (comment or 无意见)."""
    _require_manager(actor, consultation, "您无权邀请单位")
    name = " ".join((name or (organization.name if organization else "")).split())
    email = (email or "").strip().lower()
    errors: dict[str, str] = {}
    if not name or len(name) > ORGANIZATION_MAX:
        errors["name"] = "请填写单位名称"
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = "电子邮箱格式不正确"
    if consultation.has_closed():
        errors["__all__"] = "征求意见已截止，不能再邀请单位"
    if not errors and consultation.invited.filter(email=email).exists():
        errors["email"] = "该邮箱已被邀请"
    if errors:
        raise ValidationError(errors)
    invited = InvitedUnit.objects.create(
        consultation=consultation, organization=organization, name=name, email=email
    )
    audit.record(
        actor=actor,
        action="consultation.invite",
        obj=consultation,
        extra={"invited_unit": invited.pk, "name": name, "email": email},
    )
    _mail(
        f"征求意见：{consultation.title}",
        f"{name}：\n\n现就《{consultation.title}》征求贵单位意见，截止时间 {_fmt(consultation.closes_at)}。\n"
        f"请通过以下链接查看征求意见稿并提出意见；如无意见，也请通过该链接答复“无意见”：\n"
        f"{invitation_url(invited)}\n",
        [email],
    )
    return invited


@transaction.atomic
def invited_no_opinion(*, invited: InvitedUnit) -> InvitedUnit:
    """The unit answers 无意见 through its signed link (while the period is open)."""
    invited = (
        InvitedUnit.objects.select_for_update().select_related("consultation").get(pk=invited.pk)
    )
    error = _closed_error(invited.consultation, timezone.now())
    if error:
        raise error
    if invited.answer:
        return invited
    invited.answer, invited.answered_at = Answer.NO_OPINION, timezone.now()
    invited.save(update_fields=["answer", "answered_at", "updated_at"])
    audit.record(
        actor=_public_actor(invited.name),
        action="consultation.no_opinion",
        obj=invited.consultation,
        extra={"invited_unit": invited.pk},
    )
    return invited


def reminders_send(*, today: datetime.date | None = None) -> int:
    """E-mail every invited unit that has not answered an open consultation, once a day."""
    today = today or timezone.localdate()
    sent = 0
    for consultation in Consultation.objects.open_now():
        with transaction.atomic():
            due = (
                consultation.invited.select_for_update()
                .filter(answer="")
                .exclude(last_reminded_on=today)
            )
            for invited in due:
                invited.last_reminded_on = today
                invited.save(update_fields=["last_reminded_on", "updated_at"])
                _mail(
                    f"提醒：《{consultation.title}》征求意见剩余 {consultation.days_left()} 天",
                    f"{invited.name}：\n\n贵单位尚未答复《{consultation.title}》的征求意见，"
                    f"截止时间 {_fmt(consultation.closes_at)}。\n"
                    f"请提出意见或答复“无意见”：{invitation_url(invited)}\n",
                    [invited.email],
                )
                sent += 1
            if due:
                audit.record(
                    actor=None,
                    action="consultation.remind",
                    obj=consultation,
                    extra={"date": today, "count": len(due)},
                )
    return sent


# --- dispositions ------------------------------------------------------------------------------


@transaction.atomic
def comment_dispose(*, comment: Comment, disposition: str, reason: str, actor) -> Comment:
    """Record 采纳 / 部分采纳 / 不采纳 (a reason is required for the last two)."""
    comment = Comment.objects.select_for_update().select_related("consultation").get(pk=comment.pk)
    consultation = comment.consultation
    _require_manager(actor, consultation, "您无权处理该意见")
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if disposition not in Disposition.values:
        errors["disposition"] = "请选择处理意见：采纳、部分采纳或不采纳"
    elif disposition in REASON_REQUIRED and not reason:
        errors["reason"] = f"“{Disposition(disposition).label}”须填写理由"
    if len(reason) > REASON_MAX:
        errors["reason"] = f"理由不能超过 {REASON_MAX} 个字"
    if consultation.is_published:
        errors["__all__"] = "处理意见已公布，不能再修改"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(comment, ["disposition", "reason"])
    comment.disposition, comment.reason = disposition, reason
    comment.disposed_by, comment.disposed_at = actor, timezone.now()
    comment.save(
        update_fields=["disposition", "reason", "disposed_by", "disposed_at", "updated_at"]
    )
    audit.record(
        actor=actor,
        action="consultation.dispose",
        obj=consultation,
        before=before,
        after=audit.snapshot(comment, ["disposition", "reason"]),
        extra={"comment": comment.pk, "receipt": comment.receipt},
    )
    return comment


def all_comments_disposed(consultation: Consultation) -> str | None:
    """Guard for the process: None when every comment has a disposition, else why not (Chinese)."""
    left = consultation.comments.filter(disposition="").count()
    if left:
        return f"尚有 {left} 条意见未填写处理意见"
    return None


def consultation_closed(consultation: Consultation) -> str | None:
    """Guard for the process: None once the comment period has ended."""
    if not consultation.has_closed():
        return f"征求意见期至 {_fmt(consultation.closes_at)} 截止，尚未结束"
    return None


@transaction.atomic
def dispositions_publish(*, consultation: Consultation, actor) -> Consultation:
    """Publish the dispositions: shown on the public page; each commenter is told his own."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    _require_manager(actor, consultation, "您无权公布处理意见")
    problem = (
        ("处理意见已公布" if consultation.is_published else None)
        or consultation_closed(consultation)
        or all_comments_disposed(consultation)
    )
    if problem:
        raise ValidationError(problem)
    consultation.published_at = timezone.now()
    consultation.save(update_fields=["published_at", "updated_at"])
    comments = list(consultation.comments.select_related("user"))
    audit.record(
        actor=actor,
        action="consultation.publish",
        obj=consultation,
        extra={"comments": len(comments)},
    )
    url = consultation.get_absolute_url()
    for comment in comments:
        label = comment.get_disposition_display()
        body = f"您的意见（回执编号 {comment.receipt}）处理意见：{label}。" + (
            f"理由：{comment.reason}" if comment.reason else ""
        )
        if comment.user is not None:
            notify(
                recipients=[comment.user],
                kind=Kind.WORKFLOW,
                title=f"《{consultation.title}》意见处理结果：{label}",
                body=body,
                url=url,
                obj=consultation,
            )
        elif comment.email:
            _mail(
                f"意见处理结果 {comment.receipt}",
                f"{comment.name}：\n\n您对《{consultation.title}》的{body}\n\n"
                f"征求意见汇总处理情况：{settings.SITE_URL}{url}\n",
                [comment.email],
            )
    return consultation
