"""The bureau's web import: upload → preview with per-row errors → confirm."""

import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from catalog.models import ImportBatch, Standard
from core.models import AuditEvent
from testing.personas import PersonaTestCase

GOOD = "标准号,标准名称,状态\nGB/T 19001-2016,质量管理体系 要求,现行\nT/CAS 115-2005,示例团体标准,现行\n"
BAD = "标准号,标准名称,状态\nGB/T 19001-2016,质量管理体系 要求,现行\nABC,坏行,现行\n"


def upload(content: str, name: str = "list.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content.encode("utf-8"), content_type="text/csv")


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="jining-media-"))
class ImportPageTests(PersonaTestCase):
    def test_it_refuses_everyone_without_the_import_permission(self):
        url = reverse("catalog:import_upload")
        response = self.client.get(url)
        self.assertEqual(response.status_code, 302)  # anonymous → login
        for user in [self.citizen, self.enterprise_user, self.county_officer, self.expert]:
            self.login(user)
            self.assertEqual(self.client.get(url).status_code, 403, user.username)
            self.client.post(url, {"file": upload(GOOD)})
        self.assertEqual(ImportBatch.objects.count(), 0)
        self.assertEqual(Standard.objects.count(), 0)

    def test_it_previews_then_imports_on_confirmation(self):
        self.login(self.city_officer)
        response = self.client.post(reverse("catalog:import_upload"), {"file": upload(GOOD)})
        batch = ImportBatch.objects.get()
        self.assertRedirects(response, reverse("catalog:import_preview", args=[batch.pk]))
        self.assertEqual(Standard.objects.count(), 0)  # nothing written before confirmation
        preview = self.client.get(reverse("catalog:import_preview", args=[batch.pk]))
        self.assertContains(preview, "通过校验 2 行")
        self.client.post(reverse("catalog:import_commit", args=[batch.pk]))
        self.assertEqual(Standard.objects.count(), 2)
        batch.refresh_from_db()
        self.assertEqual(batch.state, ImportBatch.State.COMMITTED)
        self.assertTrue(AuditEvent.objects.filter(action="catalog.import", actor=self.city_officer))
        created = AuditEvent.objects.get(action="standard.import_create")
        self.assertEqual(len(created.changes["extra"]["codes"]), 2)
        self.assertEqual(created.changes["extra"]["file"], batch.file_name)

    def test_it_does_not_import_twice_when_confirmed_twice(self):
        self.login(self.city_officer)
        self.client.post(reverse("catalog:import_upload"), {"file": upload(GOOD)})
        batch = ImportBatch.objects.get()
        self.client.post(reverse("catalog:import_commit", args=[batch.pk]))
        self.client.post(reverse("catalog:import_commit", args=[batch.pk]))
        self.assertEqual(AuditEvent.objects.filter(action="catalog.import").count(), 1)

    def test_it_shows_row_errors_and_imports_nothing_unless_told_to_skip(self):
        self.login(self.city_officer)
        self.client.post(reverse("catalog:import_upload"), {"file": upload(BAD)})
        batch = ImportBatch.objects.get()
        preview = self.client.get(reverse("catalog:import_preview", args=[batch.pk]))
        self.assertContains(preview, "<td>3</td><td>标准号</td>", html=False)
        self.client.post(reverse("catalog:import_commit", args=[batch.pk]))
        self.assertEqual(Standard.objects.count(), 0)
        self.client.post(reverse("catalog:import_commit", args=[batch.pk]), {"skip_invalid": "1"})
        self.assertEqual(list(Standard.objects.values_list("code", flat=True)), ["GB/T 19001-2016"])

    def test_it_rejects_unreadable_files_with_a_clear_message(self):
        self.login(self.city_officer)
        cases = [
            (upload("x", "list.pdf"), "只能上传 .csv 或 .xlsx 文件"),
            (SimpleUploadedFile("list.csv", b"\x00\x01\x02binary"), "文件不是文本格式的 CSV"),
            (upload("名称,备注\n甲,乙\n"), "缺少必需的列：标准号"),
            (upload('标准号,标准名称\n"GB/T 1-2020,未闭合\n'), "CSV 格式有误"),
        ]
        for file, message in cases:
            response = self.client.post(reverse("catalog:import_upload"), {"file": file})
            self.assertContains(response, message, status_code=400)
        self.assertEqual(ImportBatch.objects.count(), 0)

    def test_it_hides_one_officers_batch_from_another(self):
        self.login(self.city_officer)
        self.client.post(reverse("catalog:import_upload"), {"file": upload(GOOD)})
        batch = ImportBatch.objects.get()
        other = self.make_user("city2")
        from accounts.roles import Role
        from accounts.services import user_grant_role

        user_grant_role(user=other, role=Role.CITY_OFFICER)
        self.login(other)
        self.assertEqual(
            self.client.get(reverse("catalog:import_preview", args=[batch.pk])).status_code, 404
        )
        self.client.post(reverse("catalog:import_commit", args=[batch.pk]))
        self.assertEqual(Standard.objects.count(), 0)

    def test_it_requires_post_to_confirm(self):
        self.login(self.city_officer)
        self.client.post(reverse("catalog:import_upload"), {"file": upload(GOOD)})
        batch = ImportBatch.objects.get()
        response = self.client.get(reverse("catalog:import_commit", args=[batch.pk]))
        self.assertEqual(response.status_code, 405)
        self.assertEqual(Standard.objects.count(), 0)
