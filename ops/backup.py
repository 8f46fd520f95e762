"""Backups of the platform (`manage.py backup DIR`) and restoring them (`manage.py restore PATH`).

A backup is one directory, written under a temporary name and renamed when complete (a backup
cut short is never taken for a whole one):

    jining-backup-20261203T021500Z/
        database.dump      PostgreSQL: pg_dump custom format  (or database.sqlite3: SQLite's
                           online backup API, a consistent copy while the site runs)
        media.tar          the uploaded files (MEDIA_ROOT)
        manifest.json      when, which database, the Django migration state, the app version
                           (git commit), every file with its SHA-256 and size
        SHA256SUMS         the same checksums (and the manifest's), `sha256sum -c SHA256SUMS`

Restoring checks every checksum first and changes nothing when one does not match; then it
replaces the database (PostgreSQL: in one transaction; SQLite: through the backup API) and the
uploaded files, forgets every node's search cursor and rebuilds this node's index (the index is
derived from the database: the other nodes rebuild theirs by themselves on their next pass).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection

FORMAT = 1
PREFIX = "jining-backup-"
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
MEDIA = "media.tar"
DATABASE_FILE = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
LOCK_TIMEOUT = "30s"  # restore: waiting longer for the site's connections means it still runs


class BackupError(Exception):
    """A backup that cannot be written or restored; the message says why in Chinese and English."""


@dataclass
class Restored:
    path: Path
    manifest: dict
    media_files: int = 0
    indexed: int = 0
    cursors_reset: list[str] = field(default_factory=list)


# --- helpers ----------------------------------------------------------------------------------


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def app_version() -> str | None:
    """The git commit of the running code, or the REVISION file a release tarball carries."""
    base = Path(settings.BASE_DIR)
    git = shutil.which("git")
    if git and (base / ".git").exists():
        try:
            out = subprocess.run(  # noqa: S603 (fixed arguments)
                [git, "-C", str(base), "rev-parse", "HEAD"],
                capture_output=True,
                text=True,
                timeout=10,
                check=True,
            )
            return out.stdout.strip() or None
        except (OSError, subprocess.SubprocessError):
            pass
    revision = base / "REVISION"
    return revision.read_text().strip() or None if revision.exists() else None


def migration_state() -> dict[str, list[str]]:
    """The applied migrations, by app."""
    from django.db.migrations.recorder import MigrationRecorder

    state: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        state.setdefault(app, []).append(name)
    return state


def _vendor() -> str:
    if connection.vendor not in DATABASE_FILE:
        raise BackupError(
            f"不支持的数据库类型 {connection.vendor}（unsupported database vendor {connection.vendor}）"
        )
    return connection.vendor


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(
            f"找不到 {name}，请安装 PostgreSQL 客户端（apt-get install postgresql-client）"
            f"（{name} not found on PATH）"
        )
    return path


def _pg_env() -> dict[str, str]:
    """libpq's environment for the connection Django uses (no password on a command line)."""
    conf = connection.settings_dict
    env = os.environ.copy()
    for key, var in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if conf.get(key):
            env[var] = str(conf[key])
    options = conf.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = str(options["sslmode"])
    return env


def _run(args: list[str], *, what: str, what_en: str, **kwargs) -> None:
    done = subprocess.run(args, capture_output=True, text=True, check=False, **kwargs)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(
            f"{what}失败（{what_en} failed, exit {done.returncode}）：{done.stderr.strip()[-2000:]}"
        )


# --- backup -----------------------------------------------------------------------------------


def _dump_database(target: Path, vendor: str) -> None:
    if vendor == "postgresql":
        _run(
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={target}",
            ],
            what="导出数据库",
            what_en="pg_dump",
            env=_pg_env(),
        )
        return
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        # Online backup: a consistent copy page by page while other connections go on writing.
        connection.connection.backup(copy)
    finally:
        copy.close()


def _tar_media(target: Path) -> int:
    root = Path(settings.MEDIA_ROOT)
    count = 0
    with tarfile.open(target, "w") as tar:
        if root.is_dir():
            for folder, dirs, files in os.walk(root):
                dirs.sort()
                for name in sorted(files):
                    path = Path(folder) / name
                    if path.is_symlink() or not path.is_file():
                        continue
                    tar.add(path, arcname=str(path.relative_to(root)), recursive=False)
                    count += 1
    return count


