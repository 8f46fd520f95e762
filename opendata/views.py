"""Public pages and files of the open data: the download page, the manifest, the dictionary,
and the files themselves (streamed from disk; nginx may serve the `current` folder directly)."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

from django.conf import settings
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from documents.public import content_disposition
from opendata import selectors
from opendata.writers import CONTENT_TYPES

FORMAT_LABELS = {"csv": "CSV", "jsonl": "JSON Lines", "xlsx": "Excel", "json": "JSON"}
CACHE_SECONDS = 300


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("字节", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{int(value)} {unit}" if unit == "字节" else f"{value:.1f} {unit}"
        value /= 1024
    return str(size)


def _generated(manifest: dict):
    raw = manifest.get("generated_at")
    return dt.datetime.fromisoformat(raw) if raw else None


@require_safe
def index(request):
    """开放数据: the files of the latest set with rows, size and checksum, the dictionary, the
    terms and the API's incremental sync."""
    data_set = selectors.latest_set()
    data_dictionary = selectors.data_dictionary(data_set)
    files = defaultdict(list)
    if data_set is not None:
        for entry in data_set.manifest.get("files", []):
            files[entry.get("dataset", "")].append(
                {
                    **entry,
                    "size": human_size(entry["bytes"]),
                    "format_label": FORMAT_LABELS.get(entry.get("format"), entry.get("format")),
                }
            )
    datasets = [
        {**d, "file_rows": files.get(d["key"], []), "field_count": len(d["fields"])}
        for d in data_dictionary["datasets"]
    ]
    return render(
        request,
        "opendata/index.html",
        {
            "data_set": data_set,
            "generated_at": _generated(data_set.manifest) if data_set else None,
            "datasets": datasets,
            "dictionary_file": (files.get("dictionary") or [None])[0],
            "site_url": settings.SITE_URL,
        },
    )


@require_safe
def dictionary_page(request):
    """数据字典 as a page: each dataset's fields, types, meanings, allowed values, examples."""
    data_set = selectors.latest_set()
    data_dictionary = selectors.data_dictionary(data_set)
    for dataset in data_dictionary["datasets"]:
        for entry in dataset["fields"]:
            example = entry.get("example")
            entry["example_text"] = (
                example if isinstance(example, str) else json.dumps(example, ensure_ascii=False)
            )
    return render(
        request,
        "opendata/dictionary.html",
        {"dictionary": data_dictionary, "data_set": data_set},
    )


def _json(request, data):
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # public data: any site's script may read it
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


@require_safe
def manifest(request):
    """/open-data/manifest.json: {"generated_at", "files": [{"name", "url", "rows", "sha256",
    "bytes", "dataset", "format"}]}, with absolute URLs; no files before the first export."""
    data_set = selectors.latest_set()
    if data_set is None:
        return _json(request, {"generated_at": None, "files": []})
    files = [
        {**entry, "url": request.build_absolute_uri(entry["url"])}
        for entry in data_set.manifest.get("files", [])
    ]
    return _json(request, {"generated_at": data_set.manifest.get("generated_at"), "files": files})


@require_safe
def dictionary_json(request):
    return _json(request, selectors.data_dictionary(selectors.latest_set()))


@require_safe
def download(request, name: str):
    """One file of the latest set, streamed; only names in its manifest (no other path)."""
    data_set = selectors.latest_set()
    path = data_set.path(name) if data_set is not None else None
    if path is None:
        raise Http404("没有这个开放数据文件")
    entry = data_set.entry(name)
    etag = f'"{entry["sha256"]}"'
    modified = _generated(data_set.manifest)
    not_modified = get_conditional_response(
        request, etag=etag, last_modified=int(modified.timestamp()) if modified else None
    )
    if not_modified is not None:
        patch_cache_control(not_modified, public=True, max_age=CACHE_SECONDS)
        return not_modified
    suffix = next((s for s in CONTENT_TYPES if name.endswith(s)), "")
    response = FileResponse(
        open(path, "rb"),  # noqa: SIM115 (FileResponse closes it)
        content_type=CONTENT_TYPES.get(suffix, "application/octet-stream"),
    )
    response["Content-Disposition"] = content_disposition(name)
    response["X-Content-Type-Options"] = "nosniff"
    response["ETag"] = etag
    if modified:
        response["Last-Modified"] = http_date(modified.timestamp())
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response
