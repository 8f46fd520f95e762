"""Pages of local standard projects: the public tracker, project pages, the application, the
review page with 查新, the technical review vote, the role workspaces and suggestions."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import Role
from calls.choices import CallState
from calls.models import Call
from core.permissions import sees_internals
from core.ratelimit import post_rate_limit
from core.workflow.views import handle_deadline_extend, handle_transition, workflow_panel
from core.workflow.workitems import current_panel
from directory.models import Expert
from documents.choices import DocumentKind
from documents.selectors import documents_for
from documents.services import document_attach
from drafting import selectors, services
from drafting.choices import PROGRAM
from drafting.forms import (
    FeedbackForm,
    ProjectForm,
    SuggestionAnswerForm,
    SuggestionForm,
    TechPanelForm,
    VoteForm,
)
from drafting.permissions import is_drafter
from drafting.selectors import APPROVAL_PURPOSE, COMMENT_PURPOSE

MATERIAL_KINDS = [
    (DocumentKind.APPLICATION, "立项申请书"),
    (DocumentKind.EXPLANATION, "编制说明"),
    (DocumentKind.OPINION, "意见材料（技术审查会议纪要等）"),
    (DocumentKind.OTHER, "其他材料"),
]
DRAFT_PURPOSES = [COMMENT_PURPOSE, "送审稿", APPROVAL_PURPOSE]


def _project(request, pk: int):
    project = selectors.project_get(pk=pk, user=request.user)
    if project is None:
        raise Http404
    return project


def _internal(request, pk: int):
    project = _project(request, pk)
    if not sees_internals(project, request.user):
        raise PermissionDenied
    return project


def _bureau(request) -> None:
    if not request.user.has_role(Role.CITY_OFFICER):
        raise PermissionDenied


def index(request):
    """地方标准: the entry page of the process for every role."""
    user = request.user
    return render(
        request,
        "drafting/index.html",
        {
            "calls": Call.objects.visible_to(user)
            .filter(program=PROGRAM)
            .in_state(CallState.OPEN)[:3],
            "may_apply": user.is_authenticated
            and user.has_role(Role.SECTOR_DEPARTMENT, Role.ENTERPRISE),
            "is_city": user.is_authenticated and user.has_role(Role.CITY_OFFICER),
            "counts": selectors.state_counts() if user.is_authenticated and user.is_bureau else {},
            "open": selectors.open_for_comment()[:5],
        },
    )


def project_list(request):
    """公开进度: every project whose plan is issued, with its stage and the days left."""
    try:
        year = int(request.GET.get("year") or 0) or None
    except ValueError:
        year = None
    state = request.GET.get("state", "")
    q = (request.GET.get("q") or "").strip()[:100]
    qs = selectors.tracker(state=state, year=year, q=q)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    proc = selectors.process()
    return render(
        request,
        "drafting/project_list.html",
        {
            "page_obj": page,
            "process": proc,
            "states": proc.state_choices(),
            "years": selectors.tracker_years(),
            "state": state,
            "year": year,
            "q": q,
        },
    )


def blank_feedback_fields() -> str:
    """The fields of the empty 实施信息反馈 form, as every visitor of a published project gets them
    (no value, no error; the CSRF token is outside them): rendered once per process, not five
    widget templates per page view (re-rendered each time under DEBUG, for template edits)."""
    if settings.DEBUG:
        return _render_feedback_fields()
    return _cached_feedback_fields(translation.get_language())  # one rendering per language


def _render_feedback_fields(language: str | None = None) -> str:
    return render_to_string("drafting/_feedback_fields.html", {"form": FeedbackForm()})


_cached_feedback_fields = cache(_render_feedback_fields)


def project_detail(request, pk: int):
    project = _project(request, pk)
    user = request.user
    internal = sees_internals(project, user)
    context = {
        "project": project,
        "units": selectors.units_of(project),
        "internal": internal,
        "state": selectors.process().state(project.state),
        "public_history": selectors.public_history(project),
        "consultation": selectors.current_consultation(project),
        "notice": selectors.publicity_notice(project),
        "feedback_fields": blank_feedback_fields() if project.standard_id else "",
        "replaces": project.revises,
        "revisions": selectors.revisions_visible_to(project, user),
    }
    if internal:
        context.update(
            {
                "panel": workflow_panel(project, user, request=request),
                "documents": documents_for(obj=project, user=user, internal=internal),
                "drafts": selectors.draft_series(project),
                "may_draft": services.may_upload_drafts(user, project),
                "material_kinds": MATERIAL_KINDS,
                "draft_purposes": DRAFT_PURPOSES,
                "vote_open": selectors.open_vote(project, user),
                "tech_panel": current_panel(project, state="tech_review"),
                "tech_votes": selectors.panel_items(project, "tech_review"),
                "is_city": user.has_role(Role.CITY_OFFICER),
                "feedback": list(project.feedback.all()[:20]) if user.is_bureau else [],
            }
        )
    return render(request, "drafting/project_detail.html", context)


@login_required
def project_review(request, pk: int):
    """立项审查: 查新 (similar standards and projects), reviews side by side, the decision."""
    _bureau(request)
    project = _project(request, pk)
    from reviews.selectors import assign_url, score_tables

    return render(
        request,
        "drafting/project_review.html",
        {
            "project": project,
            "units": selectors.units_of(project),
            "similar_standards": selectors.similar_standards(project.title, user=request.user),
            "similar_projects": selectors.similar_projects(project),
            "tables": score_tables(project, request.user),
            "assign_url": assign_url(project),
            "panel": workflow_panel(project, request.user, request=request),
            "documents": documents_for(obj=project, user=request.user),
        },
    )


@login_required
@require_POST
def duplicate_check(request, pk: int):
    _bureau(request)
    project = _project(request, pk)
    try:
        services.duplicate_check_confirm(project=project, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "已确认查新结果。")
    return redirect("drafting:project_review", pk=project.pk)


@login_required
@require_POST
def project_action(request, pk: int):
    project = _internal(request, pk)
    next_url = request.POST.get("next") or project.get_absolute_url()
    if not next_url.startswith("/local-standards/"):
        next_url = project.get_absolute_url()
    return handle_transition(request, project, next_url=next_url)


@login_required
@require_POST
def project_extend(request, pk: int):
    project = _internal(request, pk)
    return handle_deadline_extend(request, project, next_url=project.get_absolute_url())


@login_required
@require_POST
def draft_upload(request, pk: int):
    """A new draft version (征求意见稿, 送审稿, 报批稿) by the drafting unit or the bureau."""
    project = _internal(request, pk)
    purpose = request.POST.get("purpose", "")
    upload = request.FILES.get("file")
    if purpose not in DRAFT_PURPOSES or upload is None:
        messages.error(request, "请选择草案类别并选择文件。")
        return redirect(project)
    try:
        version = services.draft_upload(
            project=project,
            purpose=purpose,
            upload=upload,
            note=request.POST.get("note", ""),
            actor=request.user,
        )
    except PermissionDenied:
        raise
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已上传{purpose}第 {version.number} 版。")
    return redirect(project)


@login_required
@require_POST
def material_upload(request, pk: int):
    """Materials of the project (申请书, 编制说明, 会议纪要) through the documents app."""
    project = _internal(request, pk)
    if not (request.user.is_bureau or is_drafter(request.user, project)):
        raise PermissionDenied
    kind = request.POST.get("kind", "")
    upload = request.FILES.get("file")
    if kind not in dict(MATERIAL_KINDS) or upload is None:
        messages.error(request, "请选择材料类型并选择文件。")
        return redirect(project)
    try:
        document_attach(obj=project, upload=upload, kind=kind, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "材料已上传。")
    return redirect(project)


@login_required
@require_http_methods(["GET", "POST"])
def tech_panel(request, pk: int):
    """技术审查: the bureau convenes the expert panel."""
    _bureau(request)
    project = _project(request, pk)
    experts = Expert.objects.filter(is_active=True, is_available=True, user__isnull=False)
    form = TechPanelForm(request.POST or None, experts=experts)
    if request.method == "POST" and form.is_valid():
        try:
            services.tech_panel_open(
                project=project,
                experts=list(form.cleaned_data["experts"]),
                rule=form.cleaned_data["rule"],
                due=form.cleaned_data["due"],
                actor=request.user,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        except PermissionDenied as error:
            form.add_error(None, str(error) or "当前环节不能组织技术审查")
        else:
            messages.success(request, "已组织技术审查，专家将收到表决通知。")
            return redirect(project)
    return render(request, "drafting/tech_panel.html", {"project": project, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def tech_vote(request, pk: int):
    """The expert's vote and opinion on the technical review panel."""
    project = _internal(request, pk)
    item = selectors.open_vote(project, request.user)
    if item is None:
        messages.info(request, "您没有待表决的技术审查。")
        return redirect(project)
    form = VoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.tech_vote(project=project, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "表决意见已提交。")
            return redirect("workspace:home")
    return render(
        request, "drafting/tech_vote.html", {"project": project, "form": form, "item": item}
    )


