"""Every non-public page and API endpoint of people & organizations, for five kinds of caller:
anonymous, no role, another organization, another county, and the allowed user.

A record outside the caller's scope is a 404 that reveals nothing (not a 403 that confirms it exists).

`test_every_url_is_public_or_in_the_matrix` walks the URL configuration: a new URL fails the suite
until it gets a row here or is declared in PUBLIC (with the reason it needs no login or scope).
"""

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from calls.services import call_create
from catalog.models import Standard
from catalog.tests.factories import make_standard
from core.models import AuditEvent, ExportJob
from core.workflow import transition
from directory.models import Expert
from directory.services import specialist_declare
from follows.services import follow_create, object_follow_create, saved_search_create
from notices.services import article_create
from notifications.services import notify
from provincial.services import Unit, project_create, stage_update_submit
from reviews.selectors import comparison_url
from reviews.services import review_assign, sheet_create
from showcase.services import image_add
from showcase.services import item_create as showcase_item_create
from showcase.tests.helpers import png_bytes
from testing.personas import PersonaTestCase
from topics.services import node_create, topic_create

LOGIN = "login"  # anonymous on a page: redirect to the login page
CALLERS = ("anonymous", "citizen", "other_org", "other_county", "allowed")

# URL names that anyone may open: public pages and endpoints (their querysets still scope what a
# caller sees, tested with their apps), and the steps of logging in, registering and resetting.
PUBLIC = {
    "portal:home", "portal:accessibility", "portal:favicon", "portal:privacy",
    "catalog:standard_list", "catalog:standard_export", "catalog:standard_detail",
    "catalog:validity_check",
    "directory:organization_list", "directory:specialist_list", "directory:committee_list",
    "directory:committee_detail",
    "login", "logout", "password_reset", "password_reset_done", "password_reset_confirm",
    "password_reset_complete",
    "accounts:register", "accounts:register_enterprise", "accounts:register_individual",
    "accounts:register_done", "accounts:confirm", "accounts:resend_confirmation",
    "directory:register_enterprise",
    "api-root", "schema", "api-docs", "validity-check", "standard-list", "standard-detail",
    "organization-list", "specialist-list", "committee-list", "committee-detail",
    "calls:call_list", "calls:call_detail", "call-list", "call-detail",
    # 通知公告/政策法规/工作动态: published articles are public (drafts and scheduled ones 404
    # for everyone but the bureau, notices/tests); the feed and the API show only public ones.
    "notices:list", "notices:policy_list", "notices:news_list", "notices:feed", "notices:detail",
    "article-list", "article-detail",
    # 公示 is public; anyone may object during the period (rate-limited, publicity/tests).
    "publicity:notice_list", "publicity:notice_detail", "notice-list", "notice-detail",
    "notice-objections",
    "programs:home", "programs:policy_list", "programs:policy_detail", "programs:forerunner_list",
    "programs:pilot_list", "programs:pilot_showcase", "subsidy-policy-list",
    "subsidy-policy-detail", "forerunner-list", "forerunner-detail", "pilot-list",
    "programs:award_notices", "programs:plan_list", "programs:plan_detail",
    # 征求意见 is public by design (anyone comments); what each reader sees of the comments is
    # tested in consultation/tests; the invitation link is signed.
    "consultation:list", "consultation:detail", "consultation:draft", "consultation:invitation",
    "consultation:receipt",
    "consultation-list", "consultation-detail", "consultation-comments",
    # 地方标准: the tracker, drafts open for comment and published standards are public; a
    # project page or API record is public once its plan is issued (404 before, drafting/tests);
    # anyone may send implementation feedback (rate-limited); comments and the 汇总处理表 follow
    # consultation's rules (public once published, drafting/tests/test_api.py).
    "drafting:index", "drafting:project_list", "drafting:project_detail", "drafting:published",
    "drafting:open_for_comment", "drafting:feedback",
    "local-standard-project-list", "local-standard-project-detail",
    "local-standard-project-comments", "local-standard-project-comment-table-xlsx",
    "local-standard-project-comment-table-docx", "local-standard-table-xlsx",
    "local-standard-table-docx",
    # The register of provincial standards is public (contacts and documents only for the units
    # and the bureau, provincial/tests); a free full text is served by rule, else 404 (catalog/tests).
    "provincial:project_list", "provincial:project_detail", "provincial-project-list",
    "provincial-project-detail", "catalog:full_text",
    # 成果展示: achievements are public by definition (each read in its public state; a curated
    # item, its images and its links 404 or are left out until published, showcase/tests).
    "showcase:list", "showcase:detail", "showcase:image", "showcase-list",
    # 统计分析: the public snapshot (public figures only, insight/tests); the dashboard is below.
    "insight:public", "insight:public_export", "statistics-public",
    # 重点专题: published topics are public; an unpublished one 404s for all but the bureau
    # (topics/tests); search and export are bounded (capped ids, background export when large).
    "topics:list", "topics:detail", "topics:search", "topics:export", "topics:node",
    "topic-list", "topic-detail",
    # 开放数据: public by design; files are served only by the names in the current manifest.
    "opendata:index", "opendata:manifest", "opendata:dictionary", "opendata:dictionary_json",
    "opendata:file",
}  # fmt: skip
# Django's admin guards itself (staff only; its own permissions per model).
SELF_GUARDED_NAMESPACES = ("admin",)


