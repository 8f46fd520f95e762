"""A cap on upload bodies while they stream in, before any view sees them.

Django's DATA_UPLOAD_MAX_MEMORY_SIZE bounds only the non-file part of a request; files of any
size were spooled to disk and refused afterwards by the form. This handler, first in
FILE_UPLOAD_HANDLERS, refuses a body whose declared length is over the cap for its path and
stops reading the moment the bytes received pass it (a 400, as for any SuspiciousOperation).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler


def upload_limit(path: str) -> int:
    """The largest upload body accepted at `path`: the tightest configured prefix, else the
    general cap."""
    for prefix, limit in settings.UPLOAD_PATH_LIMITS.items():
        if path.startswith(prefix):
            return limit
    return settings.UPLOAD_MAX_REQUEST_BYTES


class LimitedUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.limit = upload_limit(request.path if request is not None else "")
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > self.limit:
            raise RequestDataTooBig(f"上传内容超过 {self.limit} 字节")
        return None

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            raise RequestDataTooBig(f"上传内容超过 {self.limit} 字节")
        return raw_data

    def file_complete(self, file_size):
        return None