@post_rate_limit("consultation_comment")
@require_POST
def feedback(request, pk: int):
    """实施信息反馈 from anyone on a published standard."""
    project = _project(request, pk)
    form = FeedbackForm(request.POST)
    if form.is_valid() and not form.cleaned_data.get("website"):
        data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
        try:
            services.feedback_submit(project=project, user=request.user, **data)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, "感谢您的反馈，我们会认真研究。")
    else:
        messages.error(request, "请填写姓名、联系方式和反馈内容。")
    return redirect(project)


@login_required
@require_http_methods(["GET", "POST"])
def apply(request):
    """立项申请: a sector department or a verified organization files a project."""
    user = request.user
    if not user.has_role(Role.SECTOR_DEPARTMENT, Role.ENTERPRISE):
        raise PermissionDenied
    call = Call.objects.visible_to(user).filter(program=PROGRAM).in_state(CallState.OPEN).first()
    form = ProjectForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        units = data.pop("units")
        data["revises"] = data.pop("revises_code")
        uploads = [
            (f, kind)
            for f, kind in ((data.pop("application"), "application"), (data.pop("draft"), "draft"))
            if f
        ]
        try:
            project = services.project_apply(
                actor=user,
                call=call,
                units=units,
                attachments=uploads,
                submit="submit" in request.POST,
                **data,
            )
        except PermissionDenied as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                "立项申请已提交，等待初审。" if project.state == "submitted" else "已保存草稿。",
            )
            return redirect(project)
    return render(request, "drafting/apply.html", {"form": form, "call": call})


