"""Exports that cannot take the site down: a small cap in the request (the only thing a
stranger gets), larger exports in the background for signed-in users, rate-limited per client."""

import io

from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from catalog.tests.factories import make_standard
from core.exports import export_jobs_purge, run_export
from core.models import AuditEvent, ExportJob
from testing.personas import PersonaTestCase

EXPORT = "/standards/export.xlsx"


def rows_of(data: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return list(sheet.iter_rows(values_only=True))


@override_settings(EXPORT_SYNC_ROWS=5)
class CatalogExportTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for n in range(1, 9):
            make_standard(f"GB/T {n}-2020", f"足球场地 第{n}部分")

    def test_it_answers_a_small_list_in_the_request(self):
        response = self.client.get(EXPORT, {"q": "GB/T 3-2020"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(rows_of(response.content)[1][0], "GB/T 3-2020")

    def test_it_refuses_a_stranger_more_than_the_cap_with_a_clear_message(self):
        response = self.client.get(EXPORT, follow=True)
        self.assertContains(response, "未登录时每次最多导出 5 条")
        self.assertContains(response, "请缩小检索范围，或登录后导出全部")
        self.assertEqual(ExportJob.objects.count(), 0)

    def test_a_signed_in_user_gets_a_background_job_and_downloads_the_file(self):
        self.login(self.citizen)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.get(EXPORT)
        self.assertRedirects(response, reverse("exports:list"))
        job = ExportJob.objects.get()
        self.assertEqual((job.requested_by, job.state, job.rows), (self.citizen, "done", 8))
        page = self.client.get(reverse("exports:list"))
        self.assertContains(page, reverse("exports:download", args=[job.pk]))
        download = self.client.get(reverse("exports:download", args=[job.pk]))
        self.assertEqual(download.status_code, 200)
        data = b"".join(download.streaming_content)
        self.assertEqual(len(rows_of(data)), 1 + 8)
        actions = set(AuditEvent.objects.values_list("action", flat=True))
        self.assertTrue({"export.request", "export.download"} <= actions)

    def test_the_file_is_private_to_the_requester_and_expires(self):
        self.login(self.citizen)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.get(EXPORT)
        job = ExportJob.objects.get()
        url = reverse("exports:download", args=[job.pk])
        self.login(self.city_officer)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertNotContains(self.client.get(reverse("exports:list")), url)
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 302)  # to the login page
        self.login(self.citizen)
        ExportJob.objects.filter(pk=job.pk).update(expires_at=job.created_at)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(export_jobs_purge(), 1)
        self.assertEqual(ExportJob.objects.count(), 0)

    def test_a_job_is_built_once_and_a_failure_is_recorded(self):
        self.login(self.citizen)
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            self.client.get(EXPORT)
        job = ExportJob.objects.get()
        ExportJob.objects.filter(pk=job.pk).update(kind="unknown")
        run_export.call(job.pk)
        job.refresh_from_db()
        self.assertEqual((job.state, job.error[:5]), ("failed", "导出失败："))
        self.assertEqual(run_export.call(job.pk), 0)  # not queued any more: nothing happens
        self.assertEqual(len(callbacks), 1)

    def test_pending_jobs_are_limited_per_user(self):
        self.login(self.citizen)
        for _ in range(3):
            with self.captureOnCommitCallbacks(execute=False):
                self.client.get(EXPORT)
        response = self.client.get(EXPORT, follow=True)
        self.assertContains(response, "您已有导出任务正在进行")
        self.assertEqual(ExportJob.objects.count(), 3)

    @override_settings(POST_RATE_LIMITS={"export": (2, 3600), "validity": (2, 3600)})
    def test_exports_are_rate_limited_per_client(self):
        cache.clear()
        for _ in range(2):
            self.assertEqual(self.client.get(EXPORT, {"q": "GB/T 3-2020"}).status_code, 200)
        response = self.client.get(EXPORT, {"q": "GB/T 3-2020"})
        self.assertEqual(response.status_code, 429)
        self.assertTrue(response["Retry-After"])
        cache.clear()

    @override_settings(POST_RATE_LIMITS={"export": (2, 3600), "validity": (2, 3600)})
    def test_the_validity_page_is_rate_limited_per_client(self):
        cache.clear()
        url = reverse("catalog:validity_check")
        for _ in range(2):
            self.assertEqual(self.client.post(url, {"text": "GB/T 1-2020"}).status_code, 200)
        self.assertEqual(self.client.post(url, {"text": "GB/T 1-2020"}).status_code, 429)
        cache.clear()

    def test_the_export_jobs_page_is_in_the_user_menu(self):
        self.login(self.citizen)
        self.assertContains(self.client.get("/"), f'href="{reverse("exports:list")}"')


@override_settings(EXPORT_SYNC_ROWS=2)
class AuditExportTests(PersonaTestCase):
    def test_a_large_audit_export_runs_in_the_background_for_the_bureau(self):
        from core import audit

        for n in range(5):
            audit.record(actor=self.city_officer, action="test.event", message=f"事件 {n}")
        self.login(self.city_officer)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.get(reverse("audit:export"), {"action": "test.event"})
        self.assertRedirects(response, reverse("exports:list"))
        job = ExportJob.objects.get(kind="audit")
        self.assertEqual((job.state, job.rows), ("done", 5))
        download = self.client.get(reverse("exports:download", args=[job.pk]))
        self.assertEqual(len(rows_of(b"".join(download.streaming_content))), 1 + 5)

    def test_a_small_audit_export_comes_in_the_response(self):
        self.login(self.city_officer)
        from core import audit

        audit.record(actor=self.city_officer, action="test.one", message="一条")
        response = self.client.get(reverse("audit:export"), {"action": "test.one"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(rows_of(response.content)), 2)
