"""The audit log is append-only and records who changed what, with the request id."""

import io

from django.test import TestCase
from openpyxl import load_workbook

from catalog.tests.factories import make_standard
from core import audit
from core.models import AuditEvent
from testing.personas import PersonaTestCase


class AuditLogTests(TestCase):
    def test_it_records_only_the_fields_that_changed(self):
        standard = make_standard("GB/T 1-2020", "旧")
        before = audit.snapshot(standard)
        standard.title = "新"
        event = audit.record(
            actor=None,
            action="standard.update",
            obj=standard,
            before=before,
            after=audit.snapshot(standard),
        )
        self.assertEqual(event.changes["fields"], {"title": ["旧", "新"]})
        self.assertEqual(event.actor_label, "系统")
        self.assertEqual(event.object_id, str(standard.pk))

    def test_it_cannot_be_changed_or_deleted(self):
        event = audit.record(actor=None, action="x")
        event.action = "y"
        with self.assertRaises(PermissionError):
            event.save()
        with self.assertRaises(PermissionError):
            event.delete()
        with self.assertRaises(PermissionError):
            AuditEvent.objects.all().delete()
        with self.assertRaises(PermissionError):
            AuditEvent.objects.update(action="z")
        self.assertEqual(AuditEvent.objects.get().action, "x")

    def test_it_tags_events_with_the_request_id(self):
        from accounts.models import User
        from catalog.tests.test_admin import form_data

        admin = User.objects.create_superuser("root", "root@example.invalid", "Persona-pass-2026")
        self.client.force_login(admin)
        response = self.client.post(
            "/admin/catalog/standard/add/", form_data(), HTTP_X_REQUEST_ID="req-123"
        )
        self.assertEqual(response["X-Request-ID"], "req-123")
        event = AuditEvent.objects.get(action="standard.create")
        self.assertEqual((event.request_id, event.actor), ("req-123", admin))

    def test_it_refuses_a_hostile_request_id(self):
        response = self.client.get("/", HTTP_X_REQUEST_ID="<script>")
        self.assertRegex(response["X-Request-ID"], r"^[0-9a-f]{32}$")

    def test_the_admin_offers_no_way_to_edit_the_log(self):
        from accounts.models import User

        admin = User.objects.create_superuser("root", "root@example.invalid", "Persona-pass-2026")
        self.client.force_login(admin)
        event = audit.record(actor=admin, action="x")
        self.assertEqual(self.client.get("/admin/core/auditevent/add/").status_code, 403)
        response = self.client.post(f"/admin/core/auditevent/{event.pk}/delete/", {"post": "yes"})
        self.assertEqual(response.status_code, 403)
        self.assertTrue(AuditEvent.objects.filter(pk=event.pk).exists())


def test_it_snapshots_an_empty_file_field_as_none():
    from catalog.models import Standard

    standard = Standard(code="GB 1-2020", title="x", status="current")
    assert audit.snapshot(standard, ["full_text"]) == {"full_text": None}


class AuditExportTests(PersonaTestCase):
    def test_the_excel_export_survives_control_characters_and_keeps_formulas_as_text(self):
        audit.record(actor=None, action="x", message='=HYPERLINK("http://evil.invalid")\x08')
        self.login(self.city_officer)
        response = self.client.get("/audit/export.xlsx")
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(response.content)).active
        cells = [
            c for row in sheet.iter_rows() for c in row if c.value and "HYPERLINK" in str(c.value)
        ]
        self.assertEqual(len(cells), 1)
        self.assertEqual(
            (cells[0].value, cells[0].data_type), ('=HYPERLINK("http://evil.invalid")', "s")
        )
