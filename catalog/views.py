"""Public catalog pages and the bureau's import screens. Thin: selectors read, services write."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from analytics import counter
from catalog import exports as catalog_exports
from catalog import quality, selectors, services, validity
from catalog.excel import write_xlsx
from catalog.filters import StandardFilter
from catalog.forms import (
    ImportUploadForm,
    QualityFilterForm,
    StandardDataFixForm,
    ValidityForm,
)
from catalog.importer import ImportFileError, commit_import, read_import_file
from catalog.models import ImportBatch, Standard
from catalog.search.index import generation as index_generation
from catalog.search.query import MAX_WINDOW
from core import exports, pagecache
from core.excel import xlsx_response
from core.permissions import permission_required
from core.ratelimit import rate_limit

PAGE_SIZE = 20
FACETS_SHOWN = 12


def _filtered(request):
    return StandardFilter(request.GET, queryset=selectors.standards_visible_to(request.user))


def _page_number(request) -> int:
    try:
        number = int(request.GET.get("page", 1))
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), MAX_WINDOW // PAGE_SIZE)


def _facet_groups(request, facets) -> list[dict]:
    """Each facet value as a plain link (works without JavaScript); a chosen value unsets."""
    groups = []
    base = request.GET.copy()  # one copy for the page (a copy per link was a tenth of it)
    base.pop("page", None)
    for name, values in facets.items():
        current = request.GET.get(name, "")
        unset = base.copy()
        unset.pop(name, None)
        params = base.copy()
        items = []
        for value in values[:FACETS_SHOWN]:
            selected = current == value.value
            if not selected:
                params[name] = value.value
            url = "?" + (unset if selected else params).urlencode()
            items.append({"value": value, "selected": selected, "url": url})
        if items:
            groups.append({"name": name, "title": selectors.FACET_TITLES[name], "items": items})
    return groups


@pagecache.public_page(version=index_generation)
def standard_list(request):
    filterset = _filtered(request)
    number = _page_number(request)
    if filterset.is_valid():
        outcome = selectors.standard_search(
            user=request.user, filterset=filterset, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE
        )
    else:
        outcome = selectors.SearchOutcome(hits=[])
    paginator = Paginator(outcome.hits, PAGE_SIZE)
    page_obj = paginator.get_page(number)
    if number == 1 and filterset.is_valid():
        query = request.GET.get("q", "")
        pagecache.replayed(counter.search, request, query=query, result_count=paginator.count)
    return render(
        request,
        "catalog/standard_list.html",
        {
            "filterset": filterset,
            "page_obj": page_obj,
            "paginator": paginator,
            "facet_groups": _facet_groups(request, outcome.facets),
            "terms": outcome.terms,
            "suggestions": outcome.suggestions,
            "query": request.GET.get("q", "").strip(),
            "window_capped": paginator.count > MAX_WINDOW,
        },
    )


@rate_limit("export", methods=("GET",))
def standard_export(request):
    """Excel of exactly the filtered list. Small lists come in the response; larger ones (up to
    EXPORT_LIMIT rows) are built in the background for signed-in users, so that no request a
    stranger can send holds a worker for long."""
    filterset = _filtered(request)
    back = redirect(f"{reverse('catalog:standard_list')}?{request.GET.urlencode()}")
    if not filterset.is_valid():
        messages.error(request, "筛选条件有误，无法导出")
        return back
    cap = settings.EXPORT_SYNC_ROWS
    standards = selectors.standards_for_export(request.user, filterset, cap + 1)
    if len(standards) <= cap:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return xlsx_response(write_xlsx(standards), f"standards-{stamp}.xlsx")
    if not request.user.is_authenticated:
        messages.error(
            request,
            f"未登录时每次最多导出 {cap} 条，当前检索结果超过 {cap} 条。"
            f"请缩小检索范围，或登录后导出全部（最多 {catalog_exports.EXPORT_LIMIT} 条）。",
        )
        return back
    try:
        exports.export_job_create(
            kind="standards",
            params=exports.query_params(request.GET),
            label=_export_label(request),
            actor=request.user,
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return back
    messages.success(request, "检索结果较多，已在后台生成 Excel，完成后请在本页下载。")
    return redirect("exports:list")


def _export_label(request) -> str:
    query = request.GET.get("q", "").strip()
    return f"标准目录导出（检索：{query}）" if query else "标准目录导出"


@pagecache.public_page(version=index_generation)
def standard_detail(request, code):
    standard = selectors.standard_get(user=request.user, code=code, links=False)
    if code != standard.code_key:
        return HttpResponsePermanentRedirect(standard.get_absolute_url())
    pagecache.replayed(counter.standard_view, request, standard.pk)  # buffered: no query
    older, newer = selectors.replacement_chains(standard, user=request.user)
    in_chain = {step.code_key for step in older + newer}
    editions = [
        e
        for e in selectors.other_editions(standard, user=request.user)
        if e.code_key not in in_chain
    ]
    return render(
        request,
        "catalog/standard_detail.html",
        {
            "standard": standard,
            "older": older,
            "newer": newer,
            "editions": editions,
        },
    )


@permission_required("catalog.import_standards")
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        raw = upload.read()
        try:
            preview = read_import_file(raw, upload.name)
        except ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            batch = services.import_batch_create(
                file_name=upload.name, raw=raw, preview=preview, actor=request.user
            )
            return redirect("catalog:import_preview", pk=batch.pk)
    batches = ImportBatch.objects.filter(uploaded_by=request.user)[:10]
    return render(
        request,
        "catalog/import_upload.html",
        {"form": form, "batches": batches},
        status=400 if form.errors else 200,
    )


def _batch_for(request, pk):
    # Only the uploader sees a batch; anyone else gets 404, not a hint that it exists.
    return get_object_or_404(ImportBatch, pk=pk, uploaded_by=request.user)


@permission_required("catalog.import_standards")
def import_preview(request, pk):
    batch = _batch_for(request, pk)
    with batch.file.open("rb") as handle:
        preview = read_import_file(handle.read(), batch.file_name)
    return render(
        request,
        "catalog/import_preview.html",
        {
            "batch": batch,
            "preview": preview,
            "rows": preview.valid_rows[:50],
            "errors": preview.errors[:500],
            "warnings": preview.warnings[:200],
        },
    )


@require_POST
@permission_required("catalog.import_standards")
def import_commit(request, pk):
    batch = _batch_for(request, pk)
    with batch.file.open("rb") as handle:  # a batch's file never changes once uploaded
        preview = read_import_file(handle.read(), batch.file_name)
    skip_invalid = request.POST.get("skip_invalid") == "1"
    try:
        counts = services.import_batch_commit(
            batch=batch,
            actor=request.user,
            skipped=len(preview.rejected_lines),
            run=lambda: commit_import(preview, actor=request.user, skip_invalid=skip_invalid),
        )
    except services.ImportBatchCommitted:
        messages.info(request, "该文件已导入或正在导入，无需重复确认")
        return redirect("catalog:import_preview", pk=batch.pk)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("catalog:import_preview", pk=batch.pk)
    messages.success(
        request,
        f"导入完成：新增 {counts.created} 条，更新 {counts.updated} 条，未变化 {counts.unchanged} 条"
        + (f"，跳过 {len(preview.rejected_lines)} 行" if preview.rejected_lines else ""),
    )
    return redirect("catalog:import_preview", pk=batch.pk)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def validity_xlsx_response(results, as_of) -> HttpResponse:
    response = HttpResponse(validity.write_xlsx(results, as_of=as_of), content_type=XLSX)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="validity-{stamp}.xlsx"'
    return response


@rate_limit("validity", methods=("POST",))
def validity_check(request):
    """标准有效性确认: paste or upload up to 10,000 codes; results on the page or as Excel."""
    form = ValidityForm(request.POST or None, request.FILES or None)
    results, lines, status = None, [], 200
    if request.method == "POST":
        if form.is_valid():
            upload, as_of = form.cleaned_data["file"], form.cleaned_data["as_of"]
            try:
                lines = (
                    validity.lines_from_upload(upload.read())
                    if upload
                    else validity.lines_from_text(form.cleaned_data["text"])
                )
                results = validity.check(lines, as_of=as_of)
            except validity.ValidityInputError as exc:
                form.add_error("file" if upload else "text", str(exc))
            else:
                if request.POST.get("format") == "xlsx":
                    return validity_xlsx_response(results, as_of)
        if form.errors:
            status = 400
    return render(
        request,
        "catalog/validity.html",
        {
            "form": form,
            "results": results,
            "summary": validity.summary(results) if results is not None else None,
            "lines_text": "\n".join(lines),
            "max_codes": validity.MAX_CODES,
        },
        status=status,
    )


QUALITY_PAGE_SIZE = 50


@permission_required("catalog.change_standard")
def quality_list(request):
    """数据质量: records whose status contradicts their dates, missing dates, values an import
    set aside and merged duplicates; each fixable from here. Excel of the same list."""
    form = QualityFilterForm(request.GET or None)
    problem = form.cleaned_data["problem"] if form.is_valid() else None
    today = timezone.localdate()
    records = quality.records_with_problems(Standard.objects.all(), problem=problem, today=today)
    if request.GET.get("format") == "xlsx":
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        sheet = quality.quality_sheet(today)
        rows = records[: settings.EXPORT_SYNC_ROWS * 10].iterator()
        return xlsx_response(sheet.write(rows), f"数据质量-{stamp}.xlsx")
    page_obj = Paginator(records, QUALITY_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"standard": s, "problems": quality.describe(s, today)} for s in page_obj]
    return render(
        request,
        "catalog/quality_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "paginator": page_obj.paginator,
            "rows": rows,
            "problem": problem,
        },
    )


@permission_required("catalog.change_standard")
def quality_fix(request, pk: int):
    standard = get_object_or_404(Standard, pk=pk)
    initial = {
        "issue_date": standard.issue_date,
        "implement_date": standard.implement_date,
        "abolish_date": standard.abolish_date,
    }
    form = StandardDataFixForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.standard_data_fix(standard=standard, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已更正 {standard.code}")
            return redirect(_quality_back(request))
    return render(
        request,
        "catalog/quality_fix.html",
        {
            "standard": standard,
            "form": form,
            "problems": quality.describe(standard, timezone.localdate()),
            "back": _quality_back(request),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@permission_required("catalog.change_standard")
def quality_recompute(request, pk: int):
    standard = get_object_or_404(Standard, pk=pk)
    if services.standard_status_recompute(standard=standard, actor=request.user):
        standard.refresh_from_db()
        messages.success(
            request, f"{standard.code} 的状态已按日期改为“{standard.get_status_display()}”"
        )
    else:
        messages.info(request, f"{standard.code} 的状态与日期一致，无需更改")
    return redirect(_quality_back(request))


def _quality_back(request) -> str:
    """Back to the list the officer came from (only a path on this site)."""
    back = request.POST.get("next") or request.GET.get("next") or ""
    if back.startswith("/standards/quality/") and "//" not in back:
        return back
    return reverse("catalog:quality_list")
