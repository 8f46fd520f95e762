"""Documents are served only here, after checking the user may see the parent record."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from documents.filetypes import MIME
from documents.selectors import document_get


@login_required
def download(request, pk: int):
    return file_response(document_get(pk=pk, user=request.user))


def file_response(document) -> FileResponse:
    """The file as an attachment; the caller has checked the user may have it."""
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type=MIME.get(document.file_type, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
