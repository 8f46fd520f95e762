"""Pages of a draft series: its versions (download, upload) and the comparison of two of them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from drafts import selectors, services
from drafts.compare import compare as compare_paragraphs
from drafts.compare import summary
from drafts.forms import CompareForm, VersionUploadForm
from drafts.rules import can_upload


@login_required
def series(request, pk: int):
    series = selectors.series_get(pk=pk, user=request.user)
    owner = series.owner
    may_upload = can_upload(request.user, owner)
    form = VersionUploadForm()
    if request.method == "POST":
        if not may_upload:
            raise PermissionDenied
        form = VersionUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                version = services.version_upload(
                    obj=owner,
                    purpose=series.purpose,
                    upload=form.cleaned_data["file"],
                    note=form.cleaned_data["note"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"已上传第 {version.number} 版")
                return redirect(series)
    versions = list(selectors.versions_of(series))
    return render(
        request,
        "drafts/series.html",
        {
            "series": series,
            "owner": owner,
            "versions": versions,
            "form": form if may_upload else None,
            "compare_form": CompareForm(versions=versions) if len(versions) > 1 else None,
        },
    )


@login_required
def compare(request, pk: int):
    series = selectors.series_get(pk=pk, user=request.user)
    versions = list(selectors.versions_of(series))
    by_pk = {v.pk: v for v in versions}
    data = request.GET if {"a", "b"} <= set(request.GET) else None
    if data is None and len(versions) > 1:
        data = {"a": versions[1].pk, "b": versions[0].pk}  # the last change by default
    form = CompareForm(data, versions=versions)
    rows = counts = old = new = None
    if data is not None and form.is_valid():
        old, new = by_pk[form.cleaned_data["a"]], by_pk[form.cleaned_data["b"]]
        rows = compare_paragraphs(old.paragraphs, new.paragraphs)
        counts = summary(rows)
    return render(
        request,
        "drafts/compare.html",
        {"series": series, "form": form, "rows": rows, "counts": counts, "old": old, "new": new},
    )
