"""Articles (通知公告/政策法规/工作动态): services (bureau only, sanitized, audited), scheduled
publishing on every public surface (page, list, feed, API), pages, the feed and the home block."""

import datetime as dt
import xml.etree.ElementTree as ET

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.models import AuditEvent
from documents.models import Document
from notices.choices import ArticleState
from notices.models import Article
from notices.selectors import articles_visible_to
from notices.services import article_create, article_publish, article_update, article_withdraw
from testing.personas import PersonaTestCase

PAYLOAD = (
    '<p onclick="x()">正文<script>alert(1)</script></p>'
    '<img src="x" onerror="alert(2)">'
    '<a href="javascript:alert(3)">链接</a><a href="https://example.cn/">官网</a>'
)


class ArticleTestCase(PersonaTestCase):
    def make(self, *, publish=True, publish_at=None, **overrides):
        values = {
            "category": "notice",
            "title": "关于开展2027年度标准化工作的通知",
            "summary": "各有关单位：请按要求开展工作。",
            "body": "<p>正文内容</p>",
            "actor": self.city_officer,
            **overrides,
        }
        article = article_create(**values)
        if publish:
            article = article_publish(
                article=article, publish_at=publish_at, actor=self.city_officer
            )
        return article


class ArticleServiceTests(ArticleTestCase):
    def test_it_creates_a_draft_with_an_audit_row(self):
        article = self.make(publish=False)
        assert article.state == ArticleState.DRAFT
        assert article.author == self.city_officer
        event = AuditEvent.objects.get(action="article.create")
        assert event.object_id == str(article.pk)
        assert event.actor == self.city_officer

    def test_it_stores_rich_text_clean(self):
        article = self.make(body=PAYLOAD)
        article.refresh_from_db()
        for bad in ("script", "onclick", "onerror", "javascript", "alert(1)"):
            assert bad not in article.body, bad
        assert "<p>正文" in article.body
        assert 'href="https://example.cn/"' in article.body

    def test_it_cleans_the_body_on_update_too(self):
        article = self.make()
        article_update(article=article, body=PAYLOAD, actor=self.city_officer)
        article.refresh_from_db()
        assert "script" not in article.body and "onerror" not in article.body
        assert AuditEvent.objects.filter(action="article.update").count() == 1

    def test_it_refuses_anyone_but_the_bureau(self):
        for user in (None, self.citizen, self.enterprise_user, self.county_officer, self.expert):
            with self.subTest(user=user), self.assertRaises(PermissionDenied):
                self.make(actor=user, publish=False)
        article = self.make(publish=False)
        with self.assertRaises(PermissionDenied):
            article_publish(article=article, actor=self.county_officer)
        with self.assertRaises(PermissionDenied):
            article_update(article=article, title="改", actor=self.enterprise_user)
        assert Article.objects.count() == 1
        assert not AuditEvent.objects.filter(action="article.publish").exists()

    def test_it_refuses_invalid_input_by_field_and_stores_nothing(self):
        with self.assertRaises(ValidationError) as ctx:
            self.make(title=" ", category="gossip", publish=False)
        assert set(ctx.exception.message_dict) == {"title", "category"}
        assert not Article.objects.exists()
        assert not AuditEvent.objects.filter(action="article.create").exists()

    def test_it_publishes_and_withdraws_with_audit_rows(self):
        article = self.make()
        assert article.state == ArticleState.PUBLISHED
        assert article.publish_at <= timezone.now()
        assert AuditEvent.objects.filter(action="article.publish", object_id=str(article.pk))
        with self.assertRaises(ValidationError):
            article_publish(article=article, actor=self.city_officer)
        article = article_withdraw(article=article, reason="有误", actor=self.city_officer)
        assert article.state == ArticleState.WITHDRAWN
        event = AuditEvent.objects.get(action="article.withdraw")
        assert event.changes["extra"]["reason"] == "有误"
        with self.assertRaises(ValidationError):
            article_withdraw(article=article, actor=self.city_officer)
        assert not articles_visible_to(None).filter(pk=article.pk).exists()
        assert articles_visible_to(self.city_officer).filter(pk=article.pk).exists()


