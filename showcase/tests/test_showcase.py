"""成果展示: every kind appears when its source reaches its final state and disappears when it
leaves it; filters; who may write; sanitized rich text; images; constant queries."""

import datetime as dt
from decimal import Decimal

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import StandardDraftingOrganization
from catalog.tests.factories import make_standard
from core.models import AuditEvent
from core.workflow.services import transition
from programs.models import StandardUpgrade
from programs.tests.helpers import make_policy, set_state
from reference.models import IndustryClass
from showcase import selectors, services
from showcase.choices import ItemState, Kind
from showcase.models import ShowcaseImage, ShowcaseItem
from showcase.tests.helpers import make_forerunner, make_pilot, png_bytes, png_upload
from testing.personas import PersonaTestCase


def kinds_and_ids(filters=None):
    return [(kind, pk) for kind, pk, *_ in selectors.achievements(filters)]


class ShowcaseTestCase(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.manufacturing = IndustryClass.objects.create(code="C", name="制造业", level=1)
        machinery = IndustryClass.objects.create(
            code="34", name="通用设备制造业", level=2, parent=cls.manufacturing
        )
        cls.agriculture = IndustryClass.objects.create(code="A", name="农、林、牧、渔业", level=1)
        cls.organization.industry = machinery
        cls.organization.save(update_fields=["industry"])
        cls.other_organization.industry = cls.agriculture
        cls.other_organization.save(update_fields=["industry"])

    def setUp(self):
        cache.clear()  # the home block is cached across tests

    def act(self, service, **kwargs):
        """A service call as a request makes it: committed, so the home block's cache moves on."""
        with self.captureOnCommitCallbacks(execute=True):
            return service(actor=self.city_officer, **kwargs)

    def item(self, **fields):
        values = {"category": "brand", "title": "“济宁好标准”品牌", "year": 2025}
        values.update(fields)
        return self.act(services.item_create, **values)

    def published(self, **fields):
        return self.act(services.item_publish, item=self.item(**fields))


class DerivedKindsTests(ShowcaseTestCase):
    def test_it_shows_a_named_pilot_and_hides_it_once_revoked(self):
        building = make_pilot(self.organization, state="building", title="在建的试点")
        pilot = make_pilot(self.organization)
        self.assertEqual(kinds_and_ids(), [(Kind.PILOT, pilot.pk)])
        self.assertContains(self.client.get("/showcase/"), pilot.title)
        self.assertNotContains(self.client.get("/showcase/"), building.title)
        page = self.client.get(reverse("showcase:detail", args=["pilot", pilot.pk]))
        self.assertContains(page, "产品一次合格率提高到 99.2%")

        transition(
            obj=pilot, action="revoke", actor=self.city_officer, opinion="复评不合格",
            process="pilot_project",
        )  # fmt: skip
        self.assertEqual(kinds_and_ids(), [])
        self.assertNotContains(self.client.get("/showcase/"), pilot.title)
        detail = self.client.get(reverse("showcase:detail", args=["pilot", pilot.pk]))
        self.assertEqual(detail.status_code, 404)

    def test_it_shows_published_municipal_standards_in_force_only(self):
        current = make_standard("DB3708/T 12-2024", "鲁西黄牛养殖技术规范", kind="municipal")
        make_standard("DB3708/T 3-2019", "已废止的规范", kind="municipal", status="abolished")
        make_standard("DB3708/T 4-2024", "未公开的规范", kind="municipal", is_public=False)
        make_standard("DB37/T 100-2024", "省级标准", kind="provincial")
        self.assertEqual(kinds_and_ids(), [(Kind.STANDARD, current.pk)])
        page = self.client.get(reverse("showcase:detail", args=["standard", current.pk]))
        self.assertContains(page, current.get_absolute_url())

    def test_it_shows_forerunners_and_upgrades_between_public_standards(self):
        forerunner = make_forerunner(self.organization)
        group = make_standard("T/JNBX 1-2022", "团体标准", kind="group")
        national = make_standard("GB/T 50001-2025", "国家标准", kind="national")
        upgrade = StandardUpgrade.objects.create(
            from_standard=group, to_standard=national, to_code=national.code,
            level="national", year=2025, organization=self.organization,
        )  # fmt: skip
        hidden = make_standard("T/JNBX 2-2022", "未公开", kind="group", is_public=False)
        StandardUpgrade.objects.create(
            from_standard=hidden, to_code="GB/T 50002-2025", level="international", year=2025
        )
        self.assertCountEqual(
            kinds_and_ids(), [(Kind.FORERUNNER, forerunner.pk), (Kind.UPGRADE, upgrade.pk)]
        )
        self.assertNotContains(self.client.get("/showcase/"), "未公开")

    def test_it_shows_an_award_only_once_approved_after_its_public_notice(self):
        from publicity.services import notice_publish

        policy = make_policy(2025)
        application = policy.applications.create(
            organization=self.organization, state="publicity", total=Decimal("300000.00")
        )
        self.assertEqual(kinds_and_ids(), [])  # in publicity: not decided yet
        set_state(application, "approved")
        self.assertEqual(kinds_and_ids(), [])  # no public notice of the round
        notice_publish(
            obj=policy, title="拟资助名单公示", body="现予公示", starts_on=dt.date(2025, 5, 6),
            days=5, actor=self.city_officer,
        )  # fmt: skip
        self.assertEqual(kinds_and_ids(), [(Kind.AWARD, application.pk)])
        self.assertContains(self.client.get("/showcase/"), "¥300,000.00")
        set_state(application, "clawed_back")
        self.assertEqual(kinds_and_ids(), [])


class FilterTests(ShowcaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.pilot = make_pilot(cls.organization)  # 任城区, 制造业, named 2025
        cls.forerunner = make_forerunner(cls.other_organization, year=2024)  # 邹城市, 农业
        cls.standard = make_standard(
            "DB3708/T 20-2023", "大蒜生产技术规程", kind="municipal", issue_date=dt.date(2023, 5, 1)
        )
        StandardDraftingOrganization.objects.create(
            standard=cls.standard, position=1, name=cls.other_organization.name,
            organization=cls.other_organization,
        )  # fmt: skip

    def test_it_filters_by_kind_year_county_and_industry(self):
        f = selectors.Filters
        pilot, forerunner, standard = (
            (Kind.PILOT, self.pilot.pk),
            (Kind.FORERUNNER, self.forerunner.pk),
            (Kind.STANDARD, self.standard.pk),
        )
        self.assertEqual(kinds_and_ids(), [pilot, forerunner, standard])  # newest year first
        self.assertEqual(kinds_and_ids(f(kind="forerunner")), [forerunner])
        self.assertEqual(kinds_and_ids(f(year=2023)), [standard])
        self.assertEqual(kinds_and_ids(f(county=self.county.code)), [pilot])
        self.assertEqual(kinds_and_ids(f(county=self.other_county.code)), [forerunner, standard])
        self.assertEqual(kinds_and_ids(f(industry="C")), [pilot])  # a 大类 under 制造业
        self.assertEqual(kinds_and_ids(f(industry="A", year=2024)), [forerunner])

    def test_the_page_filters_and_keeps_the_filters_in_the_pagination(self):
        response = self.client.get("/showcase/", {"year": "2023"})
        self.assertContains(response, "大蒜生产技术规程")
        self.assertNotContains(response, self.pilot.title)
        response = self.client.get("/showcase/", {"county": self.county.code})
        self.assertContains(response, self.pilot.title)
        self.assertNotContains(response, "大蒜生产技术规程")

    def test_the_api_filters_and_refuses_a_bad_filter_in_chinese(self):
        data = self.client.get("/api/v1/showcase/", {"kind": "pilot"}).json()
        self.assertEqual(data["count"], 1)
        self.assertEqual(data["results"][0]["title"], self.pilot.title)
        self.assertEqual(data["results"][0]["url"], f"/showcase/pilot/{self.pilot.pk}/")
        data = self.client.get("/api/v1/showcase/", {"industry": "A"}).json()
        self.assertEqual([r["kind"] for r in data["results"]], ["forerunner", "standard"])
        response = self.client.get("/api/v1/showcase/", {"year": "去年", "industry": "c"})
        self.assertEqual(response.status_code, 400)
        fields = response.json()["error"]["fields"]
        self.assertIn("year", fields)
        self.assertIn("门类字母", fields["industry"][0])

    def test_an_unknown_filter_value_on_the_page_lists_everything_instead_of_failing(self):
        response = self.client.get("/showcase/", {"year": "abc", "kind": "nope"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, self.pilot.title)

    def test_the_filter_offers_a_county_or_industry_added_after_it_was_first_shown(self):
        from reference.models import Region, RegionLevel

        self.assertNotContains(self.client.get("/showcase/"), "新设示范区")
        Region.objects.create(code="3708F09", name="新设示范区", level=RegionLevel.COUNTY)
        IndustryClass.objects.create(code="U", name="新设门类", level=1)
        response = self.client.get("/showcase/")
        self.assertContains(response, '<option value="3708F09">新设示范区</option>', html=True)
        self.assertContains(response, '<option value="U">U 新设门类</option>', html=True)


class CuratedItemTests(ShowcaseTestCase):
    def test_the_bureau_creates_publishes_and_withdraws_an_item_with_audit(self):
        item = self.item(summary="以标准塑造品牌")
        self.assertEqual(kinds_and_ids(), [])
        self.assertEqual(self.client.get(item.get_absolute_url()).status_code, 404)
        services.item_publish(item=item, actor=self.city_officer)
        self.assertEqual(kinds_and_ids(), [(Kind.CURATED, item.pk)])
        self.assertContains(self.client.get(item.get_absolute_url()), "以标准塑造品牌")
        services.item_unpublish(item=item, reason="信息需更新", actor=self.city_officer)
        self.assertEqual(kinds_and_ids(), [])
        self.assertEqual(self.client.get(item.get_absolute_url()).status_code, 404)
        actions = list(
            AuditEvent.objects.filter(object_id=str(item.pk), action__startswith="showcase.")
            .order_by("id")
            .values_list("action", flat=True)
        )
        self.assertEqual(actions, ["showcase.create", "showcase.publish", "showcase.unpublish"])

    def test_anyone_but_the_bureau_is_refused_by_the_services(self):
        for user in (None, self.citizen, self.enterprise_user, self.county_officer):
            with self.subTest(user=user), self.assertRaises(PermissionDenied):
                services.item_create(category="brand", title="冒充", year=2025, actor=user)
        self.assertFalse(ShowcaseItem.objects.exists())

    def test_anonymous_and_enterprise_cannot_reach_the_bureau_pages(self):
        item = self.item()
        pages = [
            ("get", reverse("showcase:manage")),
            ("get", reverse("showcase:create")),
            ("post", reverse("showcase:create")),
            ("post", reverse("showcase:publish", args=[item.pk])),
            ("post", reverse("showcase:feature", args=[item.pk])),
        ]
        for method, url in pages:
            response = getattr(self.client, method)(url, {"title": "x"})
            self.assertEqual(response.status_code, 302, url)  # to the login page
        self.login(self.enterprise_user)
        for method, url in pages:
            response = getattr(self.client, method)(url, {"title": "x", "featured": "1"})
            self.assertEqual(response.status_code, 403, url)
        item.refresh_from_db()
        self.assertEqual((item.state, item.featured), (ItemState.DRAFT, False))
        self.assertEqual(ShowcaseItem.objects.count(), 1)

    def test_the_bureau_writes_through_the_pages_and_sees_its_draft(self):
        self.login(self.city_officer)
        response = self.client.post(
            reverse("showcase:create"),
            {"category": "brand", "title": "微山湖大闸蟹", "year": "2025", "summary": "地理标志"},
        )
        item = ShowcaseItem.objects.get()
        self.assertRedirects(response, item.get_absolute_url())
        self.assertContains(self.client.get(item.get_absolute_url()), "草稿")
        self.client.post(reverse("showcase:publish", args=[item.pk]))
        item.refresh_from_db()
        self.assertEqual(item.state, ItemState.PUBLISHED)

    def test_an_invalid_form_says_what_is_wrong_and_creates_nothing(self):
        self.login(self.city_officer)
        response = self.client.post(
            reverse("showcase:create"),
            {"category": "brand", "title": "", "year": "1800", "standard_code": "GB/T 1-2099"},
        )
        self.assertContains(response, "该字段是必填项", status_code=200)
        self.assertContains(response, "目录中没有标准")
        self.assertFalse(ShowcaseItem.objects.exists())

    def test_script_event_handlers_and_javascript_links_are_stored_clean(self):
        item = self.item(
            body='<p onclick="steal()">品牌<script>alert(1)</script>'
            '<a href="javascript:alert(2)">链接</a><img src=x onerror=alert(3)></p>'
        )
        for text in ("<script", "onclick", "javascript:", "onerror", "<img"):
            self.assertNotIn(text, item.body)
        self.assertIn("品牌", item.body)
        services.item_publish(item=item, actor=self.city_officer)
        page = self.client.get(item.get_absolute_url()).content.decode()
        self.assertNotIn("alert(", page)

    def test_the_title_is_escaped_on_every_page(self):
        self.published(title='<b onmouseover="x()">品牌</b>')
        for url in ("/showcase/", "/api/v1/showcase/"):
            self.assertNotIn('<b onmouseover="x()">', self.client.get(url).content.decode())

    def test_links_to_records_the_visitor_may_not_see_are_left_out(self):
        private = make_standard("DB3708/T 99-2025", "内部标准", kind="municipal", is_public=False)
        item = self.published(standard=private, organization=self.other_organization)
        page = self.client.get(item.get_absolute_url())
        self.assertNotContains(page, "内部标准")
        self.assertNotContains(page, self.other_organization.name)  # not verified: not public
        self.login(self.city_officer)
        page = self.client.get(item.get_absolute_url())
        self.assertContains(page, "内部标准")


class ImageTests(ShowcaseTestCase):
    def test_an_image_needs_its_alt_text_and_is_shown_with_it(self):
        item = self.item()
        with self.assertRaises(ValidationError) as raised:
            services.image_add(item=item, upload=png_upload(), alt="  ", actor=self.city_officer)
        self.assertIn("请填写图片说明", str(raised.exception))
        image = services.image_add(
            item=item, upload=png_upload(), alt="品牌标识：蓝底白字", actor=self.city_officer
        )
        services.item_publish(item=item, actor=self.city_officer)
        page = self.client.get(item.get_absolute_url())
        self.assertContains(page, f'src="{image.get_absolute_url()}" alt="品牌标识：蓝底白字"')
        response = self.client.get(image.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "image/png")
        self.assertEqual(response["Content-Disposition"], "inline")
        self.assertEqual(b"".join(response.streaming_content), png_bytes())

    def test_a_file_that_is_not_an_image_is_refused_in_chinese(self):
        item = self.item()
        self.login(self.city_officer)
        pdf = SimpleUploadedFile("logo.pdf", b"%PDF-1.4 fake", content_type="application/pdf")
        response = self.client.post(
            reverse("showcase:image_add", args=[item.pk]), {"file": pdf, "alt": "标识"}, follow=True
        )
        self.assertContains(response, "不是图片，请上传 PNG 或 JPG 图片")
        renamed = SimpleUploadedFile("logo.png", b"<svg onload=alert(1)>", content_type="image/png")
        response = self.client.post(
            reverse("showcase:image_add", args=[item.pk]),
            {"file": renamed, "alt": "标识"},
            follow=True,
        )
        self.assertContains(response, "不是有效的 PNG 文件")
        self.assertFalse(ShowcaseImage.objects.exists())

    def test_an_image_too_large_is_refused_before_it_is_read(self):
        item = self.item()
        big = SimpleUploadedFile("big.png", png_bytes() + b"\0" * (services.IMAGE_MAX_BYTES + 1))
        with self.assertRaises(ValidationError) as raised:
            services.image_add(item=item, upload=big, alt="大图", actor=self.city_officer)
        self.assertIn("超过 5 MB 的上限", str(raised.exception))

    def test_images_of_unpublished_items_are_not_served_to_the_public(self):
        item = self.item()
        image = services.image_add(
            item=item, upload=png_upload(), alt="标识", actor=self.city_officer
        )
        self.assertEqual(self.client.get(image.get_absolute_url()).status_code, 404)
        self.login(self.enterprise_user)
        self.assertEqual(self.client.get(image.get_absolute_url()).status_code, 404)
        self.login(self.city_officer)
        response = self.client.get(image.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response["Cache-Control"])  # no shared cache keeps a draft's


class OrderAndHomeTests(ShowcaseTestCase):
    def test_the_home_page_shows_featured_items_in_the_bureau_order_and_drops_withdrawn(self):
        first = self.published(title="第一个品牌")
        second = self.published(title="第二个品牌")
        self.published(title="未推荐的品牌")
        for item in (first, second):
            self.act(services.item_feature, item=item, featured=True)
        home = self.client.get("/").content.decode()
        self.assertLess(home.index("第一个品牌"), home.index("第二个品牌"))
        self.assertNotIn("未推荐的品牌", home)
        self.act(services.item_move, item=second, direction="up")
        home = self.client.get("/").content.decode()
        self.assertLess(home.index("第二个品牌"), home.index("第一个品牌"))
        self.act(services.item_unpublish, item=second)
        self.assertNotContains(self.client.get("/"), "第二个品牌")

    def test_the_home_block_is_capped(self):
        for n in range(selectors.HOME_LIMIT + 2):
            item = self.published(title=f"品牌{n:02d}")
            services.item_feature(item=item, featured=True, actor=self.city_officer)
        self.assertEqual(len(selectors.home_featured()), selectors.HOME_LIMIT)

    def test_the_cached_home_block_costs_no_query(self):
        self.act(services.item_feature, item=self.published(), featured=True)
        self.client.get("/")
        from showcase.templatetags.showcase import showcase_home

        with self.assertNumQueries(0):
            html = showcase_home()
        self.assertIn("“济宁好标准”品牌", html)

    def test_moving_the_first_item_up_is_refused(self):
        first = self.item(title="甲")
        self.item(title="乙")
        with self.assertRaises(ValidationError):
            services.item_move(item=first, direction="up", actor=self.city_officer)


class QueryCountTests(ShowcaseTestCase):
    def fill(self, n: int, start: int):
        """`n` groups of one achievement of four kinds each, a group per year (newest first), so
        that the first page always shows every kind."""
        for i in range(start, start + n):
            year = 2024 - i
            make_pilot(self.organization, title=f"试点{i}", named_on=dt.date(year, 3, 1))
            make_forerunner(self.organization, year=year)
            make_standard(
                f"DB3708/T {100 + i}-{year}", f"规范{i}", kind="municipal",
                issue_date=dt.date(year, 1, 1),
            )  # fmt: skip
            item = self.published(title=f"品牌{i}", year=year)
            self.act(services.image_add, item=item, upload=png_upload(), alt="标识")

    def count(self, url: str) -> int:
        self.client.get(url)  # a running worker: the filter's reference choices are cached
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)

    def test_the_list_and_the_api_cost_the_same_queries_as_items_grow(self):
        urls = ["/showcase/", "/api/v1/showcase/"] + [
            f"/showcase/?kind={kind}" for kind in ("pilot", "forerunner", "standard", "curated")
        ]
        self.fill(2, 0)
        few = [self.count(url) for url in urls]
        self.fill(10, 2)
        self.assertEqual(selectors.achievements().count(), 48)
        self.assertEqual([self.count(url) for url in urls], few)
