"""The register of provincial standards (DB37) undertaken by local units."""

import datetime as dt
import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.tests.factories import make_standard
from core.models import AuditEvent, StatusChange, WorkItem
from core.workflow import TransitionDenied, transition
from documents.models import Document
from documents.services import document_attach
from provincial import services
from provincial.choices import ProvincialStage, UpdateState
from provincial.models import ProvincialProject, StageUpdate
from provincial.selectors import provincial_counts
from provincial.services import Unit
from testing.personas import PersonaTestCase

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DAY = dt.date(2026, 3, 2)


class ProvincialTestCase(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.project = services.project_create(
            title="工业园区循环化改造评价规范",
            plan_number="2026-SD-0101",
            year=2026,
            stage=ProvincialStage.APPROVED,
            stage_date=dt.date(2026, 2, 1),
            units=[Unit(organization=cls.organization), Unit(name="济宁市标准化研究院")],
            contact_name="王工",
            contact_phone="0537-1234567",
            actor=cls.city_officer,
        )

    def submit(self, stage=ProvincialStage.DRAFTING, user=None, **kwargs):
        kwargs.setdefault("date", DAY)
        return services.stage_update_submit(
            project=self.project, stage=stage, actor=user or self.enterprise_user, **kwargs
        )


class ProjectCreateTest(ProvincialTestCase):
    def test_it_registers_a_project_with_units_in_order_and_the_lead_units_county(self):
        project = ProvincialProject.objects.get(pk=self.project.pk)
        self.assertEqual(
            [u.name for u in project.units.all()], ["济宁甲机械有限公司", "济宁市标准化研究院"]
        )
        self.assertEqual(project.units.first().organization, self.organization)
        self.assertIsNone(project.units.last().organization)
        self.assertEqual(project.county, self.county)
        self.assertEqual(project.stage_dates, {"approved": "2026-02-01"})
        self.assertTrue(
            AuditEvent.objects.filter(
                action="provincial.project_create", object_id=str(project.pk)
            ).exists()
        )

    def test_only_the_bureau_registers_projects(self):
        for user in (self.enterprise_user, self.county_officer, self.citizen):
            with self.subTest(user=user), self.assertRaises(PermissionDenied):
                services.project_create(
                    title="x", plan_number="P-1", year=2026, units=[Unit(name="某单位")], actor=user
                )
        self.assertEqual(ProvincialProject.objects.count(), 1)

    def test_a_plan_number_is_registered_once(self):
        with self.assertRaises(ValidationError) as caught:
            services.project_create(
                title="另一个", plan_number="2026-SD-0101", year=2026, units=[Unit(name="某单位")],
                actor=self.city_officer,
            )  # fmt: skip
        self.assertIn("已登记", str(caught.exception))
        self.assertEqual(ProvincialProject.objects.count(), 1)

    def test_a_published_project_needs_a_provincial_code(self):
        for code in ("", "GB/T 1-2020", "DB3708/T 1-2020", "DB37/T 12"):
            with self.subTest(code=code), self.assertRaises(ValidationError):
                services.project_create(
                    title="已发布", plan_number=f"P-{code}", year=2025, units=[Unit(name="某单位")],
                    stage=ProvincialStage.PUBLISHED, standard_code=code, actor=self.city_officer,
                )  # fmt: skip

    def test_the_create_page_is_for_the_bureau(self):
        self.login(self.enterprise_user)
        self.assertEqual(self.client.get("/provincial/new/").status_code, 403)
        self.login(self.city_officer)
        response = self.client.post(
            "/provincial/new/",
            {
                "title": "城市道路桥梁养护规范",
                "plan_number": "2026-SD-0102",
                "year": "2026",
                "stage": "drafting",
                "stage_date": "2026-03-01",
                "units": "济宁甲机械有限公司\n某设计院",
            },
        )
        project = ProvincialProject.objects.get(plan_number="2026-SD-0102")
        self.assertRedirects(response, project.get_absolute_url())
        self.assertEqual(project.units.first().organization, self.organization)
        response = self.client.post("/provincial/new/", {"title": "", "plan_number": "x"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "请修正", status_code=400)


class StageUpdateTest(ProvincialTestCase):
    def test_a_unit_member_reports_and_the_city_bureau_confirms(self):
        update = self.submit(note="完成初稿")
        self.assertEqual(update.state, UpdateState.SUBMITTED)
        item = WorkItem.objects.get(object_id=str(update.pk), completed_at__isnull=True)
        self.assertEqual(item.role, "city_officer")
        self.assertIn(update, [u for u in StageUpdate.objects.visible_to(self.city_officer)])
        with self.captureOnCommitCallbacks(execute=True):
            transition(obj=update, action="confirm", actor=self.city_officer)
        self.project.refresh_from_db()
        self.assertEqual(self.project.stage, ProvincialStage.DRAFTING)
        self.assertEqual(self.project.stage_dates["drafting"], "2026-03-02")
        self.assertEqual(
            list(
                StatusChange.objects.filter(object_id=str(update.pk)).values_list(
                    "action", flat=True
                )
            ),
            ["submit", "confirm"],
        )
        self.assertTrue(AuditEvent.objects.filter(action="provincial.project_stage").exists())
        self.assertTrue(self.enterprise_user.notifications.filter(title__contains="确认").exists())

    def test_others_may_not_report(self):
        for user in (self.other_enterprise_user, self.citizen, self.city_officer):
            with self.subTest(user=user), self.assertRaises(PermissionDenied):
                self.submit(user=user)
        self.assertFalse(StageUpdate.objects.exists())

    def test_only_the_city_bureau_confirms(self):
        update = self.submit()
        for user in (self.county_officer, self.enterprise_user, self.sector_officer):
            with self.subTest(user=user), self.assertRaises(TransitionDenied):
                transition(obj=update, action="confirm", actor=user)
        self.project.refresh_from_db()
        self.assertEqual(self.project.stage, ProvincialStage.APPROVED)

    def test_a_return_needs_an_opinion_and_leaves_the_project_as_it_was(self):
        update = self.submit()
        with self.assertRaises(ValidationError):
            transition(obj=update, action="return", actor=self.city_officer)
        transition(obj=update, action="return", actor=self.city_officer, opinion="日期有误")
        update.refresh_from_db()
        self.project.refresh_from_db()
        self.assertEqual(update.state, UpdateState.RETURNED)
        self.assertEqual(self.project.stage, ProvincialStage.APPROVED)
        self.submit(date=dt.date(2026, 3, 3))  # a new report is possible again

    def test_invalid_reports_are_refused_with_nothing_stored(self):
        cases = [
            ({"stage": ProvincialStage.APPROVED}, "请报送之后的阶段"),
            ({"stage": "nonsense"}, "阶段不正确"),
            ({"stage": ProvincialStage.PUBLISHED}, "请填写标准号"),
            ({"date": dt.date(2099, 1, 1)}, "不能晚于今天"),
        ]
        for kwargs, message in cases:
            with self.subTest(kwargs=kwargs), self.assertRaises(ValidationError) as caught:
                self.submit(**kwargs)
            self.assertIn(message, str(caught.exception))
        self.assertFalse(StageUpdate.objects.exists())
        self.assertFalse(StatusChange.objects.exists())

    def test_one_pending_report_at_a_time(self):
        self.submit()
        with self.assertRaises(ValidationError):
            self.submit(stage=ProvincialStage.COMMENT)
        self.assertEqual(StageUpdate.objects.count(), 1)

    def test_a_stale_report_cannot_be_confirmed(self):
        first = self.submit(stage=ProvincialStage.COMMENT)
        transition(obj=first, action="return", actor=self.city_officer, opinion="补材料")
        second = self.submit(stage=ProvincialStage.REVIEW)
        transition(obj=second, action="confirm", actor=self.city_officer)
        stale = StageUpdate.objects.create(
            project=self.project, organization=self.organization, stage=ProvincialStage.COMMENT,
            date=DAY, proposed_by=self.enterprise_user, state=UpdateState.SUBMITTED,
        )  # fmt: skip
        with self.assertRaises(ValidationError) as caught:
            transition(obj=stale, action="confirm", actor=self.city_officer)
        self.assertIn("已过时", str(caught.exception))

    def test_publication_links_the_catalog_record_by_code(self):
        standard = make_standard(
            "DB37/T 4567-2026", "工业园区循环化改造评价规范", kind="provincial"
        )
        update = self.submit(stage=ProvincialStage.PUBLISHED, standard_code="db37/t 4567—2026")
        transition(obj=update, action="confirm", actor=self.city_officer)
        self.project.refresh_from_db()
        self.assertEqual(self.project.stage, ProvincialStage.PUBLISHED)
        self.assertEqual(self.project.standard, standard)
        self.assertEqual(self.project.standard_code, "DB37/T 4567-2026")

    def test_a_standard_catalogued_later_is_linked_by_the_bureau(self):
        update = self.submit(stage=ProvincialStage.PUBLISHED, standard_code="DB37/T 4568-2026")
        transition(obj=update, action="confirm", actor=self.city_officer)
        self.project.refresh_from_db()
        self.assertIsNone(self.project.standard)
        standard = make_standard(
            "DB37/T 4568-2026", "工业园区循环化改造评价规范", kind="provincial"
        )
        self.login(self.enterprise_user)
        self.assertEqual(self.client.post(f"/provincial/{self.project.pk}/link/").status_code, 403)
        self.login(self.city_officer)
        self.client.post(f"/provincial/{self.project.pk}/link/")
        self.project.refresh_from_db()
        self.assertEqual(self.project.standard, standard)
        self.assertTrue(AuditEvent.objects.filter(action="provincial.project_link").exists())

    def test_the_update_pages_work_for_the_unit_and_the_bureau(self):
        self.login(self.enterprise_user)
        url = f"/provincial/{self.project.pk}/update/"
        self.assertContains(self.client.get(url), "报送进度")
        response = self.client.post(
            url,
            {
                "stage": "drafting",
                "date": "2026-03-02",
                "organization": self.organization.pk,
                "attachment": SimpleUploadedFile("初稿.pdf", PDF),
            },
        )
        update = StageUpdate.objects.get()
        self.assertRedirects(response, update.get_absolute_url())
        self.assertEqual(Document.objects.filter(original_name="初稿.pdf").count(), 1)
        self.login(self.other_enterprise_user)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.get(update.get_absolute_url()).status_code, 404)
        self.login(self.city_officer)
        self.assertContains(self.client.get("/provincial/manage/"), self.project.title)
        response = self.client.post(update.get_absolute_url(), {"action": "confirm"})
        self.assertRedirects(response, update.get_absolute_url())
        self.project.refresh_from_db()
        self.assertEqual(self.project.stage, ProvincialStage.DRAFTING)
        self.assertContains(self.client.get(update.get_absolute_url()), "已确认")


class VisibilityTest(ProvincialTestCase):
    def test_the_public_sees_the_register_but_not_contacts_or_documents(self):
        document = document_attach(
            obj=self.project, upload=SimpleUploadedFile("草案.pdf", PDF), kind="draft",
            actor=self.enterprise_user,
        )  # fmt: skip
        for user in (None, self.citizen, self.other_enterprise_user, self.county_officer):
            with self.subTest(user=user):
                self.client.logout()
                if user:
                    self.login(user)
                listing = self.client.get("/provincial/")
                self.assertContains(listing, "工业园区循环化改造评价规范")
                self.assertContains(listing, "2026-SD-0101")
                self.assertContains(listing, "济宁市标准化研究院")
                detail = self.client.get(self.project.get_absolute_url())
                self.assertContains(detail, "立项")
                self.assertNotContains(detail, "0537-1234567")
                self.assertNotContains(detail, "草案.pdf")
                self.assertEqual(
                    self.client.get(f"/documents/{document.pk}/").status_code, 404 if user else 302
                )
        for user in (self.enterprise_user, self.city_officer):
            self.login(user)
            detail = self.client.get(self.project.get_absolute_url())
            self.assertContains(detail, "0537-1234567")
            self.assertContains(detail, "草案.pdf")
            self.assertEqual(self.client.get(f"/documents/{document.pk}/").status_code, 200)

    def test_units_upload_documents_and_strangers_may_not(self):
        url = f"/provincial/{self.project.pk}/documents/"
        self.login(self.other_enterprise_user)
        response = self.client.post(
            url, {"kind": "draft", "file": SimpleUploadedFile("a.pdf", PDF)}
        )
        self.assertEqual(response.status_code, 404)
        self.login(self.enterprise_user)
        self.client.post(url, {"kind": "draft", "file": SimpleUploadedFile("a.pdf", PDF)})
        self.assertEqual(Document.objects.filter(original_name="a.pdf").count(), 1)

    def test_my_projects_lists_the_users_units_projects(self):
        self.login(self.enterprise_user)
        self.assertContains(self.client.get("/provincial/mine/"), "工业园区循环化改造评价规范")
        self.login(self.other_enterprise_user)
        self.assertNotContains(self.client.get("/provincial/mine/"), "工业园区循环化改造评价规范")

    def test_bureau_pages_refuse_others(self):
        self.login(self.enterprise_user)
        for url in ("/provincial/manage/", "/provincial/new/", "/provincial/import/"):
            self.assertEqual(self.client.get(url).status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get("/provincial/manage/").status_code, 302)

    def test_the_pages_are_linked_from_menus_and_workspaces(self):
        self.assertContains(self.client.get("/"), 'href="/provincial/"')
        self.login(self.enterprise_user)
        self.assertContains(self.client.get("/workspace/"), 'href="/provincial/mine/"')
        self.login(self.city_officer)
        self.assertContains(self.client.get("/workspace/"), 'href="/provincial/manage/"')
        page = self.client.get("/provincial/manage/")
        self.assertContains(page, 'href="/provincial/new/"')
        self.assertContains(page, 'href="/provincial/import/"')

    def test_the_list_page_reads_a_fixed_number_of_queries(self):
        for i in range(5):
            services.project_create(
                title=f"项目{i}", plan_number=f"2026-SD-02{i}", year=2026,
                units=[Unit(organization=self.organization), Unit(name=f"单位{i}")],
                actor=self.city_officer,
            )  # fmt: skip
        with self.assertNumQueries(3):  # count, the page, the units with their organizations
            self.client.get("/provincial/")


class ApiAndImportTest(ProvincialTestCase):
    def test_the_api_lists_the_public_register(self):
        body = self.client.get("/api/v1/local-standards/provincial/").json()
        row = body["results"][0] if "results" in body else body[0]
        self.assertEqual(row["plan_number"], "2026-SD-0101")
        self.assertEqual(row["stage_label"], "立项")
        self.assertEqual(
            [u["name"] for u in row["units"]], ["济宁甲机械有限公司", "济宁市标准化研究院"]
        )
        self.assertNotIn("contact_phone", row)
        one = self.client.get(f"/api/v1/local-standards/provincial/{self.project.pk}/").json()
        self.assertEqual(one["title"], "工业园区循环化改造评价规范")
        empty = self.client.get("/api/v1/local-standards/provincial/?stage=published").json()
        self.assertEqual(empty.get("count", len(empty)), 0)

    def test_the_bureau_imports_a_sheet_all_or_nothing(self):
        self.login(self.city_officer)
        bad = "标准名称,省级计划号,计划年度,所处阶段,本地起草单位\n甲,2025-1,2025,起草,某院\n乙,2025-2,2025,不存在,某院\n"
        response = self.client.post(
            "/provincial/import/", {"file": SimpleUploadedFile("p.csv", bad.encode())}
        )
        self.assertContains(response, "第 3 行")
        self.assertEqual(ProvincialProject.objects.count(), 1)
        good = (
            "标准名称,省级计划号,计划年度,所处阶段,进入该阶段日期,本地起草单位,发布标准号\n"
            "甲标准,2025-1,2025,起草,2025-04-01,济宁甲机械有限公司；某院,\n"
            "乙标准,2025-2,2025,发布,2025-12-01,某院,DB37/T 4000-2025\n"
        )
        response = self.client.post(
            "/provincial/import/", {"file": SimpleUploadedFile("p.csv", good.encode())}
        )
        self.assertRedirects(response, "/provincial/manage/")
        first = ProvincialProject.objects.get(plan_number="2025-1")
        self.assertEqual(first.stage, ProvincialStage.DRAFTING)
        self.assertEqual(first.units.first().organization, self.organization)
        self.assertEqual(
            ProvincialProject.objects.get(plan_number="2025-2").standard_code, "DB37/T 4000-2025"
        )

    def test_the_bureaus_export_reads_back_through_the_import(self):
        from openpyxl import load_workbook

        self.login(self.city_officer)
        response = self.client.get("/provincial/export.xlsx")
        data = b"".join(response.streaming_content) if response.streaming else response.content
        rows = list(load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True))
        self.assertEqual(rows[0][:3], ("标准名称", "省级计划号", "计划年度"))
        self.assertEqual(rows[1][3], "立项")
        self.assertEqual(rows[1][5], "济宁甲机械有限公司；济宁市标准化研究院")
        ProvincialProject.objects.all().delete()
        response = self.client.post(
            "/provincial/import/", {"file": SimpleUploadedFile("p.xlsx", data)}
        )
        self.assertRedirects(response, "/provincial/manage/")
        again = ProvincialProject.objects.get()
        self.assertEqual(again.plan_number, "2026-SD-0101")
        self.assertEqual(again.stage_dates, {"approved": "2026-02-01"})
        self.assertEqual(again.units.first().organization, self.organization)

    def test_counts_by_stage_and_county(self):
        services.project_create(
            title="乙", plan_number="2025-9", year=2025, stage=ProvincialStage.REVIEW,
            units=[Unit(organization=self.other_organization)], actor=self.city_officer,
        )  # fmt: skip
        counts = provincial_counts()
        self.assertEqual(counts["total"], 2)
        self.assertEqual(counts["by_stage"]["approved"], 1)
        self.assertEqual(counts["by_stage"]["review"], 1)
        self.assertEqual(counts["by_stage"]["published"], 0)
        self.assertEqual(counts["by_county"], {"任城区": 1, "邹城市": 1})
        self.assertEqual(provincial_counts(year=2025)["by_county_stage"], {"邹城市": {"review": 1}})