class ScheduledPublishingTests(ArticleTestCase):
    def setUp(self):
        self.later = self.make(
            title="定时发布的通知", publish_at=timezone.now() + dt.timedelta(hours=2)
        )
        self.now = self.make(title="已经公开的通知")

    def surfaces(self) -> dict[str, str]:
        return {
            "list": self.client.get("/notices/").content.decode(),
            "feed": self.client.get("/notices/feed/").content.decode(),
            "api": self.client.get("/api/v1/notices/").content.decode(),
            "home": self.client.get("/").content.decode(),
        }

    def test_it_hides_a_scheduled_article_from_the_public_before_its_time(self):
        for name, content in self.surfaces().items():
            with self.subTest(surface=name):
                assert "已经公开的通知" in content
                assert "定时发布的通知" not in content
        assert self.client.get(self.later.get_absolute_url()).status_code == 404
        assert self.client.get(f"/api/v1/notices/{self.later.pk}/").status_code == 404
        self.login(self.enterprise_user)
        assert self.client.get(self.later.get_absolute_url()).status_code == 404

    def test_it_shows_the_bureau_a_scheduled_article(self):
        self.login(self.city_officer)
        response = self.client.get(self.later.get_absolute_url())
        self.assertContains(response, "定时发布，尚未公开")
        self.assertContains(self.client.get("/notices/manage/"), "定时发布的通知")

    def test_it_shows_the_article_once_its_time_has_come(self):
        Article.objects.filter(pk=self.later.pk).update(
            publish_at=timezone.now() - dt.timedelta(minutes=1)
        )
        for name, content in self.surfaces().items():
            with self.subTest(surface=name):
                assert "定时发布的通知" in content
        assert self.client.get(self.later.get_absolute_url()).status_code == 200
        assert self.client.get(f"/api/v1/notices/{self.later.pk}/").status_code == 200

    def test_it_keeps_drafts_from_the_public(self):
        draft = self.make(title="草稿通知", publish=False)
        assert self.client.get(draft.get_absolute_url()).status_code == 404
        assert "草稿通知" not in self.client.get("/notices/").content.decode()


class ArticlePageTests(ArticleTestCase):
    def test_it_renders_the_article_with_title_description_and_clean_body(self):
        article = self.make(body=PAYLOAD, title="<b>标题</b>", summary='摘要"><script>x</script>')
        response = self.client.get(f"/notices/{article.pk}/")
        content = response.content.decode()
        assert "<title>&lt;b&gt;标题&lt;/b&gt;" in content
        assert (
            'name="description" content="摘要&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in content
        )
        assert "<script>alert" not in content and "<script>x" not in content
        assert "onerror" not in content and "javascript:alert" not in content
        assert "<p>正文" in content

    def test_it_lists_per_category_pinned_first_with_pagination(self):
        self.make(title="普通政策", category="policy")
        self.make(title="置顶政策", category="policy", pinned=True)
        self.make(title="一条动态", category="news")
        for url in ("/notices/?category=policy", "/notices/policy/"):
            content = self.client.get(url).content.decode()
            assert content.index("置顶政策") < content.index("普通政策")
            assert "一条动态" not in content
        for i in range(21):
            Article.objects.create(
                category="news", title=f"动态{i:02d}", state="published",
                publish_at=timezone.now() - dt.timedelta(minutes=i),
            )  # fmt: skip
        page2 = self.client.get("/notices/news/?page=2")
        self.assertContains(page2, "共 22 条")
        self.assertContains(page2, "第 2 / 2 页")

    def test_it_shows_pinned_and_latest_notices_on_the_home_page(self):
        for i in range(6):
            self.make(title=f"通知{i}")
        pinned = self.make(title="置顶的通知", pinned=True)
        Article.objects.filter(pk=pinned.pk).update(
            publish_at=timezone.now() - dt.timedelta(days=30)
        )
        self.make(title="一条政策", category="policy")
        content = self.client.get("/").content.decode()
        block = content[content.index('id="notices-heading"') :]
        block = block[: block.index("</section>")]
        assert block.count("<li>") == 5
        assert block.index("置顶的通知") < block.index("通知5")
        assert "一条政策" not in block and "通知0" not in block
        assert "/notices/" in block