def _unique_name(directory: Path, now: dt.datetime) -> str:
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    name, n = f"{PREFIX}{stamp}", 1
    while (directory / name).exists():
        n += 1
        name = f"{PREFIX}{stamp}-{n}"
    return name


def create(directory: Path, *, now: dt.datetime | None = None) -> Path:
    """Write a complete backup into a new folder of `directory`; returns its path."""
    vendor = _vendor()
    directory = Path(directory).resolve()
    directory.mkdir(parents=True, exist_ok=True)
    now = now or dt.datetime.now(dt.UTC)
    name = _unique_name(directory, now)
    partial = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".partial", dir=directory))
    try:
        db_file = DATABASE_FILE[vendor]
        _dump_database(partial / db_file, vendor)
        media_files = _tar_media(partial / MEDIA)
        files = [
            {"name": n, "sha256": sha256_of(partial / n), "bytes": (partial / n).stat().st_size}
            for n in (db_file, MEDIA)
        ]
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(timespec="seconds").replace("+00:00", "Z"),
            "app_version": app_version(),
            "database": {"vendor": vendor, "name": str(connection.settings_dict.get("NAME"))},
            "migrations": migration_state(),
            "media_files": media_files,
            "files": files,
        }
        (partial / MANIFEST).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        sums = [*files, {"name": MANIFEST, "sha256": sha256_of(partial / MANIFEST)}]
        (partial / SUMS).write_text("".join(f"{f['sha256']}  {f['name']}\n" for f in sums))
        for child in partial.iterdir():
            child.chmod(0o600)
        partial.chmod(0o700)
        final = directory / name
        partial.rename(final)
        return final
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise


def prune(directory: Path, *, keep: int) -> list[Path]:
    """Delete all but the `keep` newest complete backups in `directory`; returns those deleted."""
    found = sorted(p for p in Path(directory).iterdir() if p.is_dir() and p.name.startswith(PREFIX))
    doomed = found[:-keep] if keep > 0 else []
    for path in doomed:
        shutil.rmtree(path)
    return doomed


# --- verify and restore -----------------------------------------------------------------------


def _refuse(reason_zh: str, reason_en: str) -> BackupError:
    return BackupError(
        f"备份校验失败，未做任何更改：{reason_zh}（backup refused, nothing was changed: {reason_en}）"
    )


def verify(path: Path) -> dict:
    """The manifest of a whole, unaltered backup; BackupError otherwise."""
    path = Path(path)
    if not path.is_dir():
        raise _refuse(f"{path} 不是备份目录", f"{path} is not a backup directory")
    for needed in (MANIFEST, SUMS):
        if not (path / needed).is_file():
            raise _refuse(f"缺少 {needed}", f"{needed} is missing")
    sums: dict[str, str] = {}
    for line in (path / SUMS).read_text(encoding="utf-8", errors="replace").splitlines():
        digest, _, name = line.partition("  ")
        if digest and name:
            sums[name.strip()] = digest.strip().lower()
    if MANIFEST not in sums:
        raise _refuse(f"{SUMS} 未列出 {MANIFEST}", f"{MANIFEST} is not listed in {SUMS}")
    bad = [n for n in sorted(sums) if not (path / n).is_file() or sha256_of(path / n) != sums[n]]
    if bad:
        raise _refuse(
            f"文件 {'、'.join(bad)} 缺失或 SHA-256 校验值不符（已损坏或被改动）",
            f"checksum mismatch or missing file: {', '.join(bad)}",
        )
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except ValueError:
        raise _refuse(f"{MANIFEST} 不是有效的 JSON", f"{MANIFEST} is not valid JSON") from None
    if manifest.get("format") != FORMAT:
        raise _refuse(
            f"不认识的备份格式 {manifest.get('format')!r}",
            f"unknown backup format {manifest.get('format')!r}",
        )
    for entry in manifest.get("files", []):
        name = entry.get("name", "")
        if sums.get(name) != entry.get("sha256") or (path / name).stat().st_size != entry.get(
            "bytes"
        ):
            raise _refuse(
                f"清单中 {name} 的校验值或大小与文件不符",
                f"{name} does not match the manifest",
            )
    vendor = manifest.get("database", {}).get("vendor")
    names = {e.get("name") for e in manifest.get("files", [])}
    if vendor not in DATABASE_FILE or not {DATABASE_FILE[vendor], MEDIA} <= names:
        raise _refuse("清单缺少数据库或上传文件", "the manifest lacks the database or media file")
    return manifest


