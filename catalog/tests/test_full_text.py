"""Free public full text of the city's published local standards, and public attachments of
calls and publicity notices."""

import datetime as dt
from unittest import mock
from urllib.parse import quote

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from calls.services import call_close, call_create
from catalog.models import Standard
from catalog.tests.factories import make_standard
from documents import counters
from documents.models import Document
from documents.services import document_attach
from publicity.services import notice_publish
from testing.personas import PersonaTestCase

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TITLE = "公务用车平台建设与管理规范"


def with_text(standard: Standard, ext: str = "pdf") -> Standard:
    standard.full_text.save(f"text.{ext}", ContentFile(PDF), save=True)
    return standard


class FullTextTest(PersonaTestCase):
    def setUp(self):
        super().setUp()
        counters._pending.clear()  # counts buffered by another test (its rows were rolled back)
        self.municipal = with_text(make_standard("DB3708/T 001-2020", TITLE, kind="municipal"))

    def url(self, standard):
        return f"/standards/{standard.code_key}/full-text/"

    def test_anyone_downloads_the_citys_local_standard_with_a_chinese_file_name(self):
        response = self.client.get(self.url(self.municipal))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), PDF)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertIn("public", response["Cache-Control"])
        disposition = response["Content-Disposition"]
        self.assertTrue(disposition.startswith("attachment;"))
        self.assertIn(
            "filename*=UTF-8''" + quote(f"DB3708T 001-2020 {TITLE}.pdf", safe=""), disposition
        )
        self.assertIn('filename="DB3708T_001-2020_', disposition)
        self.assertTrue(disposition.isascii())

    def test_the_detail_page_offers_the_button_only_for_free_texts(self):
        page = self.client.get(self.municipal.get_absolute_url())
        self.assertContains(page, "下载全文")
        self.assertContains(page, f'href="{self.url(self.municipal)}"')
        national = with_text(make_standard("GB/T 19001-2016", "质量管理体系 要求"))
        self.assertNotContains(self.client.get(national.get_absolute_url()), "下载全文")

    def test_other_texts_are_not_found_for_everyone(self):
        national = with_text(make_standard("GB/T 19001-2016", "质量管理体系 要求"))
        provincial = with_text(make_standard("DB37/T 1000-2020", "省标", kind="provincial"))
        other_city = with_text(make_standard("DB3701/T 1-2020", "外市标准", kind="municipal"))
        hidden = with_text(
            make_standard("DB3708/T 002-2020", "未公开", kind="municipal", is_public=False)
        )
        no_file = make_standard("DB3708/T 003-2020", "无全文", kind="municipal")
        exe = with_text(make_standard("DB3708/T 004-2020", "异常文件", kind="municipal"), ext="exe")
        for user in (None, self.citizen, self.city_officer):
            self.client.logout()
            if user:
                self.login(user)
            for standard in (national, provincial, other_city, hidden, no_file, exe):
                with self.subTest(user=user, code=standard.code):
                    self.assertEqual(self.client.get(self.url(standard)).status_code, 404)
        self.assertEqual(self.client.get("/standards/DB3708T999-2020/full-text/").status_code, 404)

    @mock.patch.object(counters, "FLUSH_SECONDS", 3600)
    def test_downloads_are_counted_in_batches(self):
        from documents.counters import download_count

        with self.assertNumQueries(1):  # reading the standard; the count is buffered
            self.client.get(self.url(self.municipal))
        self.client.get(self.url(self.municipal))
        self.assertEqual(download_count(self.municipal), 0)
        self.assertEqual(counters.flush_download_counts(), 1)
        self.assertEqual(download_count(self.municipal), 2)
        self.client.get(self.url(self.municipal))
        counters.flush_download_counts()
        self.assertEqual(download_count(self.municipal), 3)

    @mock.patch.object(counters, "FLUSH_SECONDS", 0)
    def test_a_due_batch_is_written_by_the_next_download(self):
        from documents.counters import download_count

        self.client.get(self.url(self.municipal))
        self.assertEqual(download_count(self.municipal), 1)

    @mock.patch.object(counters, "FLUSH_SECONDS", 3600)
    def test_a_revalidation_is_answered_without_the_file_and_not_counted(self):
        first = self.client.get(self.url(self.municipal))
        again = self.client.get(self.url(self.municipal), HTTP_IF_NONE_MATCH=first["ETag"])
        self.assertEqual(again.status_code, 304)
        counters.flush_download_counts()
        from documents.counters import download_count

        self.assertEqual(download_count(self.municipal), 1)

    def test_only_reads_are_allowed(self):
        self.assertEqual(self.client.post(self.url(self.municipal)).status_code, 405)


class PublicAttachmentTest(PersonaTestCase):
    def attach(self, obj):
        return document_attach(
            obj=obj,
            upload=SimpleUploadedFile("申报指南.pdf", PDF),
            kind="other",
            actor=self.city_officer,
        )

    def make_call(self):
        today = timezone.localdate()
        return call_create(
            program="local_standard", year=today.year, title="地方标准立项征集",
            opens_at=timezone.now() - dt.timedelta(days=1),
            closes_at=timezone.now() + dt.timedelta(days=9), actor=self.city_officer,
        )  # fmt: skip

    def test_anyone_downloads_the_attachments_of_a_public_call(self):
        document = self.attach(self.make_call())
        response = self.client.get(f"/documents/{document.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertIn("filename*=UTF-8''" + quote("申报指南.pdf"), response["Content-Disposition"])
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertIn("no-store", response["Cache-Control"])

    def test_a_withdrawn_calls_attachments_are_not_public(self):
        call = self.make_call()
        document = self.attach(call)
        call_close(call=call, withdraw=True, reason="重复发布", actor=self.city_officer)
        self.assertEqual(self.client.get(f"/documents/{document.pk}/").status_code, 302)
        self.login(self.citizen)
        self.assertEqual(self.client.get(f"/documents/{document.pk}/").status_code, 404)

    def test_anyone_downloads_the_attachments_of_a_current_notice_but_not_a_scheduled_one(self):
        today = timezone.localdate()
        current = notice_publish(
            obj=self.organization, title="公示", body="内容", starts_on=today, days=5, actor=self.city_officer
        )  # fmt: skip
        later = notice_publish(
            obj=self.organization, title="预定公示", body="内容", starts_on=today + dt.timedelta(days=3),
            days=5, actor=self.city_officer,
        )  # fmt: skip
        self.assertEqual(self.client.get(f"/documents/{self.attach(current).pk}/").status_code, 200)
        self.assertEqual(self.client.get(f"/documents/{self.attach(later).pk}/").status_code, 302)

    def test_other_documents_still_need_a_signed_in_user_in_scope(self):
        document = document_attach(
            obj=self.organization, upload=SimpleUploadedFile("营业执照.pdf", PDF),
            kind="business_license", actor=self.enterprise_user,
        )  # fmt: skip
        documents = Document.objects.count()
        self.assertEqual(self.client.get(f"/documents/{document.pk}/").status_code, 302)
        self.login(self.other_enterprise_user)
        self.assertEqual(self.client.get(f"/documents/{document.pk}/").status_code, 404)
        self.assertEqual(Document.objects.count(), documents)