class BureauPageTests(ArticleTestCase):
    def form(self, **overrides):
        return {
            "category": "notice",
            "title": "新通知",
            "summary": "",
            "body": PAYLOAD,
            "publish_at": "",
            **overrides,
        }

    def test_it_lets_the_bureau_write_and_publish_an_article(self):
        self.login(self.city_officer)
        self.assertContains(self.client.get("/notices/new/"), "栏目")
        response = self.client.post("/notices/new/", self.form())
        article = Article.objects.get()
        self.assertRedirects(response, article.get_absolute_url())
        assert "script" not in article.body
        assert article.state == ArticleState.DRAFT
        response = self.client.post(f"/notices/{article.pk}/publish/")
        article.refresh_from_db()
        assert article.state == ArticleState.PUBLISHED
        response = self.client.post(
            f"/notices/{article.pk}/edit/", self.form(title="改过的通知", pinned="on")
        )
        article.refresh_from_db()
        assert (article.title, article.pinned) == ("改过的通知", True)
        self.client.post(f"/notices/{article.pk}/withdraw/", {"reason": "重复"})
        article.refresh_from_db()
        assert article.state == ArticleState.WITHDRAWN
        actions = set(AuditEvent.objects.values_list("action", flat=True))
        assert {
            "article.create",
            "article.publish",
            "article.update",
            "article.withdraw",
        } <= actions

    def test_it_shows_errors_by_the_field_in_chinese(self):
        self.login(self.city_officer)
        response = self.client.post("/notices/new/", self.form(title="", category="x"))
        assert response.status_code == 200
        form = response.context["form"]
        assert "title" in form.errors and "category" in form.errors
        self.assertContains(response, "标题：该字段是必填项")
        assert not Article.objects.exists()

    def test_it_refuses_other_users_and_sends_anonymous_to_log_in(self):
        article = self.make(publish=False)
        urls = ["/notices/manage/", "/notices/new/", f"/notices/{article.pk}/edit/"]
        for url in urls:
            assert self.client.get(url).status_code == 302
            assert "/accounts/login/" in self.client.get(url)["Location"]
        assert "/accounts/login/" in self.client.post(f"/notices/{article.pk}/publish/")["Location"]
        for user in (self.citizen, self.enterprise_user, self.county_officer):
            self.login(user)
            for url in urls:
                with self.subTest(user=user.username, url=url):
                    assert self.client.get(url).status_code == 403
            assert self.client.post("/notices/new/", self.form()).status_code == 403
            assert self.client.post(f"/notices/{article.pk}/publish/").status_code == 403
        article.refresh_from_db()
        assert article.state == ArticleState.DRAFT
        assert Article.objects.count() == 1

    def test_it_publishes_attachments_with_the_article(self):
        article = self.make(publish=False)
        self.login(self.city_officer)
        pdf = SimpleUploadedFile(
            "附件.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
        )
        self.client.post(f"/notices/{article.pk}/documents/", {"kind": "other", "file": pdf})
        document = Document.objects.get(object_id=str(article.pk), original_name="附件.pdf")
        self.client.logout()
        from documents.public import public_document_get

        assert public_document_get(document.pk) is None  # a draft's files stay private
        article_publish(article=article, actor=self.city_officer)
        assert public_document_get(document.pk) == document


class FeedAndApiTests(ArticleTestCase):
    def test_it_serves_a_parseable_rss_feed_of_public_articles(self):
        self.make(title="公开通知", summary="摘要<script>x</script>")
        self.make(title="草稿", publish=False)
        response = self.client.get("/notices/feed/")
        assert response.status_code == 200
        root = ET.fromstring(response.content)  # noqa: S314 (our own feed)
        items = root.findall("./channel/item")
        assert [i.findtext("title") for i in items] == ["公开通知"]
        assert (
            items[0]
            .findtext("link")
            .endswith(Article.objects.get(title="公开通知").get_absolute_url())
        )

    def test_it_lists_public_articles_in_the_api_filtered_by_category(self):
        self.make(title="一条政策", category="policy")
        self.make(title="一条通知")
        data = self.client.get("/api/v1/notices/?category=policy").json()
        titles = [row["title"] for row in data["results"]]
        assert titles == ["一条政策"]
        assert data["results"][0]["category_label"] == "政策法规"
        assert self.client.get("/api/v1/notices/?category=nope").status_code == 400
        assert self.client.post("/api/v1/notices/", {}).status_code in (401, 403, 405)


class QueryCountTests(ArticleTestCase):
    def test_it_lists_articles_in_a_fixed_number_of_queries(self):
        for i in range(3):
            self.make(title=f"通知{i}")
        self.client.get("/notices/")  # warm the per-process caches (site, menus)
        with self.assertNumQueries(2) as ctx:  # the count for the paginator and the page
            self.client.get("/notices/")
        for i in range(10):
            self.make(title=f"更多通知{i}", category="news")
        with self.assertNumQueries(len(ctx.captured_queries)):
            self.client.get("/notices/")
