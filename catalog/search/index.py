"""Opening the index: one per directory per process, readers refreshed when any process
commits, and a lock so that a single indexer writes at a time."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import threading
import time
from pathlib import Path

import tantivy
from django.conf import settings

from catalog.search.schema import SCHEMA_VERSION, build_schema

_VERSION_FILE = "platform-schema-version"
_ID_FILE = "platform-index-id"
_LOCK_FILE = ".platform-indexer.lock"
_lock = threading.RLock()
_held = threading.local()
_open: dict[str, _Handle] = {}


class IndexBusy(RuntimeError):
    """Another process holds the indexer lock."""


class _Handle:
    def __init__(self, path: Path):
        self.path = path
        self._dir, self._meta = str(path), str(path / "meta.json")
        self.schema = build_schema()
        self.index = tantivy.Index(self.schema, str(path), reuse=True)
        self.index.config_reader("Manual")
        self.meta_mtime = self._meta_mtime()

    def _meta_mtime(self) -> int:
        try:
            return os.stat(self._meta).st_mtime_ns
        except FileNotFoundError:
            return 0

    def searcher(self) -> tantivy.Searcher:
        # A stat per search is cheap; it makes commits by other processes (the worker, another
        # gunicorn worker) visible at once, without a watcher thread.
        mtime = self._meta_mtime()
        if mtime != self.meta_mtime:
            self.index.reload()
            self.meta_mtime = mtime
        return self.index.searcher()

    @property
    def generation(self) -> tuple[str, int]:
        """The commit this handle's reader is at, with its directory: the key of every cache
        that must not outlive the catalog it was read from."""
        return self._dir, self.meta_mtime


_dirs: dict = {}


def index_dir() -> Path:
    # Searches ask several times per request: the Path of each setting's value is made once.
    raw = settings.SEARCH_INDEX_DIR
    path = _dirs.get(raw)
    if path is None:
        path = _dirs[raw] = Path(raw)
    return path


def node() -> str:
    """This app node's name: its cursor over the catalog outbox is `search:<node>`."""
    return settings.SEARCH_NODE


def index_id() -> str:
    """The id of the index in this directory, written by the rebuild that made it; the node's
    cursor names it, so a replaced or wiped directory is noticed (and rebuilt)."""
    try:
        return (index_dir() / _ID_FILE).read_text().strip()
    except FileNotFoundError:
        return ""


def set_index_id(value: str) -> None:
    (index_dir() / _ID_FILE).write_text(value)


def _prepare(path: Path) -> None:
    """Create the directory; wipe an index written with another schema (it is rebuilt)."""
    path.mkdir(parents=True, exist_ok=True)
    version = path / _VERSION_FILE
    current = version.read_text().strip() if version.exists() else None
    if current != str(SCHEMA_VERSION):
        for child in path.iterdir():
            if child.name != _LOCK_FILE:
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        version.write_text(str(SCHEMA_VERSION))


def handle() -> _Handle:
    path = index_dir()
    key = str(path)
    found = _open.get(key)
    if found is not None:
        return found
    with _lock:
        if key not in _open:
            if not (path / "meta.json").exists() or not (path / _VERSION_FILE).exists():
                with writer_lock():
                    _prepare(path)
            _open[key] = _Handle(path)
        return _open[key]


def generation() -> tuple[str, int]:
    """This process's view of the index (reloading the reader if another process committed)."""
    current = handle()
    current.searcher()
    return current.generation


def is_empty() -> bool:
    return handle().searcher().num_docs == 0


def forget() -> None:
    """Drop open handles (tests that delete an index directory)."""
    with _lock:
        _open.clear()


@contextlib.contextmanager
def writer_lock(timeout: float | None = None):
    """Only one indexer at a time, across processes. `timeout` None waits for ever.
    Re-entrant within a thread."""
    if getattr(_held, "depth", 0):
        _held.depth += 1
        try:
            yield
        finally:
            _held.depth -= 1
        return
    path = index_dir()
    path.mkdir(parents=True, exist_ok=True)
    with open(path / _LOCK_FILE, "a+") as fh:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | (0 if deadline is None else fcntl.LOCK_NB))
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusy(str(path)) from None
                time.sleep(0.02)
        _held.depth = 1
        try:
            yield
        finally:
            _held.depth = 0
            fcntl.flock(fh, fcntl.LOCK_UN)


def writer(*, heap_mb: int = 64, threads: int = 1) -> tantivy.IndexWriter:
    return handle().index.writer(heap_mb * 1_000_000, threads)