@login_required
def my_projects(request):
    """我的项目: the sponsor's and drafting unit's projects, each with what it waits for."""
    return render(
        request, "drafting/my_projects.html", {"rows": selectors.my_projects(request.user)}
    )


@login_required
def bureau(request):
    """The bureau's desk: a queue per stage with counts (overdue first), 复审 due, suggestions."""
    _bureau(request)
    return render(
        request,
        "drafting/bureau.html",
        {
            "queues": selectors.bureau_queues(),
            "overdue": selectors.overdue_projects(),
            "reviews_due": selectors.reviews_due(),
            "pending_suggestions": selectors.suggestions_visible_to(request.user)
            .filter(state="pending")
            .count(),
        },
    )


def open_for_comment(request):
    """征求意见: drafts of local standards open for public comment, with the days left."""
    return render(request, "drafting/open_for_comment.html", {"rows": selectors.open_for_comment()})


def published(request):
    """Published municipal standards (DB3708/T) with free full text."""
    page = Paginator(selectors.published_projects(), 20).get_page(request.GET.get("page"))
    return render(request, "drafting/published.html", {"page_obj": page})


@login_required
def suggestion_list(request):
    suggestions = selectors.suggestions_visible_to(request.user)
    return render(
        request,
        "drafting/suggestion_list.html",
        {
            "suggestions": suggestions[:100],
            "answer_form": SuggestionAnswerForm() if request.user.is_bureau else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def suggestion_new(request):
    form = SuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.suggestion_submit(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "立项建议已提交，市市场监管局将答复您。")
            return redirect("drafting:suggestion_list")
    return render(request, "drafting/suggestion_form.html", {"form": form})


@login_required
@require_POST
def suggestion_answer(request, pk: int):
    _bureau(request)
    suggestion = get_object_or_404(selectors.suggestions_visible_to(request.user), pk=pk)
    form = SuggestionAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择答复结论并填写答复内容。")
        return redirect("drafting:suggestion_list")
    try:
        services.suggestion_answer(suggestion=suggestion, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "已答复。")
    return redirect("drafting:suggestion_list")
