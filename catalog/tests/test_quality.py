"""The bureau's data-quality list: what contradicts, what is missing, what an import set aside;
each fixable from the list through the services, audited; an Excel of the same list."""

import datetime
import io
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from catalog.importer import commit_import, read_import_file
from catalog.models import Standard
from catalog.tests.factories import make_standard
from catalog.tests.test_importer_warnings import SYNTHETIC
from core.models import AuditEvent
from testing.personas import PersonaTestCase

TODAY = datetime.date(2026, 6, 1)
LIST = reverse("catalog:quality_list")


def today():
    return mock.patch("django.utils.timezone.localdate", return_value=TODAY)


class QualityListTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.forever = make_standard(
            "GB 44246-2024", "家用电器", status="upcoming", issue_date=datetime.date(2025, 7, 24)
        )
        cls.late = make_standard(
            "GB/T 2-2020", "早该实施", status="upcoming",
            issue_date=datetime.date(2020, 1, 1), implement_date=datetime.date(2020, 6, 1),
        )  # fmt: skip
        cls.sound = make_standard(
            "GB/T 3-2020", "一切正常", status="current",
            issue_date=datetime.date(2020, 1, 1), implement_date=datetime.date(2020, 6, 1),
        )  # fmt: skip
        with today():
            commit_import(read_import_file(SYNTHETIC, "synthetic.csv"), actor=None)

    def test_only_the_bureau_may_open_it(self):
        self.assertEqual(self.client.get(LIST).status_code, 302)
        for user in (self.citizen, self.enterprise_user, self.county_officer, self.expert):
            self.login(user)
            self.assertEqual(self.client.get(LIST).status_code, 403, user.username)
            url = reverse("catalog:quality_recompute", args=[self.late.pk])
            self.assertEqual(self.client.post(url).status_code, 403)
        self.assertEqual(Standard.objects.get(pk=self.late.pk).status, "upcoming")

    def test_it_lists_each_kind_of_problem_and_not_the_sound_records(self):
        self.login(self.city_officer)
        with today():
            response = self.client.get(LIST)
        self.assertContains(response, "GB 44246-2024")
        self.assertContains(response, "即将实施但没有实施日期")
        self.assertContains(response, "GB/T 2-2020")
        self.assertContains(response, "状态与日期不符")
        self.assertContains(response, "CCS原值：A49")
        self.assertContains(response, "废止日期原值：2000-01-01")
        self.assertNotContains(response, "GB/T 3-2020")
        with today():
            response = self.client.get(LIST, {"problem": "raw_codes"})
        self.assertContains(response, "DB/T 6611-2023")
        self.assertNotContains(response, "GB 44246-2024")

    def test_recompute_sets_the_status_the_dates_say_and_is_audited(self):
        self.login(self.city_officer)
        url = reverse("catalog:quality_recompute", args=[self.late.pk])
        with today():
            response = self.client.post(url, {"next": LIST + "?problem=status"})
        self.assertRedirects(response, LIST + "?problem=status", fetch_redirect_response=False)
        self.assertEqual(Standard.objects.get(pk=self.late.pk).status, "current")
        event = AuditEvent.objects.get(action="standard.status_recompute")
        self.assertEqual(event.object_id, str(self.late.pk))
        self.assertEqual(self.client.get(url).status_code, 405)

    def test_the_fix_form_sets_the_dates_and_clears_the_raw_values(self):
        self.login(self.city_officer)
        standard = Standard.objects.get(code="DB/T 18.2-2006")
        url = reverse("catalog:quality_fix", args=[standard.pk])
        self.assertContains(self.client.get(url), "废止日期原值：2000-01-01")
        with today():
            response = self.client.post(
                url,
                {
                    "issue_date": "2006-01-01",
                    "implement_date": "2006-06-01",
                    "abolish_date": "2015-01-01",
                    "clear_raw": "on",
                },
            )
        self.assertRedirects(response, LIST, fetch_redirect_response=False)
        standard.refresh_from_db()
        self.assertEqual(
            (standard.abolish_date, standard.status, standard.raw_values),
            (datetime.date(2015, 1, 1), "abolished", {}),
        )
        event = AuditEvent.objects.get(action="standard.data_fix")
        self.assertEqual(event.changes["fields"]["abolish_date"], [None, "2015-01-01"])

    def test_the_fix_form_refuses_dates_out_of_order_and_changes_nothing(self):
        self.login(self.city_officer)
        url = reverse("catalog:quality_fix", args=[self.forever.pk])
        response = self.client.post(
            url, {"issue_date": "2024-07-24", "implement_date": "2024-01-01"}
        )
        self.assertContains(response, "实施日期不能早于发布日期", status_code=400)
        self.forever.refresh_from_db()
        self.assertEqual(self.forever.implement_date, None)
        self.assertFalse(AuditEvent.objects.filter(action="standard.data_fix").exists())

    def test_it_exports_the_list_as_excel(self):
        self.login(self.city_officer)
        with today():
            response = self.client.get(LIST, {"problem": "upcoming_without_date", "format": "xlsx"})
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0][0], "标准号")
        self.assertEqual([r[0] for r in rows[1:]], ["GB 44246-2024"])
        self.assertIn("即将实施但没有实施日期", rows[1][-1])

    def test_it_is_linked_from_the_bureau_workspace_and_the_import_page(self):
        self.login(self.city_officer)
        self.assertContains(self.client.get(reverse("workspace:home")), f'href="{LIST}"')
        self.assertContains(self.client.get(reverse("catalog:import_upload")), f'href="{LIST}"')
        self.login(self.county_officer)
        self.assertNotContains(self.client.get(reverse("workspace:home")), f'href="{LIST}"')

    def test_merged_duplicate_rows_are_remembered_on_the_record(self):
        from catalog.tests.test_import_services import csv_bytes

        raw = csv_bytes(
            [["标准号", "标准名称", "状态"], ["GB/T 9-2020", "甲", "现行"],
             ["GB/T 9—2020", "甲", "现行"]]
        )  # fmt: skip
        with today():
            commit_import(read_import_file(raw, "twins.csv"), actor=None)
        standard = Standard.objects.get(code="GB/T 9-2020")
        self.assertEqual(standard.raw_values, {"duplicates": ["第 3 行：GB/T 9—2020"]})
        self.login(self.city_officer)
        with today():
            response = self.client.get(LIST, {"problem": "merged"})
        self.assertContains(response, "合并的重复行：第 3 行：GB/T 9—2020")


class QualityListQueryTests(PersonaTestCase):
    def test_the_list_runs_the_same_queries_however_many_records_it_shows(self):
        self.login(self.city_officer)

        def queries_for(count):
            for _ in range(count):
                make_standard(f"GB/T {900 + Standard.objects.count()}-2020", status="upcoming")
            with today(), CaptureQueriesContext(connection) as captured:
                response = self.client.get(LIST)
            self.assertEqual(response.status_code, 200)
            return len(captured)

        self.assertEqual(queries_for(3), queries_for(20))
