"""Public pages of 征求意见 (list, consultation, comment, invited units' link) and the managers'
page (invite, dispose, publish, the 汇总处理表)."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from consultation import selectors, services, tables
from consultation.forms import CommentForm, DispositionForm, InviteForm
from consultation.models import Comment, InvitedUnit
from consultation.rules import can_dispose
from consultation.tokens import read_invitation_token
from core.excel import xlsx_response
from core.ratelimit import post_rate_limit
from documents.public import document_response

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
RECEIPT_SESSION_KEY = "consultation_receipt"


def open_list(request):
    return render(
        request,
        "consultation/list.html",
        {
            "open": selectors.consultations_open_now(),
            "closed": selectors.consultations_recently_closed(),
        },
    )


def _initial(user) -> dict:
    if not user.is_authenticated:
        return {}
    organization = getattr(user, "organization", None)
    return {
        "name": user.display_name or user.get_username(),
        "organization": organization.name if organization else "",
        "contact": user.email,
    }


def _submit(request, consultation, form, invited=None):
    """Store the form's comment; the receipt page on success, None with errors on the form."""
    if form.is_spam():
        form.add_error(None, "提交失败，请刷新页面后重试")
        return None
    if not form.is_valid():
        return None
    try:
        comment = services.comment_submit(
            consultation=consultation,
            user=request.user,
            invited=invited,
            **{k: v for k, v in form.cleaned_data.items() if k != "website"},
        )
    except ValidationError as error:
        _add_errors(form, error)
        return None
    # Post/redirect/get: reloading the receipt page must not send the comment again.
    request.session[RECEIPT_SESSION_KEY] = comment.pk
    return redirect("consultation:receipt", pk=consultation.pk)


def _add_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, field_messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_messages)


@post_rate_limit("consultation_comment")
def detail(request, pk: int):
    consultation = selectors.consultation_get(pk=pk, user=request.user)
    form = CommentForm(draft=consultation.draft, initial=_initial(request.user))
    if request.method == "POST":
        form = CommentForm(request.POST, draft=consultation.draft)
        done = _submit(request, consultation, form)
        if done is not None:
            return done
    return render(
        request,
        "consultation/detail.html",
        {
            "consultation": consultation,
            "form": form if consultation.is_open() else None,
            "view": selectors.comments_for(consultation, request.user),
            "may_manage": can_dispose(request.user, consultation),
        },
    )


def receipt(request, pk: int):
    """The receipt of the comment this browser just sent (kept in its session only)."""
    comment = (
        Comment.objects.select_related("consultation")
        .filter(pk=request.session.get(RECEIPT_SESSION_KEY) or 0, consultation_id=pk)
        .first()
    )
    if comment is None:
        return redirect("consultation:detail", pk=pk)
    return render(
        request,
        "consultation/receipt.html",
        {"consultation": comment.consultation, "comment": comment},
    )


def draft_download(request, pk: int):
    """The draft under comment is public once the consultation opens (no login)."""
    consultation = selectors.consultation_get(pk=pk, user=request.user)
    return document_response(consultation.draft.document)


def _invited_from(token: str) -> InvitedUnit:
    payload = read_invitation_token(token)
    if payload is None:
        raise Http404
    invited = (
        InvitedUnit.objects.select_related("consultation__draft")
        .filter(pk=payload.get("i"), consultation_id=payload.get("c"), email=payload.get("e"))
        .first()
    )
    if invited is None:
        raise Http404
    return invited


@post_rate_limit("consultation_comment")
def invitation(request, token: str):
    """An invited unit's signed link: comment as the unit, or answer 无意见."""
    invited = _invited_from(token)
    consultation = invited.consultation
    form = CommentForm(
        draft=consultation.draft, initial={"organization": invited.name, "contact": invited.email}
    )
    if request.method == "POST" and request.POST.get("answer") == "no_opinion":
        try:
            services.invited_no_opinion(invited=invited)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "已记录贵单位“无意见”的答复，谢谢。")
        return redirect(request.path)
    if request.method == "POST":
        form = CommentForm(request.POST, draft=consultation.draft)
        done = _submit(request, consultation, form, invited=invited)
        if done is not None:
            return done
    return render(
        request,
        "consultation/invitation.html",
        {
            "invited": invited,
            "consultation": consultation,
            "form": form if consultation.is_open() else None,
        },
    )


def manage(request, pk: int):
    consultation = selectors.consultation_get(pk=pk, user=request.user)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_dispose(request.user, consultation):
        raise PermissionDenied
    invite_form = InviteForm()
    if request.method == "POST":
        try:
            done = _manage_post(request, consultation)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            if done is not None:
                messages.success(request, done)
                return redirect("consultation:manage", pk=consultation.pk)
            invite_form = InviteForm(request.POST)
            invite_form.is_valid()
    view = selectors.comments_for(consultation, request.user)
    rows = [
        (
            comment,
            DispositionForm(
                prefix=f"c{comment.pk}",
                initial={"disposition": comment.disposition, "reason": comment.reason},
            ),
        )
        for comment in view.comments
    ]
    return render(
        request,
        "consultation/manage.html",
        {
            "consultation": consultation,
            "rows": rows,
            "invited": consultation.invited.all(),
            "invite_form": invite_form,
            "undisposed": services.all_comments_disposed(consultation),
            "not_closed": services.consultation_closed(consultation),
        },
    )


def _manage_post(request, consultation) -> str | None:
    action = request.POST.get("action")
    if action == "dispose":
        comment = get_object_or_404(
            Comment, pk=request.POST.get("comment"), consultation=consultation
        )
        form = DispositionForm(request.POST, prefix=f"c{comment.pk}")
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        services.comment_dispose(comment=comment, actor=request.user, **form.cleaned_data)
        return f"已保存意见 {comment.receipt} 的处理意见"
    if action == "invite":
        form = InviteForm(request.POST)
        if not form.is_valid():
            return None
        data = form.cleaned_data
        invited = services.invited_add(
            consultation=consultation,
            actor=request.user,
            name=data["name"],
            email=data["email"],
            organization=data["organization"],
        )
        return f"已邀请 {invited.name}，邀请邮件已发送"
    if action == "publish":
        services.dispositions_publish(consultation=consultation, actor=request.user)
        return "处理意见已公布，提出意见者将收到处理结果"
    raise ValidationError("未知操作")


def comment_table(request, pk: int, fmt: str):
    consultation = selectors.consultation_get(pk=pk, user=request.user)
    if not selectors.may_download_table(consultation, request.user):
        raise Http404
    return table_response(consultation, fmt)


def table_response(consultation, fmt: str) -> HttpResponse:
    name = f"征求意见汇总处理表-{consultation.pk}.{fmt}"
    if fmt == "xlsx":
        return xlsx_response(tables.table_xlsx(consultation), name)
    if fmt == "docx":
        response = HttpResponse(tables.table_docx(consultation), content_type=DOCX_TYPE)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return response
    raise Http404
