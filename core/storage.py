"""The file storage of uploaded files: Django's, except that a write the disk cannot finish
(full disk, quota) leaves no partial file behind and says so (`StorageFull`)."""

from __future__ import annotations

import contextlib
import errno
import logging
import os

from django.core.files import storage

log = logging.getLogger(__name__)
FULL = {errno.ENOSPC, errno.EDQUOT}


class StorageFull(OSError):
    """The disk (or the quota) holding MEDIA_ROOT is full: nothing was kept of the file."""


class FileSystemStorage(storage.FileSystemStorage):
    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except OSError as exc:
            if exc.errno not in FULL:
                raise
            # Django opens the file with O_EXCL: what is at this path is what this call began.
            with contextlib.suppress(OSError):
                os.remove(self.path(name))
            log.error("storage full while writing %s: %s", name, exc)
            raise StorageFull(exc.errno, f"存储空间不足，文件未保存：{exc.strerror}") from exc