def _check_compatible(manifest: dict) -> None:
    vendor = _vendor()
    theirs = manifest["database"]["vendor"]
    if theirs != vendor:
        raise BackupError(
            f"备份的数据库类型为 {theirs}，当前为 {vendor}，不能恢复，未做任何更改"
            f"（the backup is of a {theirs} database, this site uses {vendor}; nothing was changed）"
        )
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(
        f"{app}.{name}"
        for app, names in manifest.get("migrations", {}).items()
        for name in names
        if (app, name) not in known
    )
    if unknown:
        raise BackupError(
            "备份来自更新版本的程序（含本版本没有的数据库迁移 "
            + "、".join(unknown[:5])
            + "），请先升级程序再恢复，未做任何更改"
            f"（the backup comes from a newer release with unknown migrations {unknown[:5]}; "
            "upgrade first; nothing was changed）"
        )


def _restore_database(path: Path, vendor: str) -> None:
    source = path / DATABASE_FILE[vendor]
    if connection.in_atomic_block:
        raise BackupError("不能在事务中恢复（restore cannot run inside a transaction）")
    if vendor == "postgresql":
        connection.close()  # our own connection must not hold a lock the restore waits for
        env = _pg_env()
        with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as prologue:
            # The whole schema is replaced: tables a newer release added go too. In one
            # transaction with the restore script (psql --single-transaction): on any error,
            # the database is left as it was.
            prologue.write(
                f"SET lock_timeout = '{LOCK_TIMEOUT}';\n"
                "DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n"
            )
        try:
            script = subprocess.Popen(  # noqa: S603
                [_tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(source)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
            )
            try:
                _run(
                    [
                        _tool("psql"),
                        "--no-psqlrc",
                        "--quiet",
                        "--set=ON_ERROR_STOP=1",
                        "--single-transaction",
                        f"--file={prologue.name}",
                        "--file=-",
                    ],
                    what="恢复数据库",
                    what_en="psql",
                    env=env,
                    stdin=script.stdout,
                )
            finally:
                script.stdout.close()
                error = script.stderr.read().decode(errors="replace")
                script.stderr.close()
                if script.wait() != 0:
                    raise BackupError(
                        f"pg_restore 读取备份失败（pg_restore failed）：{error[-2000:]}"
                    )
        finally:
            os.unlink(prologue.name)
        return
    connection.ensure_connection()
    backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        backup.backup(connection.connection)
    finally:
        backup.close()


def _restore_media(path: Path) -> int:
    """Unpack beside MEDIA_ROOT, then swap the folders (the old one is removed last)."""
    root = Path(settings.MEDIA_ROOT)
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{root.name}.restore-", dir=root.parent))
    try:
        with tarfile.open(path / MEDIA) as tar:
            members = [m for m in tar.getmembers() if m.isfile()]
            tar.extractall(staging, members=members, filter="data")
        old = root.parent / f".{root.name}.old-{uuid.uuid4().hex[:8]}"
        if root.exists():
            root.rename(old)
        staging.rename(root)
        shutil.rmtree(old, ignore_errors=True)
        return len(members)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _reset_search() -> tuple[list[str], int]:
    """Forget every node's search cursor (each rebuilds: its index follows a database that is no
    longer there) and rebuild this node's index now."""
    from catalog.models import ChangeCursor
    from catalog.search import indexer

    cursors = ChangeCursor.objects.filter(name__startswith="search:")
    names = sorted(cursors.values_list("name", flat=True))
    cursors.delete()
    return names, indexer.rebuild()


def restore(path: Path, *, actor=None) -> Restored:
    """Replace the database and the uploaded files by the backup at `path`."""
    from django.contrib.contenttypes.models import ContentType

    from core import audit

    path = Path(path).resolve()
    manifest = verify(path)
    _check_compatible(manifest)
    vendor = manifest["database"]["vendor"]
    _restore_database(path, vendor)
    ContentType.objects.clear_cache()
    media_files = _restore_media(path)
    cursors, indexed = _reset_search()
    audit.record(
        actor=actor,
        action="ops.restore",
        message=f"从备份 {path.name} 恢复",
        extra={
            "backup": path.name,
            "created_at": manifest.get("created_at"),
            "app_version": manifest.get("app_version"),
            "media_files": media_files,
        },
    )
    return Restored(
        path=path,
        manifest=manifest,
        media_files=media_files,
        indexed=indexed,
        cursors_reset=cursors,
    )
