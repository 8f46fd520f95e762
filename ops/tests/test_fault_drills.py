"""Fault drills in the suite (docs/operations.md, 故障演练): a process dies at the worst moment of an
import, of the indexer and of a workflow transition; the database connection is lost; the disk
is full during an upload. Each death is simulated where it hurts most, deterministically: an
exception that no code catches (BaseException, as a kill leaves no chance to clean up) at the
boundary under test. A kill -9 loses exactly what such an exception rolls back: the open
transaction (the database discards it with the connection) and the index writer's uncommitted
documents. The same drills with real processes and kill -9: ops/tests/test_live_drills.py."""

import errno
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.test import Client

from catalog import services as catalog_services
from catalog.importer import commit_import, read_import_file
from catalog.models import (
    ChangeCursor,
    Standard,
    StandardDraftingOrganization,
    StandardReplacement,
)
from catalog.search import check, index, indexer
from core.models import AuditEvent
from core.tests.test_workflow_engine import EngineTestCase
from core.workflow import transition
from directory.models import Organization
from documents.models import Document
from documents.services import document_attach
from reference.models import Region, RegionLevel

pytestmark = pytest.mark.django_db(transaction=True)


class Killed(BaseException):
    """The process died here (nothing catches a BaseException that is not an Exception)."""


def _catalog_csv(n: int = 1_200) -> bytes:
    """n standards; every tenth replaces a standard further down the file (links that resolve
    only once the later chunk is written) and names a drafting unit."""
    lines = ["标准号,标准名称,状态,发布日期,代替标准,起草单位"]
    for i in range(n):
        replaces = f"GB/T {90000 + i + 700}-2020" if i % 10 == 0 and i + 700 < n else ""
        unit = "济宁市标准化研究院" if i % 10 == 0 else ""
        lines.append(f"GB/T {90000 + i}-2020,演练标准{i},现行,2020-01-01,{replaces},{unit}")
    return ("\n".join(lines) + "\n").encode()


def _import(raw: bytes):
    preview = read_import_file(raw, "drill.csv")
    assert preview.ok, preview.errors[:3]
    return commit_import(preview, actor=None)


def _catalog_state():
    return (
        sorted(Standard.objects.values_list("code", "title", "status")),
        sorted(
            StandardReplacement.objects.values_list(
                "old_code", "new_code", "old__code", "new__code"
            )
        ),
        sorted(StandardDraftingOrganization.objects.values_list("standard__code", "name")),
    )


def _expected_state(raw: bytes):
    """What a clean, uninterrupted import of `raw` leaves (computed, then rolled back)."""
    from django.db import transaction

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            _import(raw)
            state = _catalog_state()
            raise Rollback
    except Rollback:
        pass
    assert not Standard.objects.exists()
    return state


# --- an import killed mid-file ---------------------------------------------------------------


def test_an_import_killed_mid_file_leaves_whole_chunks_and_a_rerun_completes_it():
    raw = _catalog_csv()
    expected = _expected_state(raw)
    real = catalog_services._import_chunk
    calls = []

    def dies_in_the_third_chunk(chunk, counts, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            real(chunk[:200], counts, **kwargs)  # half the chunk written, then the kill
            raise Killed
        return real(chunk, counts, **kwargs)

    with (
        mock.patch.object(catalog_services, "_import_chunk", dies_in_the_third_chunk),
        pytest.raises(Killed),
    ):
        _import(raw)

    # Two whole chunks of 500, each with its outbox rows and audit event; nothing of the third.
    assert Standard.objects.count() == 1_000
    assert StandardDraftingOrganization.objects.count() == 100  # those of the first 1,000 rows
    assert AuditEvent.objects.filter(action="standard.import_create").count() == 2

    counts = _import(raw)
    assert (counts.created, counts.unchanged) == (200, 1_000)
    assert _catalog_state() == expected
    assert _import(raw).unchanged == 1_200  # and a third run changes nothing


def test_an_import_killed_after_its_last_chunk_still_resolves_its_links_on_the_rerun():
    """The links of a file resolve after its last chunk: a kill in between left them dangling,
    and a rerun that found every row unchanged used to leave them so."""
    raw = _catalog_csv()
    expected = _expected_state(raw)
    with (
        mock.patch.object(catalog_services, "_resolve_links", side_effect=Killed),
        pytest.raises(Killed),
    ):
        _import(raw)
    assert Standard.objects.count() == 1_200
    assert StandardReplacement.objects.filter(old__isnull=True).count() == 50

    counts = _import(raw)
    assert counts.unchanged == 1_200
    assert _catalog_state() == expected
    assert not StandardReplacement.objects.filter(old__isnull=True).exists()


# --- the indexer killed mid-batch ------------------------------------------------------------


def test_an_indexer_killed_mid_batch_catches_up_on_restart(settings):
    settings.SEARCH_INDEXER = "worker"  # the indexer service applies the outbox, not the request
    indexer.rebuild()
    _import(_catalog_csv(600))  # queued in the outbox (tests do not run on-commit work)
    before = ChangeCursor.objects.get(name=indexer.cursor_name()).position
    real_build = indexer.documents.build
    built = []

    def dies_after_300_documents(row):
        built.append(1)
        if len(built) == 300:
            raise Killed
        return real_build(row)

    with (
        mock.patch.object(indexer.documents, "build", dies_after_300_documents),
        pytest.raises(Killed),
    ):
        indexer.apply_pending()

    # Nothing committed to the index, the cursor where it was, the writer lock released.
    assert ChangeCursor.objects.get(name=indexer.cursor_name()).position == before
    assert index.handle().searcher().num_docs == 0
    assert not check.compare().ok

    with index.writer_lock(timeout=1):  # a new indexer gets the lock at once
        assert indexer.apply_pending() >= 600
    report = check.compare()
    assert report.ok and report.indexed == 600


# --- a workflow transition killed half-way (a gunicorn worker killed during a request) -------


class TransitionKilledTests(EngineTestCase):
    """transition() is one transaction: killed after the record's new state, its status change
    and audit event were written, before the work items moved, nothing of it remains."""

    def test_a_transition_killed_half_way_changes_nothing(self):
        self.submit()
        before = self.snapshot()
        with (
            mock.patch("core.workflow.services.open_state_items", side_effect=Killed),
            self.assertRaises(Killed),
        ):
            transition(obj=self.app, action="accept", actor=self.county_officer)
        self.assertEqual(self.snapshot(), before)
        # and the same transition goes through afterwards
        transition(obj=self.app, action="accept", actor=self.county_officer)
        self.assertNotEqual(self.snapshot(), before)


# --- the database connection lost ------------------------------------------------------------


@pytest.mark.parametrize(
    "message",
    [
        "server closed the connection unexpectedly",
        "terminating connection due to administrator command",
        'connection to server at "127.0.0.1", port 5432 failed: Connection refused',
    ],
)
def test_a_lost_database_connection_answers_503_not_500(message):
    client = Client(raise_request_exception=False)
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError(message),
    ):
        page = client.get("/standards/")
        api = client.get("/api/v1/organizations/")
    assert page.status_code == 503 and page["Retry-After"]
    assert "系统正忙" in page.content.decode() or "暂时" in page.content.decode()
    assert api.status_code == 503
    assert api.json()["error"]["code"] in {"database_busy", "database_unavailable"}