def url_names(resolver=None, namespace="", route=""):
    """The name of every URL pattern of the project with its namespace (the route when unnamed)."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_names(entry, inner, route + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name or route + str(entry.pattern)}"


class PermissionMatrixTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        transition(obj=cls.organization, action="submit", actor=cls.enterprise_user)
        cls.specialist = specialist_declare(
            organization=cls.organization, actor=cls.enterprise_user, name="刘专员"
        )
        cls.notification = notify(
            recipients=[cls.enterprise_user], kind="workflow", title="测试通知"
        )[0]
        cls.expert_entry = Expert.objects.create(name="孙专家")
        make_standard("GB/T 19001-2016", "质量管理体系 要求")
        make_standard("GB/T 24001-2016", "环境管理体系 要求及使用指南")
        cls.call = call_create(
            program="local_standard",
            year=2026,
            title="地方标准立项征集",
            opens_at=timezone.now(),
            closes_at=timezone.now() + dt.timedelta(days=30),
            actor=cls.city_officer,
        )
        cls.article = article_create(category="notice", title="通知", actor=cls.city_officer)
        cls.topic = topic_create(
            actor=cls.city_officer,
            values={"slug": "matrix", "name": "专题", "kind": "other", "is_published": True},
        )
        cls.topic_node = node_create(
            topic=cls.topic, actor=cls.city_officer, values={"code": "1", "name": "基础通用"}
        )
        cls.object_follow, _ = object_follow_create(
            user=cls.enterprise_user, target=f"topics.topic:{cls.topic.pk}"
        )
        cls.showcase_item = showcase_item_create(
            category="brand", title="品牌", year=2025, actor=cls.city_officer
        )
        cls.showcase_image = image_add(
            item=cls.showcase_item,
            upload=ContentFile(png_bytes(), name="logo.png"),
            alt="标识",
            actor=cls.city_officer,
        )
        cls.sheet = sheet_create(
            name="立项评分表",
            program="local_standard",
            pass_mark="6",
            criteria=[{"label": "必要性", "max_points": "10"}],
            actor=cls.city_officer,
        )
        [cls.review] = review_assign(
            object=cls.organization,
            experts=[Expert.objects.create(name="周专家", user=cls.expert)],
            sheet=cls.sheet,
            due=None,
            actor=cls.city_officer,
        )
        cls.compare_url = comparison_url(cls.organization)
        cls.provincial = project_create(
            title="工业园区循环化改造评价规范", plan_number="2026-SD-0101", year=2026,
            units=[Unit(organization=cls.organization)], actor=cls.city_officer,
        )  # fmt: skip
        cls.stage_update = stage_update_submit(
            project=cls.provincial, stage="drafting", date=dt.date(2026, 3, 2),
            actor=cls.enterprise_user,
        )  # fmt: skip
        cls.follow, _ = follow_create(user=cls.enterprise_user, code="GB/T 19001-2016")
        cls.saved_search = saved_search_create(
            user=cls.enterprise_user, name="质量管理", params={"q": "质量"}
        )

    def caller(self, key, allowed):
        return {
            "anonymous": None,
            "citizen": self.citizen,
            "other_org": self.other_enterprise_user,
            "other_county": self.other_county_officer,
            "allowed": allowed,
        }[key]

    def check(self, method, url, expected, allowed, data=None, api=False):
        """`expected`: one status per caller in CALLERS order (LOGIN for a login redirect)."""
        for key, want in zip(CALLERS, expected, strict=True):
            user = self.caller(key, allowed)
            with self.subTest(url=url, caller=key), transaction.atomic():
                self.client.logout()
                if user is not None:
                    self.login(user)
                send = getattr(self.client, method)
                response = (
                    send(url, data or {}, content_type="application/json")
                    if api and method == "post"
                    else send(url, data or {})
                )
                if want == LOGIN:
                    assert response.status_code == 302, response.status_code
                    assert response["Location"].startswith(reverse("login"))
                else:
                    assert response.status_code == want, (key, response.status_code)
                if response.status_code == 404:
                    assert "营业执照" not in response.content.decode()
                transaction.set_rollback(True)  # every caller starts from the same state

    def programs_records(self):
        """A subsidy application and a pilot project (not public yet) of `organization`."""
        import datetime as dt

        from programs.models import PilotProject, SubsidyApplication, SubsidyPolicy

        if hasattr(self, "_programs"):
            return self._programs
        policy = SubsidyPolicy.objects.create(
            year=2025, title="资助", budget=1, window_start=dt.date(2024, 1, 1),
            window_end=dt.date(2024, 12, 31),
        )  # fmt: skip
        application = SubsidyApplication.objects.create(
            policy=policy, organization=self.organization, state="approved"
        )
        pilot = PilotProject.objects.create(
            title="试点", level="municipal", domain="industry", organization=self.organization,
            county=self.county, objectives="目标", period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2026, 1, 1), state="applied",
        )  # fmt: skip
        from programs.models import PilotProgressReport

        self.pilot_report = PilotProgressReport.objects.create(
            pilot=pilot, period="一季度", progress="进展"
        )
        from programs.models import PlanField, PlanItem

        self.plan_item = PlanItem.objects.create(
            field=PlanField.objects.first(), title="建设项目", responsible=self.organization,
            targets="目标", due_date=dt.date(2026, 12, 31), state="in_progress",
        )  # fmt: skip
        self._programs = policy.pk, application.pk, pilot.pk
        return self._programs

    def program_page_rows(self):
        policy, app, pilot = self.programs_records()
        county, city, ent = self.county_officer, self.city_officer, self.enterprise_user
        bureau = (LOGIN, 403, 403, 403, 200)
        pay = {"paid_on": "2025-10-01", "amount": "1.00", "reference": "R"}
        return [
            ("get", "/subsidies/policies/new/", bureau, city),
            ("get", f"/subsidies/policies/{policy}/edit/", bureau, city),
            ("get", f"/subsidies/policies/{policy}/allocation/", bureau, city),
            ("get", f"/subsidies/policies/{policy}/notice/", bureau, city),
            ("get", "/subsidies/report/", bureau, city),
            ("get", "/forerunners/new/", bureau, city),
            ("get", "/forerunners/import/", bureau, city),
            ("get", "/upgrades/new/", bureau, city),
            ("get", "/subsidies/applications/", (LOGIN, 200, 200, 200, 200), ent),
            # The organizations here are not verified yet: the form sends them to verify.
            ("get", "/subsidies/applications/new/", (LOGIN, 403, 302, 403, 302), ent),
            ("get", f"/subsidies/applications/{app}/", (LOGIN, 404, 404, 404, 200), ent),
            ("get", f"/subsidies/applications/{app}/", (LOGIN, 404, 404, 404, 200), county),
            ("post", f"/subsidies/applications/{app}/payments/", (LOGIN, 404, 404, 404, 302),
             city, pay),
            ("post", f"/subsidies/applications/{app}/score/", (LOGIN, 404, 404, 404, 302), city,
             {"score": "80"}),
            ("post", f"/subsidies/applications/{app}/transition/", (LOGIN, 404, 404, 404, 302),
             city, {"action": "pay"}),
            ("get", "/pilots/new/", (LOGIN, 403, 200, 403, 200), ent),
            ("get", f"/pilots/{pilot}/", (404, 404, 404, 404, 200), ent),
            ("get", f"/pilots/{pilot}/", (404, 404, 404, 404, 200), county),
            ("post", f"/pilots/{pilot}/achievements/", (LOGIN, 404, 404, 404, 302), ent,
             {"achievements": "成效"}),
            ("post", f"/pilots/{pilot}/documents/", (LOGIN, 404, 404, 404, 302), ent),
            ("get", "/reform/new/", bureau, city),
            ("post", f"/reform/{self.plan_item.pk}/transition/", (LOGIN, 404, 404, 404, 302), ent,
             {"action": "report"}),
            ("post", f"/pilots/{pilot}/transition/", (LOGIN, 404, 404, 404, 302), county,
             {"action": "recommend"}),
            ("post", f"/pilots/{pilot}/extend/", (LOGIN, 404, 404, 404, 302), county,
             {"days": "5", "reason": "理由"}),
            ("post", f"/pilots/{pilot}/reports/", (LOGIN, 404, 404, 404, 302), ent,
             {"period": "一季度", "progress": "进展"}),
            ("post", f"/pilots/{pilot}/reports/{self.pilot_report.pk}/read/",
             (LOGIN, 404, 404, 404, 302), city),
        ]  # fmt: skip

    def consultation(self):
        """A draft series and an open consultation on the organization (managed by the bureau)."""
        if not hasattr(self, "_consultation"):
            from consultation.tests.helpers import ConsultationMixin

            helper = ConsultationMixin()
            helper.organization, helper.city_officer = self.organization, self.city_officer
            self._consultation = helper.make_consultation()
        return self._consultation

    def local_standard(self):
        """A submitted local standard project (not public yet) led by `organization`."""
        if not hasattr(self, "_local_standard"):
            from drafting.fulltext import pdf_upload
            from drafting.services import project_apply

            self._local_standard = project_apply(
                actor=self.sector_officer, call=self.call, title="城市河道保洁服务规范",
                scope="范围", reason="理由", main_content="内容", sponsor_department="市城市管理局",
                units=[{"name": self.organization.name}],
                attachments=[(pdf_upload("申请书.pdf"), "application")], submit=True,
            )  # fmt: skip
        return self._local_standard

    def local_standard_page_rows(self):
        p = self.local_standard().pk
        county, city, ent = self.county_officer, self.city_officer, self.enterprise_user
        bureau, everyone = (LOGIN, 403, 403, 403, 200), (LOGIN, 200, 200, 200, 200)
        internal = (LOGIN, 404, 404, 404, 302)
        base = f"/local-standards/projects/{p}"
        return [
            ("get", "/local-standards/apply/", (LOGIN, 403, 200, 403, 200), self.sector_officer),
            ("get", "/local-standards/mine/", everyone, ent),
            ("get", "/local-standards/manage/", bureau, city),
            ("get", "/local-standards/suggestions/", everyone, ent),
            ("get", "/local-standards/suggestions/new/", everyone, ent),
            ("post", "/local-standards/suggestions/999999/answer/", (LOGIN, 403, 403, 403, 404), city),
            ("get", f"{base}/review/", bureau, city),
            ("post", f"{base}/duplicate-check/", (LOGIN, 403, 403, 403, 302), city),
            ("get", f"{base}/tech-panel/", bureau, city),
            ("post", f"{base}/action/", internal, county),
            ("post", f"{base}/extend/", internal, city),
            ("post", f"{base}/drafts/", internal, ent),
            ("post", f"{base}/materials/", internal, ent),
            ("get", f"{base}/vote/", internal, ent),
        ]  # fmt: skip

    def profile_page_rows(self):
        """标准化档案 (profiles): the organization is not verified here, so not public."""
        from catalog.models import StandardDraftingOrganization

        org, city, ent = self.organization.pk, self.city_officer, self.enterprise_user
        unit, _ = StandardDraftingOrganization.objects.get_or_create(
            standard=Standard.objects.get(code="GB/T 19001-2016"), position=1,
            defaults={"name": self.organization.name},
        )  # fmt: skip
        return [
            ("get", f"/organizations/{org}/profile/", (404, 404, 404, 404, 200), ent),
            ("get", f"/organizations/{org}/profile/", (404, 404, 404, 404, 200), self.county_officer),
            ("get", f"/organizations/{org}/profile/standards/", (404, 404, 404, 404, 200), ent),
            ("post", f"/organizations/{org}/profile/refresh/", (LOGIN, 404, 404, 404, 302), city),
            ("get", f"/organizations/{org}/clusters/", (LOGIN, 404, 404, 404, 200), ent),
            ("get", "/profiles/mine/", (LOGIN, 302, 302, 302, 302), ent),
            # A county officer ranks their own county (the other county's officer too).
            ("get", "/profiles/ranking/", (LOGIN, 403, 403, 200, 200), self.county_officer),
            ("get", "/profiles/model/", (LOGIN, 403, 403, 403, 200), city),
            ("get", f"/profiles/drafting-units/{unit.pk}/", (LOGIN, 403, 403, 403, 200), city),
        ]  # fmt: skip

    def page_rows(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from documents.services import document_attach

        self.document = document_attach(
            obj=self.organization,
            upload=SimpleUploadedFile("营业执照.pdf", b"%PDF-1.4\n%%EOF\n"),
            kind="business_license",
            actor=self.enterprise_user,
        )
        self.export_job = ExportJob.objects.create(
            requested_by=self.enterprise_user,
            kind="standards",
            label="标准目录导出",
            state=ExportJob.State.DONE,
            file_name="standards.xlsx",
            expires_at=timezone.now() + dt.timedelta(hours=1),
        )
        self.export_job.file.save("standards.xlsx", ContentFile(b"PK"))
        org, sp = self.organization.pk, self.specialist.pk
        fol, ss = self.follow.pk, self.saved_search.pk
        job = self.export_job.pk
        std = Standard.objects.get(code="GB/T 19001-2016").pk
        prov, upd = self.provincial.pk, self.stage_update.pk
        item, image = self.showcase_item.pk, self.showcase_image.pk
        node = self.topic_node.pk
        county, city, ent = self.county_officer, self.city_officer, self.enterprise_user
        rows = [
            ("get", f"/organizations/{org}/", (404, 404, 404, 404, 200), ent),
            ("get", f"/organizations/{org}/", (404, 404, 404, 404, 200), county),
            ("post", f"/organizations/{org}/transition/", (LOGIN, 404, 404, 404, 302), county),
            ("get", f"/organizations/{org}/members/", (LOGIN, 404, 404, 404, 200), ent),
            ("post", f"/organizations/{org}/documents/", (LOGIN, 404, 404, 404, 302), ent),
            ("get", f"/documents/{self.document.pk}/", (LOGIN, 404, 404, 404, 200), ent),
            ("get", f"/specialists/{sp}/", (404, 404, 404, 404, 200), county),
            ("post", f"/specialists/{sp}/transition/", (LOGIN, 404, 404, 404, 302), city),
            ("get", "/specialists/new/", (LOGIN, 403, 200, 403, 200), ent),
            ("get", "/experts/", (LOGIN, 403, 403, 403, 200), city),
            ("get", "/directory/export/experts.xlsx", (LOGIN, 403, 403, 403, 200), city),
            ("get", "/audit/", (LOGIN, 403, 403, 403, 200), self.administrator),
            ("get", "/audit/export.xlsx", (LOGIN, 403, 403, 403, 200), city),
            ("get", "/workspace/", (LOGIN, 200, 200, 200, 200), county),
            ("get", "/workspace/deadlines/", (LOGIN, 403, 403, 403, 200), city),
            (
                "post",
                "/workspace/deadlines/",
                (LOGIN, 403, 403, 403, 302),
                city,
                {"process": "organization_verification", "state": "submitted", "days": "7"},
            ),
            ("get", "/notifications/", (LOGIN, 200, 200, 200, 200), ent),
            ("get", "/notifications/preferences/", (LOGIN, 200, 200, 200, 200), ent),
            ("get", "/accounts/profile/", (LOGIN, 200, 200, 200, 200), ent),
            # The login audit is the administrator's; the second factor's pages are each
            # caller's own (a verified session passes the code page on to where it was going).
            ("get", "/accounts/login-audit/", (LOGIN, 403, 403, 403, 200), self.administrator),
            (
                "get",
                "/accounts/login-audit/export.xlsx",
                (LOGIN, 403, 403, 403, 200),
                self.administrator,
            ),
            ("get", "/accounts/second-factor/", (LOGIN, 302, 302, 302, 302), ent),
            ("get", "/accounts/second-factor/enrol/", (LOGIN, 200, 200, 200, 200), ent),
            ("get", "/accounts/second-factor/recovery-codes/", (LOGIN, 200, 200, 200, 200), ent),
            ("post", "/organizations/join/", (LOGIN, 302, 302, 302, 302), ent),
            # Officers and staff get no token (accounts.roles.may_hold_api_token).
            ("post", "/accounts/profile/api-token/", (LOGIN, 302, 302, 403, 302), ent),
            ("get", "/accounts/password/change/", (LOGIN, 200, 200, 200, 200), ent),
            ("get", "/accounts/password/change/done/", (LOGIN, 200, 200, 200, 200), ent),
            ("post", "/notifications/read/", (LOGIN, 302, 302, 302, 302), ent),
            ("get", "/standards/import/", (LOGIN, 403, 403, 403, 200), city),
            # Another user's (here: no) import batch is a 404 even for the bureau.
            ("get", "/standards/import/999999/", (LOGIN, 403, 403, 403, 404), city),
            ("post", "/standards/import/999999/commit/", (LOGIN, 403, 403, 403, 404), city),
            # 我的关注 belongs to one user: everyone has their own, nobody reaches another's.
            ("get", "/follows/", (LOGIN, 200, 200, 200, 200), ent),
            # Calls: the city bureau only writes them (calls/tests cover the rest).
            ("get", "/calls/new/", (LOGIN, 403, 403, 403, 200), city),
            ("get", f"/calls/{self.call.pk}/edit/", (LOGIN, 403, 403, 403, 200), city),
            ("post", f"/calls/{self.call.pk}/close/", (LOGIN, 403, 403, 403, 302), city),
            ("post", f"/calls/{self.call.pk}/documents/", (LOGIN, 403, 403, 403, 302), city),
            # Articles: the city bureau only writes them (notices/tests cover the rest).
            ("get", "/notices/manage/", (LOGIN, 403, 403, 403, 200), city),
            ("get", "/notices/new/", (LOGIN, 403, 403, 403, 200), city),
            ("get", f"/notices/{self.article.pk}/edit/", (LOGIN, 403, 403, 403, 200), city),
            ("post", f"/notices/{self.article.pk}/publish/", (LOGIN, 403, 403, 403, 302), city),
            ("post", f"/notices/{self.article.pk}/withdraw/", (LOGIN, 403, 403, 403, 302), city),
            ("post", f"/notices/{self.article.pk}/documents/", (LOGIN, 403, 403, 403, 302), city),
            # 成果展示 items: the city bureau only (showcase/tests cover the rest).
            ("get", "/showcase/manage/", (LOGIN, 403, 403, 403, 200), city),
            ("get", "/showcase/manage/new/", (LOGIN, 403, 403, 403, 200), city),
            ("get", f"/showcase/manage/{item}/edit/", (LOGIN, 403, 403, 403, 200), city),
            ("post", f"/showcase/manage/{item}/publish/", (LOGIN, 403, 403, 403, 302), city),
            ("post", f"/showcase/manage/{item}/unpublish/", (LOGIN, 403, 403, 403, 302), city),
            ("post", f"/showcase/manage/{item}/feature/", (LOGIN, 403, 403, 403, 302), city),
            ("post", f"/showcase/manage/{item}/move/", (LOGIN, 403, 403, 403, 302), city),
            ("post", f"/showcase/manage/{item}/images/", (LOGIN, 403, 403, 403, 302), city),
            ("post", f"/showcase/manage/images/{image}/remove/", (LOGIN, 403, 403, 403, 302), city),
            # 统计看板: the bureau and county officers (each their own county, insight/tests);
            # recomputing and the annual report: the city bureau only.
            ("get", "/statistics/dashboard/", (LOGIN, 403, 403, 200, 200), city),
            (
                "get",
                "/statistics/dashboard/export/local_by_kind.xlsx",
                (LOGIN, 403, 403, 200, 200),
                city,
            ),
            ("get", "/api/v1/statistics/bureau/", (403, 403, 403, 200, 200), city),
            ("post", "/statistics/dashboard/refresh/", (LOGIN, 403, 403, 403, 302), city),
            (
                "post",
                "/statistics/dashboard/report/",
                (LOGIN, 403, 403, 403, 200),
                city,
                {"year": "2026"},
            ),
            # 专题维护: the city bureau only; following a topic: anyone signed in, their own only.
            ("get", "/topics/manage/", (LOGIN, 403, 403, 403, 200), city),
            ("get", "/topics/manage/new/", (LOGIN, 403, 403, 403, 200), city),
            ("get", "/topics/manage/matrix/", (LOGIN, 403, 403, 403, 200), city),
            ("post", "/topics/manage/matrix/nodes/", (LOGIN, 403, 403, 403, 302), city),
            ("get", f"/topics/manage/matrix/nodes/{node}/", (LOGIN, 403, 403, 403, 200), city),
            (
                "post",
                f"/topics/manage/matrix/nodes/{node}/move/",
                (LOGIN, 403, 403, 403, 302),
                city,
                {"direction": "up"},
            ),
            (
                "post",
                f"/topics/manage/matrix/nodes/{node}/rules/",
                (LOGIN, 403, 403, 403, 302),
                city,
            ),
            (
                "post",
                f"/topics/manage/matrix/nodes/{node}/placements/",
                (LOGIN, 403, 403, 403, 302),
                city,
            ),
            (
                "post",
                "/topics/manage/matrix/placements/999999/remove/",
                (LOGIN, 403, 403, 403, 404),
                city,
            ),
            (
                "post",
                "/topics/manage/matrix/placements/999999/replace/",
                (LOGIN, 403, 403, 403, 404),
                city,
            ),
            (
                "post",
                "/topics/manage/matrix/rules/999999/delete/",
                (LOGIN, 403, 403, 403, 404),
                city,
            ),
            (
                "post",
                f"/topics/manage/matrix/nodes/{node}/delete/",
                (LOGIN, 403, 403, 403, 302),
                city,
            ),
            (
                "post",
                "/follows/objects/",
                (LOGIN, 302, 302, 302, 302),
                ent,
                {"target": "topics.topic:999999"},
            ),
            (
                "post",
                f"/follows/objects/{self.object_follow.pk}/delete/",
                (LOGIN, 404, 404, 404, 302),
                ent,
            ),
            # Site analytics: the city bureau only (analytics/tests cover the rest).
            ("get", "/analytics/", (LOGIN, 403, 403, 403, 200), city),
            ("get", "/analytics/zero-results/", (LOGIN, 403, 403, 403, 200), city),
            ("get", "/analytics/daily.xlsx", (LOGIN, 403, 403, 403, 200), city),
            ("post", "/analytics/terms/999999/mark/", (LOGIN, 403, 403, 403, 404), city),
            ("get", "/publicity/objections/", (LOGIN, 403, 403, 403, 200), city),
            ("post", "/publicity/objections/999999/answer/", (LOGIN, 403, 403, 403, 404), city),
            # Reviews: the bureau manages sheets and assigns; an expert reaches only their own.
            ("get", "/reviews/tasks/", (LOGIN, 403, 403, 403, 200), self.expert),
            ("get", f"/reviews/{self.review.pk}/", (LOGIN, 404, 404, 404, 200), self.expert),
            ("get", self.compare_url, (LOGIN, 403, 403, 403, 200), city),
            (
                "get",
                self.compare_url.replace("compare", "assign"),
                (LOGIN, 403, 403, 403, 200),
                city,
            ),
            ("get", "/reviews/sheets/", (LOGIN, 403, 403, 403, 200), city),
            ("get", "/reviews/sheets/new/", (LOGIN, 403, 403, 403, 200), city),
            ("get", f"/reviews/sheets/{self.sheet.pk}/", (LOGIN, 403, 403, 403, 200), city),
            ("post", f"/reviews/sheets/{self.sheet.pk}/copy/", (LOGIN, 403, 403, 403, 302), city),
            ("get", "/exports/", (LOGIN, 200, 200, 200, 200), ent),
            ("get", "/standards/quality/", (LOGIN, 403, 403, 403, 200), city),
            ("get", f"/standards/quality/{std}/fix/", (LOGIN, 403, 403, 403, 200), city),
            ("post", f"/standards/quality/{std}/recompute/", (LOGIN, 403, 403, 403, 302), city),
            ("get", f"/exports/{job}/download/", (LOGIN, 404, 404, 404, 200), ent),
            (
                "post",
                "/follows/standards/",
                (LOGIN, 302, 302, 302, 302),
                ent,
                {"code": "GB/T 24001-2016"},
            ),
            ("post", f"/follows/standards/{fol}/delete/", (LOGIN, 404, 404, 404, 302), ent),
            # Provincial register: the drafting units report, the city bureau confirms and manages.
            ("get", "/provincial/mine/", (LOGIN, 403, 200, 403, 200), ent),
            ("get", f"/provincial/{prov}/update/", (LOGIN, 404, 404, 404, 200), ent),
            ("post", f"/provincial/{prov}/documents/", (LOGIN, 404, 404, 404, 302), ent),
            ("get", f"/provincial/updates/{upd}/", (LOGIN, 404, 404, 404, 200), ent),
            (
                "post",
                f"/provincial/updates/{upd}/",
                (LOGIN, 404, 404, 404, 302),
                city,
                {"action": "confirm"},
            ),
            ("get", "/provincial/manage/", (LOGIN, 403, 403, 403, 200), city),
            ("get", "/provincial/new/", (LOGIN, 403, 403, 403, 200), city),
            ("get", "/provincial/import/", (LOGIN, 403, 403, 403, 200), city),
            ("get", "/provincial/export.xlsx", (LOGIN, 403, 403, 403, 200), city),
            ("post", f"/provincial/{prov}/link/", (LOGIN, 403, 403, 403, 302), city),
            (
                "post",
                "/follows/searches/",
                (LOGIN, 302, 302, 302, 302),
                ent,
                {"name": "环境", "q": "环境"},
            ),
            ("get", f"/follows/searches/{ss}/", (LOGIN, 404, 404, 404, 302), ent),
            ("post", f"/follows/searches/{ss}/delete/", (LOGIN, 404, 404, 404, 302), ent),
            *self.program_page_rows(),
            *self.local_standard_page_rows(),
            *self.profile_page_rows(),
        ]
        c = self.consultation()
        rows += [
            ("get", f"/drafts/{c.draft.series_id}/", (LOGIN, 404, 404, 404, 200), ent),
            ("get", f"/drafts/{c.draft.series_id}/compare/", (LOGIN, 404, 404, 404, 200), ent),
            ("get", f"/consultations/{c.pk}/manage/", (LOGIN, 403, 403, 403, 200), city),
            # The 汇总处理表 is public once dispositions are published; before, managers only.
            ("get", f"/consultations/{c.pk}/comment-table.xlsx", (404, 404, 404, 404, 200), city),
        ]
        return rows

    def test_pages(self):
        for method, url, expected, allowed, *data in self.page_rows():
            data = (
                data[0] if data else ({"action": "verify"} if url.endswith("transition/") else None)
            )
            self.check(method, url, expected, allowed, data=data)

    def api_rows(self):
        org, sp, n = self.organization.pk, self.specialist.pk, self.notification.pk
        event = AuditEvent.objects.order_by("pk").first().pk
        county, ent = self.county_officer, self.enterprise_user
        rows = [
            ("get", f"/api/v1/organizations/{org}/", (404, 404, 404, 404, 200), county),
            ("get", f"/api/v1/organizations/{org}/history/", (404, 404, 404, 404, 200), ent),
            ("get", f"/api/v1/organizations/{org}/profile/", (404, 404, 404, 404, 200), ent),
            ("post", f"/api/v1/organizations/{org}/transition/", (403, 404, 404, 404, 201), county),
            ("get", f"/api/v1/specialists/{sp}/", (404, 404, 404, 404, 200), ent),
            (
                "post",
                f"/api/v1/organizations/{org}/extend-deadline/",
                (403, 404, 404, 404, 200),
                county,
            ),
            (
                "post",
                f"/api/v1/specialists/{sp}/extend-deadline/",
                (403, 404, 404, 404, 200),
                county,
            ),
            ("post", f"/api/v1/specialists/{sp}/transition/", (403, 404, 404, 404, 201), county),
            (
                "get",
                f"/api/v1/experts/{self.expert_entry.pk}/",
                (403, 404, 404, 404, 200),
                self.city_officer,
            ),
            ("get", f"/api/v1/notifications/{n}/", (403, 404, 404, 404, 200), ent),
            ("post", f"/api/v1/notifications/{n}/read/", (403, 404, 404, 404, 200), ent),
            ("get", f"/api/v1/specialists/{sp}/history/", (404, 404, 404, 404, 200), ent),
            ("get", "/api/v1/experts/", (403, 200, 200, 200, 200), self.city_officer),
            ("get", "/api/v1/notifications/", (403, 200, 200, 200, 200), ent),
            ("get", "/api/v1/audit-events/", (403, 403, 403, 403, 200), self.city_officer),
            ("get", "/api/v1/reviews/", (403, 200, 200, 200, 200), self.expert),
            ("get", f"/api/v1/reviews/{self.review.pk}/", (403, 404, 404, 404, 200), self.expert),
            ("get", f"/api/v1/audit-events/{event}/", (403, 403, 403, 403, 200), self.city_officer),
            ("get", "/api/v1/follows/standards/", (403, 200, 200, 200, 200), ent),
            ("get", f"/api/v1/follows/standards/{self.follow.pk}/", (403, 404, 404, 404, 200), ent),
            ("get", "/api/v1/follows/searches/", (403, 200, 200, 200, 200), ent),
            (
                "get",
                f"/api/v1/follows/searches/{self.saved_search.pk}/",
                (403, 404, 404, 404, 200),
                ent,
            ),
            *self.program_api_rows(),
            *self.local_standard_api_rows(),
        ]
        c, city = self.consultation().pk, self.city_officer
        for fmt in ("xlsx", "docx"):
            for url in (
                f"/api/v1/consultations/{c}/comment-table.{fmt}",
                f"/api/v1/consultations/{c}/comment-table.{fmt}/",
            ):
                rows.append(("get", url, (404, 404, 404, 404, 200), city))
        return rows

    def local_standard_api_rows(self):
        base = f"/api/v1/local-standards/projects/{self.local_standard().pk}"
        return [
            ("post", f"{base}/transition/", (403, 404, 404, 404, 201), self.county_officer,
             {"action": "forward"}),
            ("post", f"{base}/extend-deadline/", (403, 404, 404, 404, 200), self.city_officer),
            ("get", f"{base}/history/", (404, 404, 404, 404, 200), self.enterprise_user),
        ]  # fmt: skip

    def program_api_rows(self):
        _, app, pilot = self.programs_records()
        ent = self.enterprise_user
        return [
            ("get", "/api/v1/subsidies/applications/", (403, 200, 200, 200, 200), ent),
            ("get", f"/api/v1/subsidies/applications/{app}/", (403, 404, 404, 404, 200), ent),
            ("get", f"/api/v1/subsidies/applications/{app}/history/", (403, 404, 404, 404, 200),
             ent),
            # No such action in the subsidy process: 409 for the one who may see it.
            ("post", f"/api/v1/subsidies/applications/{app}/transition/",
             (403, 404, 404, 404, 409), self.city_officer),
            ("post", f"/api/v1/subsidies/applications/{app}/extend-deadline/",
             (403, 404, 404, 404, 400), self.city_officer),
            # Without ?year= the bureau gets 400 (the year is required); everyone else 403.
            ("get", "/api/v1/subsidies/report/", (403, 403, 403, 403, 400), self.city_officer),
            ("get", f"/api/v1/pilots/{pilot}/", (404, 404, 404, 404, 200), ent),
            ("get", f"/api/v1/pilots/{pilot}/history/", (404, 404, 404, 404, 200), ent),
            ("post", f"/api/v1/pilots/{pilot}/transition/", (404, 404, 404, 404, 409), ent),
            # No running stage clock on this record: 400 for the county officer who may act.
            ("post", f"/api/v1/pilots/{pilot}/extend-deadline/", (404, 404, 404, 404, 400),
             self.county_officer),
        ]  # fmt: skip

    def test_api(self):
        for method, url, expected, allowed, *given in self.api_rows():
            data = {"action": "verify"} if url.endswith("transition/") else None
            if url.endswith("extend-deadline/"):
                data = {"days": 2, "reason": "材料较多"}
            data = given[0] if given else data
            self.check(method, url, expected, allowed, data=data, api=True)

    def test_every_url_is_public_or_in_the_matrix(self):
        covered = {resolve(row[1]).view_name for row in self.page_rows() + self.api_rows()}
        assert not covered & PUBLIC, "a URL in the matrix is not public"
        missing = sorted(
            name
            for name in set(url_names())
            if name not in PUBLIC
            and name not in covered
            and not name.startswith(tuple(f"{ns}:" for ns in SELF_GUARDED_NAMESPACES))
        )
        assert not missing, f"URLs neither declared public nor in the permission matrix: {missing}"
