"""Pages by role: the public tracker and lists, applying, the review page with 查新, the
technical review vote, feedback and suggestions."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from catalog.models import Standard
from catalog.services import standard_save
from core.models import AuditEvent
from drafting import steps
from drafting.fulltext import pdf_upload
from drafting.models import DraftingUnit, LocalStandardProject, Suggestion
from drafting.tests.helpers import TODAY, ProjectCast
from testing.personas import PersonaTestCase


class PublicPagesTests(ProjectCast, PersonaTestCase):
    def test_it_shows_the_public_pages_to_anyone(self):
        for name in ("index", "project_list", "published", "open_for_comment"):
            with self.subTest(name):
                self.assertEqual(self.client.get(reverse(f"drafting:{name}")).status_code, 200)

    def test_the_tracker_lists_a_planned_project_with_its_stage_and_history(self):
        project = self.apply()
        steps.walk(project, self.cast, TODAY, until="drafting")
        page = self.client.get(reverse("drafting:project_list"), {"q": "公务用车"})
        self.assertContains(page, "公务用车平台建设与管理规范")
        self.assertContains(page, "起草")
        detail = self.client.get(project.get_absolute_url())
        self.assertContains(detail, "下达计划")
        self.assertContains(detail, "2026-001")
        self.assertNotContains(detail, "立项目的和必要性")  # internals stay internal

    def test_a_project_before_its_plan_is_not_public(self):
        project = self.apply()
        self.assertEqual(self.client.get(project.get_absolute_url()).status_code, 404)
        self.login(self.other_enterprise_user)
        self.assertEqual(self.client.get(project.get_absolute_url()).status_code, 404)
        self.login(self.enterprise_user)  # the lead drafting unit
        self.assertContains(self.client.get(project.get_absolute_url()), "立项目的和必要性")


class ApplyPageTests(ProjectCast, PersonaTestCase):
    def form(self, **extra):
        return {
            "title": "城市河道保洁服务规范",
            "kind": "new",
            "sponsor_department": "济宁市城市管理局",
            "scope": "城市河道保洁",
            "reason": "规范河道保洁",
            "main_content": "保洁要求",
            "relation": "",
            "period_months": "12",
            "funding": "50000.00",
            "units": f"{self.organization.name}｜张工｜0537-1234567\n济宁市环卫中心",
            "application": pdf_upload("立项申请书.pdf"),
            **extra,
        }

    def test_a_sector_department_applies_and_the_application_is_submitted(self):
        self.login(self.sector_officer)
        with steps.on(TODAY):
            response = self.client.post(reverse("drafting:apply"), {**self.form(), "submit": "1"})
        project = LocalStandardProject.objects.get(title="城市河道保洁服务规范")
        self.assertRedirects(response, project.get_absolute_url(), fetch_redirect_response=False)
        self.assertEqual(project.state, "submitted")
        self.assertEqual(project.organization, self.organization)
        self.assertEqual(
            [u.name for u in project.units.all()], [self.organization.name, "济宁市环卫中心"]
        )

    def test_an_expert_may_not_apply(self):
        self.login(self.expert)
        self.assertEqual(self.client.get(reverse("drafting:apply")).status_code, 403)

    def test_outside_the_call_window_a_new_standard_stays_a_draft_with_the_reason(self):
        self.login(self.sector_officer)
        with steps.on(dt.date(2026, 5, 1)):
            response = self.client.post(reverse("drafting:apply"), {**self.form(), "submit": "1"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "没有正在进行的征集")
        self.assertFalse(LocalStandardProject.objects.exists())


class ReviewPageTests(ProjectCast, PersonaTestCase):
    def test_the_duplicate_search_puts_the_near_identical_standard_first(self):
        for code, title in (
            ("DB3708/T 001-2020", "公务用车平台建设与管理规范"),
            ("GB/T 19001-2016", "质量管理体系 要求"),
            ("DB37/T 1234-2019", "公共机构节能管理规范"),
        ):
            standard_save(standard=Standard(code=code, title=title, status="current"), actor=None)
        project = self.apply(title="公务用车平台建设与管理规范（修订）")
        with steps.on(TODAY):
            steps.forward(project, self.cast, TODAY)
        self.login(self.city_officer)
        page = self.client.get(reverse("drafting:project_review", args=[project.pk]))
        similar = page.context["similar_standards"]
        self.assertEqual(similar[0].code, "DB3708/T 001-2020")
        self.assertIn("公务用车", "".join(similar[0].matched))
        self.client.post(reverse("drafting:duplicate_check", args=[project.pk]))
        project.refresh_from_db()
        self.assertIsNotNone(project.duplicate_checked_at)
        self.assertTrue(
            AuditEvent.objects.filter(
                action="local_standard.duplicate_check", object_id=str(project.pk)
            ).exists()
        )

    def test_only_the_city_bureau_opens_the_review_page(self):
        project = self.apply()
        self.login(self.county_officer)
        self.assertEqual(
            self.client.get(reverse("drafting:project_review", args=[project.pk])).status_code, 403
        )


class TechVotePageTests(ProjectCast, PersonaTestCase):
    def test_an_expert_votes_through_the_page(self):
        project = self.apply()
        steps.walk(project, self.cast, TODAY, until="tech_review")
        with steps.on(dt.date(2026, 11, 2)):
            from drafting import services

            services.tech_panel_open(
                project=project,
                experts=self.experts,
                rule="majority",
                due=None,
                actor=self.city_officer,
            )
        self.login(self.expert2)
        url = reverse("drafting:tech_vote", args=[project.pk])
        self.assertContains(self.client.get(url), "技术审查表决")
        response = self.client.post(url, {"outcome": "approve", "opinion": "同意"})
        self.assertEqual(response.status_code, 302)
        self.login(self.other_enterprise_user)
        self.assertEqual(self.client.get(url).status_code, 403)


class SuggestionAndFeedbackTests(ProjectCast, PersonaTestCase):
    def test_a_citizen_suggests_and_the_bureau_answers(self):
        self.login(self.citizen)
        self.client.post(
            reverse("drafting:suggestion_new"),
            {
                "title": "城市公共厕所保洁服务规范",
                "reason": "公厕保洁标准不一",
                "contact": "13800000000",
            },
        )
        suggestion = Suggestion.objects.get()
        self.login(self.city_officer)
        self.client.post(
            reverse("drafting:suggestion_answer", args=[suggestion.pk]),
            {"adopted": "1", "answer": "已转市城市管理局申报"},
        )
        suggestion.refresh_from_db()
        self.assertEqual(suggestion.state, "adopted")
        self.login(self.other_enterprise_user)
        self.assertNotContains(
            self.client.get(reverse("drafting:suggestion_list")), "公厕保洁标准不一"
        )

    def test_anyone_sends_feedback_on_a_published_standard(self):
        project = self.apply()
        steps.walk(project, self.cast, TODAY, until="published")
        # The form's fields are rendered once per process (drafting.views.blank_feedback_fields).
        for _ in range(2):
            page = self.client.get(project.get_absolute_url()).content.decode()
            assert reverse("drafting:feedback", args=[project.pk]) in page
            for field in ("name", "organization", "contact", "content", "website"):
                assert f'name="{field}"' in page, field
        response = self.client.post(
            reverse("drafting:feedback", args=[project.pk]),
            {"name": "李四", "contact": "13900000000", "content": "第5.1.2条检查频次难以落实"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(project.feedback.count(), 1)
        detail = self.client.get(project.standard.get_absolute_url())
        self.assertContains(detail, "制定过程")


class WorkspacePagesTests(ProjectCast, PersonaTestCase):
    def test_my_projects_show_what_each_waits_for(self):
        project = self.apply()
        self.login(self.enterprise_user)
        page = self.client.get(reverse("drafting:my_projects"))
        self.assertContains(page, project.title)
        self.assertContains(page, "立项申请初审")
        self.login(self.other_enterprise_user)
        self.assertNotContains(self.client.get(reverse("drafting:my_projects")), project.title)

    def test_the_bureau_desk_lists_each_stage_with_counts_and_overdue_first(self):
        late = self.apply()
        steps.walk(late, self.cast, TODAY, until="drafting")
        self.apply(title="城市河道保洁服务规范")
        self.login(self.city_officer)
        page = self.client.get(reverse("drafting:bureau"))
        self.assertContains(page, "已逾期")
        self.assertContains(page, "初审")
        self.assertEqual([q.key for q in page.context["queues"]], ["submitted", "drafting"])
        self.login(self.county_officer)
        self.assertEqual(self.client.get(reverse("drafting:bureau")).status_code, 403)

    def test_the_officers_queue_line_reads_the_projects_title_and_nothing_else(self):
        project = self.apply()
        self.login(self.city_officer)
        with CaptureQueriesContext(connection) as queries:
            page = self.client.get(reverse("workspace:home"))
        self.assertContains(page, f'<a href="{project.get_absolute_url()}">《{project.title}》</a>')
        table = LocalStandardProject._meta.db_table
        (line_query,) = [
            q["sql"]
            for q in queries
            if q["sql"].startswith("SELECT") and f'FROM "{table}"' in q["sql"]
        ]
        # Its id and title: not its drafter, texts or dates, and no join to read them.
        assert "JOIN" not in line_query
        assert line_query.split(" FROM ")[0].count(",") == 1

    def test_a_panel_expert_without_a_review_sees_the_project_to_vote(self):
        project = self.apply()
        steps.walk(project, self.cast, TODAY, until="tech_review")
        outsider = self.make_user("expert3", Role.EXPERT)
        from directory.models import Expert
        from drafting import services

        with steps.on(dt.date(2026, 11, 2)):
            services.tech_panel_open(
                project=project,
                experts=[Expert.objects.create(name="周专家", user=outsider)],
                rule="majority",
                due=None,
                actor=self.city_officer,
            )
        self.login(outsider)
        self.assertContains(
            self.client.get(reverse("drafting:tech_vote", args=[project.pk])), "提交表决"
        )


class RevisionApplyPageTests(ProjectCast, PersonaTestCase):
    form = ApplyPageTests.form

    def test_a_revision_names_the_standard_it_revises(self):
        standard_save(
            standard=Standard(code="DB3708/T 001-2020", title="旧标准", status="current"),
            actor=None,
        )
        self.login(self.sector_officer)
        with steps.on(dt.date(2026, 5, 1)):  # outside the call: revisions any time
            self.client.post(
                reverse("drafting:apply"),
                {**self.form(kind="revise", revises_code="DB3708/T 001—2020"), "submit": "1"},
            )
        project = LocalStandardProject.objects.get()
        self.assertEqual((project.state, project.revises.code), ("submitted", "DB3708/T 001-2020"))


class FullTextTests(ProjectCast, PersonaTestCase):
    def test_anyone_downloads_the_published_full_text_free(self):
        project = self.apply()
        steps.walk(project, self.cast, TODAY, until="published")
        page = self.client.get(reverse("drafting:published"))
        url = reverse("catalog:full_text", args=[project.standard.code_key])
        self.assertContains(page, url)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)


class QueryCountTests(ProjectCast, PersonaTestCase):
    def count(self, url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)

    def test_the_tracker_and_the_api_list_do_not_grow_with_the_projects(self):
        first = self.apply()
        steps.walk(first, self.cast, TODAY, until="drafting")
        one = (
            self.count("/local-standards/projects/"),
            self.count("/api/v1/local-standards/projects/"),
        )
        for title in ("城市河道保洁服务规范", "公共机构绿色运营指南"):
            project = self.apply(title=title)
            LocalStandardProject.objects.filter(pk=project.pk).update(
                plan_number=f"2026-9{project.pk:02d}", state="drafting"
            )
        three = (
            self.count("/local-standards/projects/"),
            self.count("/api/v1/local-standards/projects/"),
        )
        self.assertEqual(one, three)


# Session, user with their roles, membership; the project (one query for who may see it, one for its
# internals, which also answers for its documents); units, history, the workflow panel,
# documents, drafts, votes; menus.
QUERIES_PROJECT_PAGE_FOR_DRAFTER = 18
# The project, its units, history, consultation, publicity notice and revisions.
QUERIES_PROJECT_PAGE_FOR_STRANGER = 6


class ProjectPageQueryTests(ProjectCast, PersonaTestCase):
    def test_the_drafters_project_page_reads_a_fixed_number_of_queries(self):
        project = self.apply()
        url = project.get_absolute_url()
        self.login(self.enterprise_user)
        self.client.get(url)  # warm caches (session, roles)
        with self.assertNumQueries(QUERIES_PROJECT_PAGE_FOR_DRAFTER) as first:
            response = self.client.get(url)
        assert response.context["internal"]
        for n in range(2):  # more projects of the drafter's organization, units and work items
            self.apply(title=f"城市道路保洁服务规范（{n}）")
        with self.assertNumQueries(len(first.captured_queries)):
            response = self.client.get(url)
        assert response.context["internal"]

    def test_a_strangers_project_page_reads_the_same_queries_with_more_units(self):
        project = self.apply()
        LocalStandardProject.objects.filter(pk=project.pk).update(plan_number="2026-901")
        url = project.get_absolute_url()
        with self.assertNumQueries(QUERIES_PROJECT_PAGE_FOR_STRANGER) as first:
            response = self.client.get(url)
        assert response.status_code == 200 and not response.context["internal"]
        for position, name in ((4, "第四起草单位"), (3, "第三起草单位")):
            DraftingUnit.objects.create(project=project, position=position, name=name)
        with self.assertNumQueries(len(first.captured_queries)):
            response = self.client.get(url)
        body = response.content.decode()
        # In their printed order, whatever the order they were added in.
        names = [self.organization.name, "济宁市标准化研究院", "第三起草单位", "第四起草单位"]
        assert [body.index(name) for name in names] == sorted(body.index(name) for name in names)
