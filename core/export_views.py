"""The 导出任务 page: a user's background exports, with their state and a download link."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from core import audit
from core.exports import export_jobs_visible_to
from core.models import ExportJob


@login_required
def export_list(request):
    jobs = list(export_jobs_visible_to(request.user)[:50])
    return render(
        request,
        "core/export_jobs.html",
        {"jobs": jobs, "pending": any(job.is_pending for job in jobs)},
    )


@login_required
def export_download(request, pk: int):
    job = get_object_or_404(export_jobs_visible_to(request.user), pk=pk)
    if job.state != ExportJob.State.DONE or job.is_expired or not job.file:
        raise Http404("文件不存在或已过期")
    audit.record(actor=request.user, action="export.download", obj=job)
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.file_name)
