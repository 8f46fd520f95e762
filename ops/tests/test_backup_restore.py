"""The backup and restore drill: back up, change and delete data (a standard, an organization, an
uploaded document), restore, and everything is back, with the search index rebuilt and equal to
the database; a corrupted backup is refused and changes nothing. Runs on SQLite and PostgreSQL
(the commands work on the test database itself)."""

import hashlib
import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from catalog.importer import commit_import, read_import_file
from catalog.models import ChangeCursor, Standard
from catalog.search import check, indexer
from catalog.services import standard_delete, standard_save
from core.models import AuditEvent
from directory.models import Organization
from documents.models import Document
from documents.services import document_attach
from ops import backup
from reference.models import Region, RegionLevel

pytestmark = pytest.mark.django_db(transaction=True)

CSV = (
    "标准号,标准名称,状态,发布日期,实施日期,代替标准\n"
    "GB/T 19001-2016,质量管理体系 要求,现行,2016-12-30,2017-07-01,GB/T 19001-2008\n"
    "GB/T 19001-2008,质量管理体系 要求,废止,2008-10-29,2009-03-01,\n"
    "DB3708/T 12-2021,足球场地人造草面层维护规范,现行,2021-05-10,2021-06-10,\n"
).encode()
PDF = b"%PDF-1.4\n% a licence\n" + bytes(range(256)) * 8


def _import(text: bytes, name: str = "seed.csv"):
    preview = read_import_file(text, name)
    assert preview.ok, preview.errors
    commit_import(preview, actor=None)
    indexer.apply_pending()


@pytest.fixture
def site():
    region = Region.objects.create(code="370811", name="任城区", level=RegionLevel.COUNTY)
    organization = Organization.objects.create(
        name="济宁甲机械有限公司", uscc="91370811MA3C12340U", region=region
    )
    document = document_attach(
        obj=organization,
        upload=SimpleUploadedFile("营业执照.pdf", PDF),
        kind="business_license",
        actor=None,
    )
    _import(CSV)
    return organization, document


def _backup(directory: Path) -> Path:
    out = io.StringIO()
    call_command("backup", str(directory), stdout=out)
    return Path(out.getvalue().strip().splitlines()[-1])


def _titles() -> dict[str, str]:
    return dict(Standard.objects.values_list("code", "title"))


def test_a_restore_brings_back_what_was_changed_and_deleted_and_rebuilds_the_index(
    site, tmp_path, settings
):
    organization, document = site
    titles = _titles()
    path = _backup(tmp_path / "backups")
    assert path.parent == (tmp_path / "backups").resolve()
    manifest = json.loads((path / "manifest.json").read_text())
    assert manifest["media_files"] == 1
    assert "catalog" in manifest["migrations"]

    # A bad day: a title changed, a standard and an organization deleted, a document and its
    # file gone, a standard added.
    changed = Standard.objects.get(code="DB3708/T 12-2021")
    changed.title = "被误改的标题"
    standard_save(standard=changed, actor=None)
    standard_delete(standard=Standard.objects.get(code="GB/T 19001-2008"), actor=None)
    document_pk, document_file = document.pk, Path(settings.MEDIA_ROOT) / document.file.name
    document.file.delete(save=False)
    document.delete()
    organization.delete()
    _import("标准号,标准名称,状态\nT/JNBZ 001-2026,备份之后新增的标准,现行\n".encode(), "new.csv")
    assert not document_file.exists()
    assert set(_titles()) == {"GB/T 19001-2016", "DB3708/T 12-2021", "T/JNBZ 001-2026"}

    out = io.StringIO()
    call_command("restore", str(path), "--yes", stdout=out)

    assert _titles() == titles
    restored = Organization.objects.get(uscc="91370811MA3C12340U")
    assert restored.name == "济宁甲机械有限公司"
    doc = Document.objects.get(pk=document_pk)
    assert doc.object_id == str(restored.pk)
    assert hashlib.sha256(document_file.read_bytes()).hexdigest() == doc.sha256
    report = check.compare()
    assert report.ok, report
    assert report.database == report.indexed == 3
    # The node's cursor was taken anew by the rebuild, for the index in this directory.
    assert ChangeCursor.objects.get(name=indexer.cursor_name()).index_id
    assert AuditEvent.objects.filter(action="ops.restore").count() == 1
    assert "检索索引已重建：3 条" in out.getvalue()


def test_a_corrupted_backup_is_refused_and_changes_nothing(site, tmp_path):
    path = _backup(tmp_path)
    database = next(
        path / e["name"] for e in backup.verify(path)["files"] if e["name"] != "media.tar"
    )
    data = bytearray(database.read_bytes())
    data[len(data) // 2] ^= 0xFF
    database.write_bytes(bytes(data))
    Standard.objects.filter(code="DB3708/T 12-2021").update(title="备份之后的标题")

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(path), "--yes", stdout=io.StringIO())

    assert "SHA-256" in str(refused.value) and "checksum mismatch" in str(refused.value)
    assert database.name in str(refused.value)
    assert Standard.objects.get(code="DB3708/T 12-2021").title == "备份之后的标题"
    assert not AuditEvent.objects.filter(action="ops.restore").exists()


def test_a_restore_without_yes_is_refused(site, tmp_path):
    path = _backup(tmp_path)
    Organization.objects.all().delete()
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(path), stdout=io.StringIO())
    assert not Organization.objects.exists()


def test_a_backup_from_a_newer_release_is_refused(site, tmp_path):
    path = _backup(tmp_path)
    manifest = json.loads((path / "manifest.json").read_text())
    manifest["migrations"]["catalog"].append("9999_from_the_future")
    (path / "manifest.json").write_text(json.dumps(manifest))
    sums = (path / "SHA256SUMS").read_text().splitlines()
    digest = hashlib.sha256((path / "manifest.json").read_bytes()).hexdigest()
    sums = [f"{digest}  manifest.json" if s.endswith("manifest.json") else s for s in sums]
    (path / "SHA256SUMS").write_text("\n".join(sums) + "\n")
    Organization.objects.all().delete()

    with pytest.raises(CommandError, match="9999_from_the_future"):
        call_command("restore", str(path), "--yes", stdout=io.StringIO())
    assert not Organization.objects.exists()


def test_an_edited_manifest_is_refused(site, tmp_path):
    path = _backup(tmp_path)
    (path / "manifest.json").write_text("{}")
    with pytest.raises(CommandError, match=r"manifest\.json"):
        call_command("restore", str(path), "--yes", stdout=io.StringIO())


def test_the_backup_directory_appears_only_when_complete_and_old_ones_are_pruned(site, tmp_path):
    first = _backup(tmp_path)
    second = _backup(tmp_path)
    out = io.StringIO()
    call_command("backup", str(tmp_path), "--keep", "2", stdout=out)
    third = Path(out.getvalue().strip().splitlines()[-1])
    assert not first.exists() and second.exists() and third.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []
