"""The import batch lifecycle through catalog.services, and standard_save's partial update."""

import tempfile

from django.core.exceptions import ValidationError
from django.test import override_settings

from catalog import services
from catalog.importer import commit_import, read_import_file
from catalog.models import ImportBatch, Standard
from catalog.tests.factories import make_standard
from core.models import AuditEvent
from testing.personas import PersonaTestCase

GOOD = "标准号,标准名称,状态\nGB/T 19001-2016,质量管理体系 要求,现行\n".encode()
BAD = "标准号,标准名称,状态\nGB/T 19001-2016,质量管理体系 要求,现行\nABC,坏行,现行\n".encode()


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="jining-media-"))
class ImportBatchServiceTests(PersonaTestCase):
    def create(self, raw=GOOD):
        preview = read_import_file(raw, "list.csv")
        batch = services.import_batch_create(
            file_name="list.csv", raw=raw, preview=preview, actor=self.city_officer
        )
        return batch, preview

    def commit(self, batch, preview, skip_invalid=False):
        return services.import_batch_commit(
            batch=batch,
            actor=self.city_officer,
            skipped=len(preview.rejected_lines),
            run=lambda: commit_import(preview, actor=self.city_officer, skip_invalid=skip_invalid),
        )

    def test_it_records_the_upload_and_the_commit_with_their_audit(self):
        batch, preview = self.create()
        assert batch.state == ImportBatch.State.PREVIEWED and batch.total_rows == 1
        assert AuditEvent.objects.filter(action="catalog.import_upload").count() == 1
        counts = self.commit(batch, preview)
        batch.refresh_from_db()
        assert counts.created == 1 and batch.state == ImportBatch.State.COMMITTED
        event = AuditEvent.objects.get(action="catalog.import_commit")
        assert event.actor == self.city_officer and event.changes["extra"]["created"] == 1

    def test_it_commits_a_batch_only_once(self):
        batch, preview = self.create()
        self.commit(batch, preview)
        with self.assertRaises(services.ImportBatchCommitted):
            self.commit(batch, preview)
        assert Standard.objects.count() == 1
        assert AuditEvent.objects.filter(action="catalog.import_commit").count() == 1

    def test_a_refused_file_leaves_the_batch_previewable_and_nothing_written(self):
        batch, preview = self.create(BAD)
        assert batch.state == ImportBatch.State.FAILED and batch.error_count == 1
        with self.assertRaises(ValidationError):
            self.commit(batch, preview)
        batch.refresh_from_db()
        assert batch.state == ImportBatch.State.FAILED and not Standard.objects.exists()
        assert not AuditEvent.objects.filter(action="catalog.import_commit").exists()


class StandardSaveTests(PersonaTestCase):
    def test_an_update_writes_only_what_changed_and_never_a_stale_view_count(self):
        standard = make_standard("GB/T 19001-2016", "质量管理体系 要求")
        loaded = Standard.objects.get(pk=standard.pk)
        from analytics.flush import flush

        flush()  # nothing left over from another test
        browser = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"}
        self.client.get(standard.get_absolute_url(), **browser)  # a visitor, after `loaded`
        flush()  # views are buffered, then written by an UPDATE … + n
        loaded.title = "质量管理体系 要求（修订）"
        with self.captureOnCommitCallbacks(execute=True):
            services.standard_save(standard=loaded, actor=self.city_officer)
        stored = Standard.objects.get(pk=standard.pk)
        assert stored.title == "质量管理体系 要求（修订）" and stored.view_count == 1
        event = AuditEvent.objects.filter(action="standard.update").latest("pk")
        assert set(event.changes["fields"]) == {"title", "updated_at"}
