"""Pages of the programs: subsidy policies, applications, allocation, payments and the report;
forerunners, upgraded standards and pilot projects. Thin: forms in, services and selectors out."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.excel import ImportFileError, xlsx_response
from core.forms import add_service_errors
from core.workflow.views import handle_deadline_extend, handle_transition, workflow_panel
from directory.permissions import is_member, organization_can_apply
from programs import excel, reports, selectors, services
from programs.assessment import subsidy_assess
from programs.choices import (
    PilotDomain,
    PilotLevel,
    PilotState,
    PlanItemState,
    PlanKind,
    SubsidyState,
)
from programs.forms import (
    AchievementsForm,
    ApplicationForm,
    ForerunnerForm,
    ForerunnerImportForm,
    PaymentForm,
    PilotForm,
    PlanItemForm,
    PolicyForm,
    ProgressReportForm,
    ScoreForm,
    UpgradeForm,
)
from programs.models import PilotProject, SubsidyPolicy

PAGE_SIZE = 20
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _page(request, queryset):
    paginator = Paginator(queryset, PAGE_SIZE)
    return {"page_obj": paginator.get_page(request.GET.get("page")), "paginator": paginator}


def is_bureau(user) -> bool:
    return bool(getattr(user, "is_bureau", False))


def _bureau(request) -> None:
    if not is_bureau(request.user):
        raise PermissionDenied


def home(request):
    """标准化资助奖励与试点示范: the entry page, with what each role may do."""
    return render(
        request,
        "programs/home.html",
        {
            "policies": selectors.policies()[:3],
            "is_bureau": is_bureau(request.user),
            "award_notices": selectors.award_notices(request.user)[:5],
        },
    )


def award_notices(request):
    """资助奖励公示: the rounds' allocation notices, during their period and after (public)."""
    return render(
        request,
        "programs/award_notices.html",
        {"notices": selectors.award_notices(request.user)},
    )


# --- policies ----------------------------------------------------------------------------------


def policy_list(request):
    return render(request, "programs/policy_list.html", {"policies": selectors.policies()})


def policy_detail(request, pk: int):
    policy = get_object_or_404(SubsidyPolicy.objects.prefetch_related("rates"), pk=pk)
    table = policy.rate_table()
    form = PolicyForm(instance=policy)
    rows = [(field.label, table.get(_key(field.name))) for field in form.rate_fields()]
    return render(
        request,
        "programs/policy_detail.html",
        {
            "policy": policy,
            "rows": rows,
            "is_bureau": is_bureau(request.user),
            "use": selectors.budget_use(policy) if is_bureau(request.user) else None,
        },
    )


def _key(name: str) -> tuple[str, str]:
    kind, role = name.removeprefix("rate_").rsplit("_", 1)
    return kind, role


@login_required
def policy_edit(request, pk: int | None = None):
    _bureau(request)
    policy = get_object_or_404(SubsidyPolicy, pk=pk) if pk else None
    form = PolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.policy_save(
                policy=policy, fields=form.policy_data(), rates=form.rates(), actor=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "资助奖励政策已保存。")
            return redirect(saved.get_absolute_url())
    return render(request, "programs/policy_form.html", {"form": form, "policy": policy})


@login_required
def allocation(request, pk: int):
    """分配方案: the plan the policy's method gives, applied on POST; XLSX and DOCX of it."""
    _bureau(request)
    policy = get_object_or_404(SubsidyPolicy, pk=pk)
    if request.method == "POST":
        try:
            if "publish" in request.POST:
                published = services.round_publish(policy=policy, actor=request.user)
            else:
                moved = services.round_allocate(policy=policy, actor=request.user)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            if "publish" in request.POST:
                messages.success(request, f"拟资助名单已公示，共 {len(published)} 项申报进入公示。")
            else:
                messages.success(request, f"分配方案已保存，{len(moved)} 项申报列入分配方案。")
        return redirect("programs:allocation", pk=pk)
    plan = services.allocation_plan(policy)
    rows = reports.allocation_rows(plan)
    fmt = request.GET.get("format")
    if fmt in ("xlsx", "docx"):
        title = f"{policy.year}年度标准化资助奖励分配方案"
        intro = f"预算 {policy.budget} 元，分配方式：{policy.get_allocation_method_display()}。"
        return _table_response(fmt, title, intro, reports.ALLOCATION_COLUMNS, rows)
    claimed = sum((a.total for a, _ in plan), 0)
    planned = sum((share for _, share in plan), 0)
    return render(
        request,
        "programs/allocation.html",
        {
            "policy": policy,
            "plan": plan,
            "claimed": claimed,
            "planned": planned,
            "to_publish": policy.applications.filter(state=SubsidyState.ALLOCATED).count(),
            "notices": selectors.round_notices(policy, request.user),
        },
    )


