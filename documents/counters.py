"""Download counts of public files, buffered in the process and written in one short batch every
`FLUSH_SECONDS` (and at exit): a public download never waits for, nor fails on, a database write.
A flush that fails keeps its counts for the next one."""

from __future__ import annotations

import atexit
import contextlib
import threading
import time
from collections import Counter

from django.db import DatabaseError, IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone

from core.models import about_keys
from documents.models import DownloadCount

FLUSH_SECONDS = 10.0
_pending: Counter[tuple[int, str]] = Counter()
_lock = threading.Lock()
_flushed = [time.monotonic()]


def count_download(obj: models.Model) -> None:
    """Count one download of `obj`'s public file."""
    key = about_keys(obj)
    with _lock:
        _pending[key] += 1
        due = time.monotonic() - _flushed[0] >= FLUSH_SECONDS
    if due:
        flush_download_counts()


def flush_download_counts() -> int:
    """Write the buffered counts; returns how many objects were updated. Never raises."""
    with _lock:
        pending = dict(_pending)
        _pending.clear()
        _flushed[0] = time.monotonic()
    if not pending:
        return 0
    now = timezone.now()
    try:
        with transaction.atomic():
            for (type_id, object_id), n in sorted(pending.items()):
                where = {"content_type_id": type_id, "object_id": object_id}
                updated = DownloadCount.objects.filter(**where).update(
                    count=F("count") + n, last_at=now
                )
                if not updated:
                    with transaction.atomic():
                        DownloadCount.objects.create(**where, count=n, last_at=now)
    except (DatabaseError, IntegrityError):
        with _lock:
            _pending.update(pending)
        return 0
    return len(pending)


def download_count(obj: models.Model) -> int:
    """Downloads recorded for `obj` (flushed ones)."""
    content_type_id, object_id = about_keys(obj)
    row = DownloadCount.objects.filter(content_type_id=content_type_id, object_id=object_id).first()
    return row.count if row else 0


@atexit.register
def _flush_at_exit() -> None:
    with contextlib.suppress(Exception):  # the database may be gone at exit
        flush_download_counts()
