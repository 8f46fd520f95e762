"""Expert review: score sheets frozen once used, assignment with the pool's conflict rules,
submission validated against the sheet, the side-by-side table, pages by role."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.roles import Role
from core.models import AuditEvent
from directory.models import Expert, ExpertConflict
from notifications.models import Notification
from reviews.forms import ReviewForm
from reviews.models import Review, ScoreSheet
from reviews.selectors import comparison_url, my_review_tasks, score_tables
from reviews.services import (
    review_assign,
    review_submit,
    sheet_create,
    sheet_new_version,
    sheet_update,
)
from testing.personas import PersonaTestCase

CRITERIA = [
    {"label": "必要性", "description": "立项理由是否充分", "max_points": "30"},
    {"label": "技术内容", "description": "", "max_points": "50"},
    {"label": "可行性", "description": "", "max_points": "20"},
]


class ReviewTestCase(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.expert2 = cls.make_user("expert2", Role.EXPERT)
        cls.expert3 = cls.make_user("expert3", Role.EXPERT)
        cls.pool = Expert.objects.create(name="张专家", user=cls.expert)
        cls.pool2 = Expert.objects.create(name="李专家", user=cls.expert2)
        cls.employed = Expert.objects.create(
            name="赵专家", user=cls.expert3, employer=cls.organization
        )
        cls.declared = Expert.objects.create(
            name="钱专家", user=cls.make_user("expert4", Role.EXPERT)
        )
        ExpertConflict.objects.create(expert=cls.declared, organization=cls.organization)
        cls.no_account = Expert.objects.create(name="孙专家")

    def make_sheet(self, **overrides):
        values = {
            "name": "地方标准立项评分表",
            "program": "local_standard",
            "pass_mark": "60",
            "criteria": CRITERIA,
            "actor": self.city_officer,
        }
        values.update(overrides)
        return sheet_create(**values)

    def assign(self, experts=None, sheet=None, **overrides):
        values = {
            "object": self.organization,
            "experts": experts or [self.pool, self.pool2],
            "sheet": sheet or self.make_sheet(),
            "due": timezone.localdate() + dt.timedelta(days=10),
            "actor": self.city_officer,
        }
        values.update(overrides)
        return review_assign(**values)

    def scores(self, sheet, *points):
        return {str(c.pk): p for c, p in zip(sheet.criteria.all(), points, strict=True)}

    def submit(self, sheet, expert=None, points=("25", "40", "15"), **overrides):
        expert = expert or self.expert
        values = {
            "object": self.organization,
            "expert": expert,
            "scores": self.scores(sheet, *points),
            "vote": "pass",
            "opinion": "同意立项。",
            "declare_no_conflict": True,
            "actor": expert,
        }
        values.update(overrides)
        return review_submit(**values)


class SheetTests(ReviewTestCase):
    def test_it_creates_an_ordered_sheet_with_an_audit_row(self):
        sheet = self.make_sheet()
        assert [c.label for c in sheet.criteria.all()] == ["必要性", "技术内容", "可行性"]
        assert sheet.max_total == Decimal("100")
        assert sheet.vote_choices[1] == ("pass_with_changes", "修改后通过")
        assert AuditEvent.objects.filter(
            action="score_sheet.create", object_id=str(sheet.pk)
        ).exists()

    def test_it_refuses_invalid_sheets_and_stores_nothing(self):
        with self.assertRaises(ValidationError) as ctx:
            self.make_sheet(name="", pass_mark="120", criteria=[{"label": "x", "max_points": "-1"}])
        assert set(ctx.exception.message_dict) == {"name", "criteria"}
        with self.assertRaises(ValidationError) as ctx:
            self.make_sheet(pass_mark="100.5")
        assert ctx.exception.message_dict == {"pass_mark": ["合格分应在 0 至 100 之间"]}
        with self.assertRaises(ValidationError):
            self.make_sheet(criteria=[])
        assert not ScoreSheet.objects.exists()

    def test_only_the_bureau_manages_sheets(self):
        for user in (self.expert, self.enterprise_user, self.county_officer):
            with self.assertRaises(PermissionDenied):
                self.make_sheet(actor=user)
        assert not ScoreSheet.objects.exists()

    def test_a_used_sheet_is_frozen_and_changes_go_into_a_new_version(self):
        sheet = self.make_sheet()
        sheet_update(
            sheet=sheet, name="改名", pass_mark="70", criteria=CRITERIA, actor=self.city_officer
        )
        self.assign(sheet=sheet)
        sheet.refresh_from_db()
        assert sheet.is_frozen
        with self.assertRaises(ValidationError):
            sheet_update(
                sheet=sheet,
                name="再改",
                pass_mark="50",
                criteria=CRITERIA[:1],
                actor=self.city_officer,
            )
        sheet.refresh_from_db()
        assert sheet.name == "改名" and sheet.criteria.count() == 3
        copy = sheet_new_version(sheet=sheet, actor=self.city_officer)
        assert copy.version == 2 and copy.previous == sheet and not copy.is_frozen
        sheet_update(
            sheet=copy, name="新版", pass_mark="20", criteria=CRITERIA[:1], actor=self.city_officer
        )
        assert copy.criteria.count() == 1


class AssignTests(ReviewTestCase):
    def test_it_assigns_notifies_and_audits(self):
        reviews = self.assign()
        assert {r.expert for r in reviews} == {self.expert, self.expert2}
        assert Notification.objects.filter(
            recipient=self.expert, title__startswith="评审任务"
        ).exists()
        event = AuditEvent.objects.get(action="review.assign")
        assert event.changes["extra"]["experts"] == ["张专家", "李专家"]
        assert list(my_review_tasks(self.expert)) == [reviews[0]]

    def test_it_refuses_an_expert_with_a_conflict_and_assigns_nobody(self):
        for conflicted, reason in (
            (self.employed, "赵专家与申报单位存在利益关系"),
            (self.declared, "钱专家与申报单位"),
        ):
            with self.assertRaises(ValidationError) as ctx:
                self.assign(experts=[self.pool, conflicted])
            assert reason in ctx.exception.message_dict["experts"][0]
        assert not Review.objects.exists()
        assert not AuditEvent.objects.filter(action="review.assign").exists()

    def test_the_conflict_is_with_the_reviewed_organization_only(self):
        self.assign(
            experts=[self.employed],
            object=self.other_organization,
            organization=self.other_organization,
        )
        assert Review.objects.get().expert == self.expert3

    def test_it_refuses_experts_without_account_twice_or_a_past_due_date(self):
        with self.assertRaises(ValidationError) as ctx:
            self.assign(experts=[self.no_account])
        assert "尚未开通平台账号" in ctx.exception.message_dict["experts"][0]
        with self.assertRaises(ValidationError):
            self.assign(due=timezone.localdate() - dt.timedelta(days=1))
        self.assign(experts=[self.pool])
        with self.assertRaises(ValidationError) as ctx:
            self.assign(experts=[self.pool])
        assert "已被指派" in ctx.exception.message_dict["experts"][0]

    def test_only_the_bureau_assigns(self):
        with self.assertRaises(PermissionDenied):
            self.assign(actor=self.expert)
        assert not Review.objects.exists()


class SubmitTests(ReviewTestCase):
    def test_the_expert_submits_scores_with_the_total_and_audit(self):
        sheet = self.make_sheet()
        self.assign(sheet=sheet)
        review = self.submit(sheet, points=("25.5", "40", "15"))
        assert review.total == Decimal("80.5")
        assert review.vote_label == "通过"
        assert review.declared_no_conflict and review.submitted_at
        event = AuditEvent.objects.get(action="review.submit")
        assert event.changes["extra"]["total"] == "80.5"
        assert Notification.objects.filter(
            recipient=self.city_officer, title__contains="已提交评审"
        ).exists()

    def test_it_refuses_scores_out_of_range_a_missing_declaration_or_vote(self):
        sheet = self.make_sheet()
        self.assign(sheet=sheet)
        with self.assertRaises(ValidationError) as ctx:
            self.submit(
                sheet,
                points=("31", "-1", "x"),
                vote="maybe",
                opinion=" ",
                declare_no_conflict=False,
            )
        errors = ctx.exception.message_dict
        assert len([k for k in errors if k.startswith("c_")]) == 3
        assert "“必要性”的得分应在 0 至 30.0 之间（最多一位小数）" in errors[next(iter(errors))]
        assert {"vote", "opinion", "declare_no_conflict"} <= set(errors)
        review = Review.objects.get(expert=self.expert)
        assert review.submitted_at is None and review.scores == {}
        assert not AuditEvent.objects.filter(action="review.submit").exists()

    def test_only_the_assigned_expert_submits_once(self):
        sheet = self.make_sheet()
        self.assign(sheet=sheet, experts=[self.pool])
        with self.assertRaises(PermissionDenied):
            self.submit(sheet, expert=self.expert2)
        with self.assertRaises(PermissionDenied):
            self.submit(sheet, actor=self.city_officer)
        self.submit(sheet)
        with self.assertRaises(ValidationError):
            self.submit(sheet, points=("1", "1", "1"))
        assert Review.objects.get().total == Decimal("80")

    def test_the_form_is_built_from_the_sheet(self):
        sheet = self.make_sheet()
        form = ReviewForm(
            {
                **{f"c_{k}": v for k, v in self.scores(sheet, "30", "50", "21").items()},
                "vote": "fail",
                "opinion": "x",
            },
            sheet=sheet,
        )
        assert not form.is_valid()
        assert set(form.errors) == {f"c_{sheet.criteria.last().pk}", "declare_no_conflict"}


class CompareTests(ReviewTestCase):
    def test_the_side_by_side_table_has_means_and_pass_fail(self):
        sheet = self.make_sheet()
        self.assign(sheet=sheet)
        self.submit(sheet, points=("20", "30", "10"))
        [table] = score_tables(self.organization, self.city_officer)
        assert table.pending == 1
        assert table.mean_total == Decimal("60.00") and table.passed is True
        self.submit(sheet, expert=self.expert2, points=("10", "30", "9"))
        [table] = score_tables(self.organization, self.city_officer)
        assert [r.criterion.label for r in table.rows] == ["必要性", "技术内容", "可行性"]
        assert table.rows[0].scores == [Decimal("20"), Decimal("10")]
        assert table.rows[0].mean == Decimal("15.00")
        assert table.mean_total == Decimal("54.50") and table.passed is False
        # An expert sees only their own column.
        [own] = score_tables(self.organization, self.expert)
        assert [r.expert for r in own.reviews] == [self.expert]

    def test_the_bureau_page_shows_experts_as_columns(self):
        sheet = self.make_sheet()
        self.assign(sheet=sheet)
        self.submit(sheet)
        self.login(self.city_officer)
        body = self.client.get(comparison_url(self.organization)).content.decode()
        assert "expert" in body and "expert2" in body and "80" in body and "未提交" in body
        for user in (self.expert, self.enterprise_user, self.county_officer):
            self.login(user)
            assert self.client.get(comparison_url(self.organization)).status_code == 403


class PageTests(ReviewTestCase):
    def test_the_expert_sees_tasks_and_submits_the_form(self):
        sheet = self.make_sheet()
        [review, _] = self.assign(sheet=sheet)
        self.login(self.expert)
        tasks = self.client.get("/reviews/tasks/").content.decode()
        assert "待评审" in tasks and review.due.strftime("%Y-%m-%d") in tasks
        data = {f"c_{k}": v for k, v in self.scores(sheet, "25", "45", "18").items()}
        response = self.client.post(
            f"/reviews/{review.pk}/",
            {**data, "vote": "pass_with_changes", "opinion": "修改后通过。"},
        )
        assert response.status_code == 200
        assert "请勾选无利益冲突声明" in response.content.decode()
        review.refresh_from_db()
        assert review.submitted_at is None
        response = self.client.post(
            f"/reviews/{review.pk}/",
            {
                **data,
                "vote": "pass_with_changes",
                "opinion": "修改后通过。",
                "declare_no_conflict": "on",
            },
        )
        self.assertRedirects(response, "/reviews/tasks/")
        review.refresh_from_db()
        assert review.total == Decimal("88")

    def test_another_expert_cannot_open_a_review(self):
        [review, _] = self.assign()
        for user in (self.expert2, self.enterprise_user):
            self.login(user)
            assert self.client.get(f"/reviews/{review.pk}/").status_code == 404
        self.client.logout()
        assert self.client.get(f"/reviews/{review.pk}/").status_code == 302

    def test_the_bureau_assigns_on_the_page_and_a_conflict_is_refused(self):
        sheet = self.make_sheet()
        self.login(self.city_officer)
        url = f"/reviews/assign/{comparison_url(self.organization).split('/')[3]}/{self.organization.pk}/"
        page = self.client.get(url).content.decode()
        assert "赵专家" in page and "须回避" in page
        due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
        response = self.client.post(
            url, {"sheet": sheet.pk, "experts": [self.pool.pk, self.employed.pk], "due": due}
        )
        assert response.status_code == 200
        assert "须回避，不能指派" in response.content.decode()
        assert not Review.objects.exists()
        response = self.client.post(url, {"sheet": sheet.pk, "experts": [self.pool.pk], "due": due})
        self.assertRedirects(response, comparison_url(self.organization))
        assert Review.objects.get().expert == self.expert

    def test_the_bureau_edits_sheets_on_the_page(self):
        self.login(self.city_officer)
        data = {
            "name": "试点验收评分表",
            "program": "pilot",
            "pass_mark": "80",
            "criteria-TOTAL_FORMS": "3",
            "criteria-INITIAL_FORMS": "0",
            "criteria-0-label": "组织管理",
            "criteria-0-max_points": "40",
            "criteria-1-label": "标准体系",
            "criteria-1-max_points": "60",
        }
        response = self.client.post("/reviews/sheets/new/", data)
        sheet = ScoreSheet.objects.get()
        self.assertRedirects(response, f"/reviews/sheets/{sheet.pk}/")
        assert sheet.max_total == Decimal("100")
        assert "试点验收评分表" in self.client.get("/reviews/sheets/").content.decode()
        for user in (self.expert, self.enterprise_user):
            self.login(user)
            assert self.client.get("/reviews/sheets/").status_code == 403
            assert self.client.post("/reviews/sheets/new/", data).status_code == 403
        assert ScoreSheet.objects.count() == 1


class ApiTests(ReviewTestCase):
    def test_an_expert_lists_only_their_own_reviews(self):
        sheet = self.make_sheet()
        [mine, theirs] = self.assign(sheet=sheet)
        self.submit(sheet)
        self.login(self.expert)
        data = self.client.get("/api/v1/reviews/").json()
        assert [r["id"] for r in data["results"]] == [mine.pk]
        assert data["results"][0]["total"] == "80.0"
        assert self.client.get("/api/v1/reviews/?pending=1").json()["count"] == 0
        assert self.client.get(f"/api/v1/reviews/{theirs.pk}/").status_code == 404
        self.login(self.city_officer)
        assert self.client.get("/api/v1/reviews/").json()["count"] == 2
        self.client.logout()
        assert self.client.get("/api/v1/reviews/").status_code == 403


class ReviewPagePostTests(ReviewTestCase):
    def test_the_bureau_cannot_submit_for_an_expert_and_a_second_post_changes_nothing(self):
        sheet = self.make_sheet()
        [review, _] = self.assign(sheet=sheet)
        self.login(self.city_officer)
        assert self.client.post(f"/reviews/{review.pk}/", {"vote": "pass"}).status_code == 403
        self.submit(sheet)
        self.login(self.expert)
        response = self.client.post(f"/reviews/{review.pk}/", {"vote": "fail"}, follow=True)
        assert "不能重复提交" in response.content.decode()
        review.refresh_from_db()
        assert review.vote == "pass"


class MenuTests(ReviewTestCase):
    def test_the_expert_reaches_tasks_from_the_workspace_and_the_bureau_its_pages_from_the_menu(
        self,
    ):
        self.login(self.expert)
        assert "/reviews/tasks/" in self.client.get("/workspace/").content.decode()
        assert "/reviews/sheets/" not in self.client.get("/workspace/").content.decode()
        self.login(self.city_officer)
        body = self.client.get("/").content.decode()
        assert "/reviews/sheets/" in body and "/publicity/objections/" in body
        self.login(self.enterprise_user)
        body = self.client.get("/workspace/").content.decode()
        assert "/reviews/sheets/" not in body and "/reviews/tasks/" not in body


class EngineSeamTests(ReviewTestCase):
    def test_assignment_and_submission_go_through_the_one_seam(self):
        from unittest import mock

        sheet = self.make_sheet()
        with mock.patch("reviews.engine.assigned") as assigned:
            reviews = self.assign(sheet=sheet)
        assigned.assert_called_once_with(
            object=self.organization, reviews=reviews, actor=self.city_officer
        )
        with mock.patch("reviews.engine.submitted") as submitted:
            review = self.submit(sheet)
        submitted.assert_called_once_with(review=review, actor=self.expert)
