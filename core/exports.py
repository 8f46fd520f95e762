"""Exports that cannot take the site down.

A request may only produce a small file synchronously (`EXPORT_SYNC_ROWS`, checked by the
domain view); anything larger becomes an `ExportJob` run in the background by django-tasks
(`manage.py db_worker` in production, at once in tests and the demo). The requester follows it
on the 导出任务 page and downloads the file there; files are private to the requester and
deleted when they expire (`EXPORT_KEEP_HOURS`).

Domain apps register what they can export: ``register("standards", "标准目录", build)`` where
``build(user, params) -> (bytes, rows, file_name)`` reads only what `user` may see.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django_tasks import task

from core import audit
from core.models import ExportJob

Build = Callable[[object, dict], tuple[bytes, int, str]]


@dataclass(frozen=True)
class Exporter:
    kind: str
    label: str
    build: Build


EXPORTERS: dict[str, Exporter] = {}


def register(kind: str, label: str, build: Build) -> None:
    EXPORTERS[kind] = Exporter(kind, label, build)


def query_params(query: QueryDict) -> dict[str, list[str]]:
    """A request's filters as JSON-able data for a background job (page number left out) …"""
    return {key: values for key, values in query.lists() if key != "page"}


def query_from(params: dict[str, list[str]]) -> QueryDict:
    """… and back."""
    query = QueryDict(mutable=True)
    for key, values in params.items():
        query.setlist(key, [str(v) for v in values])
    return query


def counted(rows, counter: list[int]):
    """`rows`, counting them into counter[0] as they pass (a sheet writer consumes them)."""
    for row in rows:
        counter[0] += 1
        yield row


def export_jobs_visible_to(user):
    """A user's own export jobs; nobody sees another's."""
    if not user.is_authenticated:
        return ExportJob.objects.none()
    return ExportJob.objects.filter(requested_by=user)


def export_jobs_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete expired jobs and their files; returns how many."""
    expired = list(ExportJob.objects.filter(expires_at__lte=now or timezone.now()))
    for job in expired:
        if job.file:
            job.file.delete(save=False)
        job.delete()
    return len(expired)


def export_job_create(*, kind: str, params: dict, label: str, actor) -> ExportJob:
    """Queue an export for `actor` (signed in); the file is built in the background."""
    if kind not in EXPORTERS:
        raise ValidationError("不支持的导出类型", code="invalid_kind")
    if not getattr(actor, "is_authenticated", False):
        raise ValidationError("请先登录", code="login_required")
    pending = export_jobs_visible_to(actor).filter(
        state__in=[ExportJob.State.QUEUED, ExportJob.State.RUNNING]
    )
    if pending.count() >= settings.EXPORT_MAX_PENDING:
        raise ValidationError("您已有导出任务正在进行，请等待完成后再试", code="too_many")
    export_jobs_purge()
    job = ExportJob.objects.create(
        requested_by=actor,
        kind=kind,
        label=label[:200],
        params=params,
        expires_at=timezone.now() + datetime.timedelta(hours=settings.EXPORT_KEEP_HOURS),
    )
    audit.record(actor=actor, action="export.request", obj=job, extra={"kind": kind, **params})
    transaction.on_commit(lambda: run_export.enqueue(job.pk))
    return job


@task()
def run_export(job_id: int) -> int:
    """Build the file of one queued job; returns the rows written."""
    updated = ExportJob.objects.filter(pk=job_id, state=ExportJob.State.QUEUED).update(
        state=ExportJob.State.RUNNING, updated_at=timezone.now()
    )
    if not updated:
        return 0
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    exporter = EXPORTERS.get(job.kind)
    try:
        if exporter is None:
            raise ValueError(job.kind)
        data, rows, file_name = exporter.build(job.requested_by, job.params)
    except Exception as exc:  # the job records the failure; the worker goes on
        job.state, job.error = ExportJob.State.FAILED, f"导出失败：{type(exc).__name__}"[:300]
        job.finished_at = timezone.now()
        job.save(update_fields=["state", "error", "finished_at", "updated_at"])
        return 0
    job.file.save(f"{job.pk}-{timezone.now():%Y%m%d%H%M%S}.xlsx", ContentFile(data), save=False)
    job.state, job.rows, job.file_name = ExportJob.State.DONE, rows, file_name
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "rows", "file", "file_name", "finished_at", "updated_at"])
    return rows