def test_the_app_recovers_when_its_postgresql_connection_is_killed():
    if connection.vendor != "postgresql":
        pytest.skip("pg_terminate_backend: PostgreSQL only")
    from django.db import connections

    client = Client(raise_request_exception=False)
    assert client.get("/standards/").status_code == 200
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    with connections["default"].cursor():
        pass
    import psycopg

    conf = connection.settings_dict
    with psycopg.connect(
        host=conf["HOST"] or None,
        port=conf["PORT"] or None,
        user=conf["USER"],
        password=conf["PASSWORD"] or None,
        dbname=conf["NAME"],
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    # The next request finds its connection dead: it answers 503 (never 500) and the one after
    # is served on a new connection (the request's end closes the broken one;
    # conn_health_checks reconnects), without restarting anything.
    try:
        responses = [client.get("/standards/").status_code for _ in range(3)]
    finally:
        connection.close()
    print("after pg_terminate_backend:", responses)
    assert responses[-1] == 200 and set(responses) <= {200, 503}, responses


# --- a full disk during an upload ------------------------------------------------------------


def _organization():
    region = Region.objects.create(code="370811", name="任城区", level=RegionLevel.COUNTY)
    return Organization.objects.create(
        name="济宁甲机械有限公司", uscc="91370811MA3C12340U", region=region
    )


def test_a_full_disk_during_an_upload_leaves_no_partial_file_and_says_so(settings):
    from django.core.exceptions import ValidationError

    organization = _organization()
    pdf = b"%PDF-1.4\n" + bytes(range(256)) * 4096  # 1 MB, written in chunks
    from django.core.files.storage import filesystem

    real_fdopen = filesystem.os.fdopen

    class FillingDisk:
        """The file being written: two chunks go to disk, then the disk is full."""

        def __init__(self, fd, mode):
            self.file, self.chunks = real_fdopen(fd, mode), 0

        def write(self, data):
            self.chunks += 1
            if self.chunks > 2:
                raise OSError(errno.ENOSPC, "No space left on device")
            return self.file.write(data)

        def close(self):
            self.file.close()

    with (
        mock.patch.object(filesystem.os, "fdopen", FillingDisk),
        pytest.raises(ValidationError) as refused,
    ):
        document_attach(
            obj=organization,
            upload=SimpleUploadedFile("营业执照.pdf", pdf),
            kind="business_license",
            actor=None,
        )
    assert "存储空间不足" in refused.value.messages[0]
    media = settings.MEDIA_ROOT
    leftovers = [p for p in media.rglob("*") if p.is_file()] if media.exists() else []
    assert leftovers == []
    assert not Document.objects.exists()


def test_the_indexer_service_outlives_a_lost_database_connection():
    """run_search_indexer used to exit on the first OperationalError of a PostgreSQL restart
    (the live drill found it); it reconnects and goes on."""
    import os
    import signal

    from django.core.management import call_command

    calls = []

    def apply_pending(**kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        os.kill(os.getpid(), signal.SIGTERM)  # the service's own stop: ends the loop
        return 0

    previous = signal.getsignal(signal.SIGTERM)
    try:
        with (
            mock.patch.object(indexer, "apply_pending", apply_pending),
            mock.patch("time.sleep"),
        ):
            call_command("run_search_indexer", interval=0)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert len(calls) == 2
