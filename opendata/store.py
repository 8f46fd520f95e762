"""Where the sets live, and how a new one replaces the last without a reader ever seeing half:

    OPEN_DATA_ROOT/
      current -> sets/20261203T200000123456Z   (a symlink, swapped with one rename)
      sets/20261203T200000123456Z/             (manifest.json written last, then the folder
      sets/20261202T200000654321Z/              renamed into place: a set is whole or absent)
      sets/.tmp-…/                             (an export in progress or one that crashed)
      .lock                                    (one export at a time)

A reader resolves `current` once and reads the manifest and the files from that folder; the
previous set stays until the next export (an open download of it finishes). Older sets and
abandoned temporary folders are removed by the next export that holds the lock."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings

CURRENT, SETS, LOCK, MANIFEST, DICTIONARY = (
    "current",
    "sets",
    ".lock",
    "manifest.json",
    "dictionary.json",
)
TMP_PREFIX = ".tmp-"
KEEP = 2  # the latest set and the one before it


class ExportRunning(Exception):
    """Another export holds the lock."""


def root_of(directory: Path | str | None = None) -> Path:
    return Path(directory) if directory else Path(settings.OPEN_DATA_ROOT)


@contextlib.contextmanager
def exclusive(root: Path):
    """Hold the export lock (an flock: released by the kernel if the process dies)."""
    (root / SETS).mkdir(parents=True, exist_ok=True)
    with open(root / LOCK, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ExportRunning("另一个开放数据导出正在运行") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def new_workdir(root: Path) -> Path:
    """A temporary folder beside the sets (same file system: the final rename is atomic)."""
    return Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=root / SETS))


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_json(path: Path, data) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1)
        handle.flush()
        os.fsync(handle.fileno())


def publish(root: Path, workdir: Path, name: str) -> Path:
    """Move a complete set into place and point `current` at it (both renames are atomic)."""
    final = root / SETS / name
    # mkdtemp makes it private; the files are public and the web server may serve them.
    os.chmod(workdir, 0o755)  # noqa: S103
    _fsync_dir(workdir)
    os.rename(workdir, final)
    _fsync_dir(root / SETS)
    link = root / f"{TMP_PREFIX}{CURRENT}-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        link.unlink()
    os.symlink(Path(SETS) / name, link)
    os.replace(link, root / CURRENT)
    _fsync_dir(root)
    return final


def current_dir(root: Path | None = None) -> Path | None:
    """The folder of the latest complete set, or None before the first export."""
    root = root or root_of()
    link = root / CURRENT
    try:
        target = os.readlink(link)
    except OSError:
        return None
    folder = (root / target).resolve()
    if folder.parent != (root / SETS).resolve() or not (folder / MANIFEST).is_file():
        return None
    return folder


def prune(root: Path) -> list[str]:
    """Remove abandoned temporary folders and every set but the latest `KEEP` (the current one
    is always kept). Call only while holding the lock."""
    removed = []
    sets = root / SETS
    current = current_dir(root)
    for path in sets.iterdir():
        if path.name.startswith(TMP_PREFIX):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    complete = sorted((p for p in sets.iterdir() if p.is_dir()), key=lambda p: p.name)
    keep = {p.name for p in complete[-KEEP:]} | ({current.name} if current else set())
    for path in complete:
        if path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name)
    for path in root.glob(f"{TMP_PREFIX}{CURRENT}-*"):
        path.unlink(missing_ok=True)
    return removed
