"""The API: the tracker with filters, applying, transitions and history, comments and the table."""

import datetime as dt
import io

from openpyxl import load_workbook
from rest_framework.test import APIClient

from drafting import steps
from drafting.models import LocalStandardProject
from drafting.selectors import current_consultation
from drafting.tests.helpers import TODAY, ProjectCast
from testing.personas import PersonaTestCase

BASE = "/api/v1/local-standards/projects/"


class ProjectApiTests(ProjectCast, PersonaTestCase):
    def setUp(self):
        self.api = APIClient()

    def test_the_list_is_public_once_planned_and_filters_by_state_year_and_words(self):
        planned = self.apply()
        steps.walk(planned, self.cast, TODAY, until="drafting")
        self.apply(title="城市河道保洁服务规范")  # submitted: not public
        rows = self.api.get(BASE).json()["results"]
        self.assertEqual([r["title"] for r in rows], ["公务用车平台建设与管理规范"])
        row = rows[0]
        for key in (
            "id",
            "title",
            "state",
            "state_label",
            "plan_number",
            "deadline",
            "standard",
            "actions",
        ):
            self.assertIn(key, row)
        self.assertEqual(
            (row["state"], row["state_label"], row["plan_number"]), ("drafting", "起草", "2026-001")
        )
        self.assertEqual(self.api.get(BASE, {"state": "comment"}).json()["results"], [])
        self.assertEqual(
            len(self.api.get(BASE, {"year": 2026, "q": "公务用车"}).json()["results"]), 1
        )
        self.assertEqual(self.api.get(BASE, {"year": 2025}).json()["results"], [])

    def test_a_sector_department_applies_and_an_expert_may_not(self):
        body = {
            "title": "公共机构绿色运营指南",
            "sponsor_department": "济宁市机关事务服务中心",
            "scope": "公共机构",
            "reason": "节能降碳",
            "main_content": "运营要求",
            "units": [{"name": self.organization.name, "contact_person": "张工"}],
        }
        self.api.force_authenticate(self.expert)
        self.assertEqual(self.api.post(BASE, body, format="json").status_code, 403)
        self.api.force_authenticate(None)
        self.assertIn(self.api.post(BASE, body, format="json").status_code, (401, 403))
        self.assertFalse(LocalStandardProject.objects.exists())
        self.api.force_authenticate(self.sector_officer)
        response = self.api.post(BASE, body, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["state"], "draft")
        self.assertIn("submit", [a["key"] for a in response.json()["actions"]])

    def test_transitions_and_history_go_through_the_engine(self):
        project = self.apply()
        self.api.force_authenticate(self.other_county_officer)
        response = self.api.post(
            f"{BASE}{project.pk}/transition/", {"action": "forward"}, format="json"
        )
        self.assertIn(response.status_code, (403, 404))
        self.api.force_authenticate(self.county_officer)
        response = self.api.post(
            f"{BASE}{project.pk}/transition/", {"action": "forward"}, format="json"
        )
        self.assertEqual(response.status_code, 201, response.content)
        again = self.api.post(
            f"{BASE}{project.pk}/transition/", {"action": "forward"}, format="json"
        )
        self.assertEqual(again.status_code, 409)
        self.assertIn("不能执行", again.json()["error"]["message"])
        history = self.api.get(f"{BASE}{project.pk}/history/").json()
        self.assertEqual([h["action"] for h in history], ["submit", "forward"])


class CommentApiTests(ProjectCast, PersonaTestCase):
    def setUp(self):
        self.api = APIClient()

    def test_anyone_comments_while_open_and_nothing_is_stored_after_the_period(self):
        project = self.apply()
        steps.walk(project, self.cast, TODAY, until="comment")
        consultation = current_consultation(project)
        count = consultation.comments.count()
        with steps.on(project.comment_closes):
            response = self.api.post(
                f"{BASE}{project.pk}/comments/",
                {
                    "content": "建议补充夜间作业要求",
                    "clause": "4.1.1",
                    "name": "王五",
                    "contact": "13700000000",
                },
                format="json",
            )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertTrue(response.json()["receipt"])
        with steps.on(project.comment_closes + dt.timedelta(days=1)):
            late = self.api.post(
                f"{BASE}{project.pk}/comments/",
                {"content": "迟到的意见", "name": "赵六", "contact": "13600000000"},
                format="json",
            )
        self.assertEqual(late.status_code, 400)
        self.assertIn("截止", str(late.json()["error"]))
        self.assertEqual(consultation.comments.count(), count + 1)

    def test_the_table_lists_every_comment_with_its_disposition(self):
        project = self.apply()
        steps.walk(project, self.cast, TODAY, until="comment_done")
        response = self.api.get(f"{BASE}{project.pk}/comment-table.xlsx")
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(response.content)).active
        text = "\n".join(
            " ".join(str(c) for c in row if c) for row in sheet.iter_rows(values_only=True)
        )
        for clause, content, _org, label, reason in steps.COMMENTS:
            self.assertIn(content, text)
            self.assertIn(label, text)
            if clause:
                self.assertIn(clause, text)
            if reason:
                self.assertIn(reason, text)
        self.assertEqual(self.api.get(f"{BASE}{project.pk}/comment-table.docx").status_code, 200)
        comments = self.api.get(f"{BASE}{project.pk}/comments/").json()
        self.assertEqual(comments["count"], len(steps.COMMENTS))
        self.assertTrue(comments["dispositions_published"])
