"""Pages of the provincial register: public list and detail, the units' 我的省标项目 and stage
update, the bureau's queue, entry and Excel import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from core.excel import ImportFileError, import_rows, xlsx_response
from core.forms import add_service_errors
from core.workflow.views import handle_transition, workflow_panel
from documents.choices import DocumentKind
from documents.selectors import documents_for
from documents.services import document_attach
from provincial import selectors, services
from provincial.choices import ProvincialStage
from provincial.excel import PROJECTS
from provincial.forms import (
    ImportForm,
    ProjectForm,
    ProjectRowForm,
    StageUpdateForm,
    units_from_text,
)
from provincial.models import ProvincialProject, StageUpdate

UPLOAD_KINDS = (
    DocumentKind.DRAFT,
    DocumentKind.EXPLANATION,
    DocumentKind.OPINION,
    DocumentKind.OTHER,
)


def _bureau_only(request) -> None:
    if not services.may_manage(request.user):
        raise PermissionDenied


def project_list(request):
    """省级地方标准承担项目: the public register."""
    stage = request.GET.get("stage", "")
    year = request.GET.get("year", "")
    q = request.GET.get("q", "").strip()
    qs = selectors.projects_public(q=q, stage=stage, year=int(year) if year.isdigit() else None)
    page = Paginator(qs, 30)
    return render(
        request,
        "provincial/project_list.html",
        {
            "page_obj": page.get_page(request.GET.get("page")),
            "paginator": page,
            "stages": ProvincialStage.choices,
            "stage": stage,
            "q": q,
            "year": year,
            "manages": services.may_manage(request.user),
        },
    )


def project_detail(request, pk: int):
    try:
        project = selectors.project_get(pk)
    except ProvincialProject.DoesNotExist:
        raise _not_found() from None
    internal = selectors.sees_internals(project, request.user)
    context = {"project": project, "internal": internal, "manages": False}
    if internal:
        context.update(
            documents=documents_for(obj=project, user=request.user, internal=internal),
            updates=selectors.updates_of(project),
            reports=bool(services.reporting_organizations(project, request.user)),
            manages=services.may_manage(request.user),
            kinds=[(k.value, k.label) for k in UPLOAD_KINDS],
        )
    return render(request, "provincial/project_detail.html", context)


def _not_found():
    from django.http import Http404

    return Http404("没有这个项目")


def _internal_project(request, pk: int) -> ProvincialProject:
    project = get_object_or_404(ProvincialProject, pk=pk)
    if not selectors.sees_internals(project, request.user):
        raise _not_found()
    return project


@login_required
def my_projects(request):
    """我的省标项目: the projects one of the user's organizations drafts (members only)."""
    if request.user.organization is None:
        raise PermissionDenied
    return render(
        request,
        "provincial/my_projects.html",
        {"projects": selectors.projects_of(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def update_create(request, pk: int):
    """报送进度: a drafting unit reports the stage its project reached."""
    project = _internal_project(request, pk)
    orgs = services.reporting_organizations(project, request.user)
    if not orgs:
        raise PermissionDenied
    if project.stage == ProvincialStage.PUBLISHED:
        messages.info(request, "项目已发布，无需再报送进度。")
        return redirect(project)
    form = StageUpdateForm(
        request.POST or None, request.FILES or None, project=project, organizations=orgs
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                update = services.stage_update_submit(
                    project=project,
                    stage=data["stage"],
                    date=data["date"],
                    note=data["note"],
                    standard_code=data["standard_code"],
                    organization=data["organization"],
                    actor=request.user,
                )
                if data.get("attachment"):
                    document_attach(
                        obj=project,
                        upload=data["attachment"],
                        kind=DocumentKind.OTHER,
                        actor=request.user,
                    )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "进度已报送，等待市市场监管局确认。")
            return redirect(update)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "provincial/update_form.html",
        {"project": project, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def update_detail(request, pk: int):
    """A stage update with its confirmation panel (the bureau) and history."""
    update = get_object_or_404(StageUpdate.objects.visible_to(request.user), pk=pk)
    if request.method == "POST":
        return handle_transition(request, update, next_url=update.get_absolute_url())
    return render(
        request,
        "provincial/update_detail.html",
        {
            "update": update,
            "project": update.project,
            "panel": workflow_panel(update, request.user, request=request),
        },
    )


@login_required
@require_POST
def document_add(request, pk: int):
    """Attach a document to a project: its drafting units and the bureau."""
    project = _internal_project(request, pk)
    kind = request.POST.get("kind", DocumentKind.OTHER)
    upload = request.FILES.get("file")
    if kind not in {k.value for k in UPLOAD_KINDS} or upload is None:
        messages.error(request, "请选择材料类型和文件。")
        return redirect(project)
    try:
        document_attach(obj=project, upload=upload, kind=kind, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "材料已上传。")
    return redirect(project)


@login_required
def queue(request):
    """省标项目管理 (the city bureau): updates waiting for confirmation, and the register."""
    _bureau_only(request)
    return render(
        request,
        "provincial/queue.html",
        {
            "pending": selectors.pending_updates(),
            "counts": selectors.provincial_counts(),
            "stages": ProvincialStage.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request):
    _bureau_only(request)
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(**form.service_values(), actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "项目已登记。")
            return redirect(project)
    status = 400 if request.method == "POST" else 200
    return render(request, "provincial/project_form.html", {"form": form}, status=status)


def _save_row(actor):
    def save(data: dict):
        return services.project_create(
            **{**data, "units": units_from_text(data["units"])}, actor=actor
        )

    return save


@login_required
@require_http_methods(["GET", "POST"])
def project_import(request):
    """Import the register from Excel: every line valid, or nothing saved."""
    _bureau_only(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_rows(
                sheet=PROJECTS,
                raw=upload.read(),
                file_name=upload.name,
                form_class=ProjectRowForm,
                save=_save_row(request.user),
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            if result.ok and result.saved:
                messages.success(request, f"已导入 {result.saved} 个项目。")
                return redirect("provincial:queue")
    return render(
        request,
        "provincial/import.html",
        {"form": form, "result": result, "columns": PROJECTS.columns},
    )


@login_required
@require_POST
def project_link(request, pk: int):
    """关联目录: link a published project to its catalog record once the catalog has it."""
    _bureau_only(request)
    project = get_object_or_404(ProvincialProject, pk=pk)
    try:
        linked = services.project_link_standard(project=project, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        if linked:
            messages.success(request, "已关联目录中的标准。")
        else:
            messages.info(request, "目录中尚无该标准号。")
    return redirect(project)


@login_required
def project_export(request):
    """The register as Excel, contacts included (the city bureau); the import reads it back."""
    _bureau_only(request)
    projects = selectors.projects_public(
        q=request.GET.get("q", "").strip(), stage=request.GET.get("stage", "")
    )
    return xlsx_response(PROJECTS.write(projects), "省级地方标准承担项目.xlsx")