@login_required
def notice(request, pk: int):
    """公示名单 of a policy's allocated applications, as XLSX or DOCX."""
    _bureau(request)
    policy = get_object_or_404(SubsidyPolicy, pk=pk)
    fmt = request.GET.get("format", "xlsx")
    if fmt not in ("xlsx", "docx"):
        raise Http404
    applications = (
        policy.applications.filter(
            state__in=[
                SubsidyState.ALLOCATED,
                SubsidyState.PUBLICITY,
                SubsidyState.PUBLICIZED,
                SubsidyState.APPROVED,
            ]
        )
        .select_related("organization__region")
        .prefetch_related("items")
    )
    rows = reports.notice_rows(applications)
    title = f"{policy.year}年度标准化资助奖励拟资助名单"
    intro = f"公示期 {policy.publicity_days} 个工作日。对公示内容有异议的，请在公示期内提出。"
    return _table_response(fmt, title, intro, reports.NOTICE_COLUMNS, rows)


def _table_response(fmt, title, intro, header, rows) -> HttpResponse:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        return xlsx_response(reports.table_xlsx(title, header, rows), f"{title}-{stamp}.xlsx")
    response = HttpResponse(reports.table_docx(title, intro, header, rows), content_type=DOCX_TYPE)
    name = quote(f"{title}-{stamp}.docx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


# --- applications ------------------------------------------------------------------------------


@login_required
def application_list(request):
    qs = selectors.applications_visible_to(request.user)
    state = request.GET.get("state", "")
    if state in SubsidyState.values:
        qs = qs.filter(state=state)
    return render(
        request,
        "programs/application_list.html",
        {"state": state, "states": SubsidyState.choices, **_page(request, qs)},
    )


@login_required
def application_new(request):
    """An enterprise picks standards; 试算 shows the computation, 提交 stores it."""
    organization = request.user.organization
    if organization is None or not is_member(request.user, organization):
        raise PermissionDenied
    if not organization_can_apply(organization):
        messages.error(request, "您所在的机构尚未通过认证，暂不能申报。请先完成机构认证。")
        return redirect("accounts:profile")
    form = ApplicationForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        policy, codes = form.cleaned_data["policy"], form.codes()
        if "preview" in request.POST:
            try:
                codes = services.clean_codes(codes)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                preview = subsidy_assess(organization=organization, policy=policy, codes=codes)
        else:
            try:
                application = services.application_submit(
                    policy=policy, organization=organization, codes=codes, actor=request.user
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "申报已提交，核算结果见下方。")
                return redirect(application.get_absolute_url())
    return render(
        request,
        "programs/application_form.html",
        {"form": form, "organization": organization, "preview": preview},
    )


@login_required
def application_detail(request, pk: int):
    application = get_object_or_404(selectors.applications_visible_to(request.user), pk=pk)
    context = {
        "application": application,
        "items": application.items.select_related("standard"),
        "payments": application.payments.all(),
        "paid": selectors.paid_total(application),
    }
    if is_bureau(request.user):
        if context["paid"] < application.granted:
            context["payment_form"] = PaymentForm(initial={"paid_on": timezone.localdate()})
        context["score_form"] = ScoreForm(initial={"score": application.score})
    context["panel"] = workflow_panel(application, request.user, request=request)
    context["waits_for"] = selectors.waits_for(application)
    context["notices"] = selectors.round_notices(application.policy, request.user)
    if is_bureau(request.user) and application.state == SubsidyState.CITY_REVIEWED:
        from reviews.selectors import assign_url, comparison_url

        context["review_links"] = {
            "assign": assign_url(application),
            "compare": comparison_url(application),
        }
    return render(request, "programs/application_detail.html", context)


@login_required
@require_POST
def application_transition(request, pk: int):
    application = get_object_or_404(selectors.applications_visible_to(request.user), pk=pk)
    return handle_transition(request, application, next_url=application.get_absolute_url())


@login_required
@require_POST
def application_payment(request, pk: int):
    application = get_object_or_404(selectors.applications_visible_to(request.user), pk=pk)
    _bureau(request)
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            services.payment_record(
                application=application, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, "拨付记录已登记。")
    else:
        messages.error(request, "请检查拨付日期、金额和凭证号。")
    return redirect(application.get_absolute_url())


@login_required
@require_POST
def application_score(request, pk: int):
    application = get_object_or_404(selectors.applications_visible_to(request.user), pk=pk)
    _bureau(request)
    form = ScoreForm(request.POST)
    if form.is_valid():
        services.application_score(
            application=application, score=form.cleaned_data["score"], actor=request.user
        )
        messages.success(request, "评审得分已保存。")
    else:
        messages.error(request, "评审得分应在 0 到 100 之间。")
    return redirect(application.get_absolute_url())


# --- the report --------------------------------------------------------------------------------


def _year(request) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year


@login_required
def report(request):
    """资助奖励统计 by year: by enterprise, standard kind and county; XLSX on request."""
    _bureau(request)
    year = _year(request)
    data = reports.subsidy_report(year)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(reports.report_xlsx(data), f"{year}年标准化资助奖励统计.xlsx")
    years = sorted({p.year for p in selectors.policies()} | {year}, reverse=True)
    return render(request, "programs/report.html", {"report": data, "years": years})


# --- forerunners and upgrades ------------------------------------------------------------------


def forerunner_list(request):
    qs = selectors.forerunners()
    year = request.GET.get("year", "")
    if year.isdigit():
        qs = qs.filter(year=int(year))
    return render(
        request,
        "programs/forerunner_list.html",
        {"year": year, "is_bureau": is_bureau(request.user), **_page(request, qs)},
    )


@login_required
def forerunner_new(request):
    _bureau(request)
    form = ForerunnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.forerunner_create(actor=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "领跑者结果已登记。")
            return redirect("programs:forerunner_list")
    return render(request, "programs/forerunner_form.html", {"form": form})


@login_required
def forerunner_import(request):
    _bureau(request)
    form = ForerunnerImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = excel.forerunner_import(
                raw=upload.read(), file_name=upload.name, actor=request.user
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
        else:
            if result.ok:
                messages.success(request, f"已导入 {result.saved} 条领跑者结果。")
                return redirect("programs:forerunner_list")
    return render(request, "programs/forerunner_import.html", {"form": form, "result": result})


@login_required
def upgrade_new(request):
    _bureau(request)
    form = UpgradeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            upgrade = services.upgrade_record(actor=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "标准升级已登记。")
            return redirect(upgrade.from_standard.get_absolute_url())
    return render(request, "programs/upgrade_form.html", {"form": form})


# --- pilots ------------------------------------------------------------------------------------


def pilot_list(request):
    qs = selectors.pilots_visible_to(request.user)
    filters = {k: request.GET.get(k, "") for k in ("level", "state", "domain")}
    if filters["level"] in PilotLevel.values:
        qs = qs.filter(level=filters["level"])
    if filters["state"] in PilotState.values:
        qs = qs.filter(state=filters["state"])
    if filters["domain"] in PilotDomain.values:
        qs = qs.filter(domain=filters["domain"])
    return render(
        request,
        "programs/pilot_list.html",
        {
            "filters": filters,
            "levels": PilotLevel.choices,
            "states": PilotState.choices,
            "domains": PilotDomain.choices,
            **_page(request, qs),
        },
    )


def pilot_showcase(request):
    """Passed and named projects with their achievements (示范成果展示)."""
    qs = PilotProject.objects.filter(state=PilotState.PASSED).select_related(
        "organization", "county"
    )
    return render(request, "programs/pilot_showcase.html", _page(request, qs))


def pilot_detail(request, pk: int):
    pilot = get_object_or_404(selectors.pilots_visible_to(request.user), pk=pk)
    from documents.selectors import documents_for

    editor = is_member(request.user, pilot.organization) or is_bureau(request.user)
    from documents.forms import DocumentForm

    insider = editor or selectors.pilot_insider(pilot, request.user)
    context = {
        "pilot": pilot,
        "photos": documents_for(obj=pilot, user=request.user),
        "form": AchievementsForm(initial={"achievements": pilot.achievements}) if editor else None,
        "document_form": DocumentForm(initial={"kind": "other"}) if editor else None,
    }
    if insider:
        context["panel"] = workflow_panel(pilot, request.user, request=request)
        context["waits_for"] = selectors.waits_for(pilot)
        context["reports"] = pilot.progress_reports.select_related("submitted_by", "read_by")
        if is_member(request.user, pilot.organization) and pilot.state in services.BUILD_OUT_STATES:
            context["report_form"] = ProgressReportForm()
        if is_bureau(request.user) and pilot.state in (
            PilotState.EXPERT_REVIEW,
            PilotState.ACCEPTANCE_REVIEW,
        ):
            from reviews.selectors import assign_url, comparison_url

            context["review_links"] = {
                "assign": assign_url(pilot),
                "compare": comparison_url(pilot),
            }
    return render(request, "programs/pilot_detail.html", context)


def _pilot_for(request, pk):
    pilot = get_object_or_404(selectors.pilots_visible_to(request.user), pk=pk)
    if not (
        is_member(request.user, pilot.organization) or selectors.pilot_insider(pilot, request.user)
    ):
        raise Http404
    return pilot


@login_required
@require_POST
def pilot_transition(request, pk: int):
    pilot = _pilot_for(request, pk)
    return handle_transition(request, pilot, next_url=pilot.get_absolute_url())


@login_required
@require_POST
def pilot_extend(request, pk: int):
    pilot = _pilot_for(request, pk)
    return handle_deadline_extend(request, pilot, next_url=pilot.get_absolute_url())


@login_required
@require_POST
def pilot_report(request, pk: int):
    """The undertaking organization submits a progress report (建设进展报告)."""
    pilot = _pilot_for(request, pk)
    form = ProgressReportForm(request.POST)
    if form.is_valid():
        try:
            services.pilot_progress_report(pilot=pilot, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, "建设进展已报送。")
    else:
        messages.error(request, "请填写报告期和建设进展。")
    return redirect(pilot.get_absolute_url())


@login_required
@require_POST
def pilot_report_read(request, pk: int, report: int):
    pilot = _pilot_for(request, pk)
    _bureau(request)
    services.pilot_progress_read(
        report=get_object_or_404(pilot.progress_reports, pk=report), actor=request.user
    )
    messages.success(request, "已标记为已阅。")
    return redirect(pilot.get_absolute_url())


@login_required
@require_POST
def pilot_achievements(request, pk: int):
    pilot = get_object_or_404(selectors.pilots_visible_to(request.user), pk=pk)
    form = AchievementsForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写建设成效。")
        return redirect(pilot.get_absolute_url())
    services.pilot_update_achievements(
        pilot=pilot, achievements=form.cleaned_data["achievements"], actor=request.user
    )
    messages.success(request, "建设成效已保存。")
    return redirect(pilot.get_absolute_url())


@login_required
@require_POST
def pilot_document_upload(request, pk: int):
    """Photos and materials of a pilot (shown on its page), by its organization or the bureau."""
    from documents.views import attach_from_post

    pilot = get_object_or_404(selectors.pilots_visible_to(request.user), pk=pk)
    if not (is_member(request.user, pilot.organization) or is_bureau(request.user)):
        raise PermissionDenied
    attach_from_post(request, pilot)
    return redirect(pilot.get_absolute_url())


@login_required
def pilot_new(request):
    organization = request.user.organization
    if organization is None or not is_member(request.user, organization):
        raise PermissionDenied
    form = PilotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pilot = services.pilot_apply(
                organization=organization, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "试点示范项目已申报。")
            return redirect(pilot.get_absolute_url())
    return render(request, "programs/pilot_form.html", {"form": form, "organization": organization})


# --- reform-plan items -------------------------------------------------------------------------


def plan_list(request):
    """改革建设方案推进情况 (public): counts by field and state, and the projects."""
    plan = request.GET.get("plan", "") if request.GET.get("plan") in PlanKind.values else ""
    qs = selectors.plan_items_visible_to(request.user, plan or None)
    state = request.GET.get("state", "")
    if state in PlanItemState.values:
        qs = qs.filter(state=state)
    field = request.GET.get("field", "")
    if field.isdigit():
        qs = qs.filter(field_id=int(field))
    return render(
        request,
        "programs/plan_list.html",
        {
            "plan": plan,
            "plans": PlanKind.choices,
            "progress": selectors.plan_progress(request.user, plan or None),
            "is_bureau": is_bureau(request.user),
            **_page(request, qs),
        },
    )


def plan_detail(request, pk: int):
    item = get_object_or_404(selectors.plan_items_visible_to(request.user), pk=pk)
    context = {"item": item}
    if is_bureau(request.user) or is_member(request.user, item.responsible):
        context["panel"] = workflow_panel(item, request.user, request=request)
        context["waits_for"] = selectors.waits_for(item)
    return render(request, "programs/plan_detail.html", context)


@login_required
@require_POST
def plan_transition(request, pk: int):
    item = get_object_or_404(selectors.plan_items_visible_to(request.user), pk=pk)
    if not (is_bureau(request.user) or is_member(request.user, item.responsible)):
        raise Http404
    return handle_transition(request, item, next_url=item.get_absolute_url())


@login_required
def plan_new(request):
    _bureau(request)
    form = PlanItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.plan_item_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "建设项目已下达责任单位。")
            return redirect(item.get_absolute_url())
    return render(request, "programs/plan_form.html", {"form": form})
