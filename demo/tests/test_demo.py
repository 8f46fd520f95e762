"""The demo `make run` loads: one source of truth for who belongs where."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.test import TestCase, override_settings

from accounts.models import User
from demo.loaders import DEMO_STANDARD_FILES, load_demo
from directory.selectors import organization_of

INSTITUTE = "济宁市标准化研究院（示范）"


MEDIA = tempfile.mkdtemp(prefix="jining-demo-media-")


@override_settings(MEDIA_ROOT=MEDIA)
class DemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # The first rows of the real demo files keep the test short.
        cls.data_dir = Path(tempfile.mkdtemp())
        for name in DEMO_STANDARD_FILES:
            source = Path(settings.BASE_DIR) / "data" / "standards" / name
            lines = source.read_text(encoding="utf-8").splitlines()[:4]
            (cls.data_dir / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        load_demo(data_dir=cls.data_dir)

    def test_it_shows_the_expert_the_same_organization_on_the_workspace_and_the_profile(self):
        expert = User.objects.get(username="expert")
        assert organization_of(expert).name == INSTITUTE
        self.client.force_login(expert)
        workspace = self.client.get("/workspace/").content.decode()
        profile = self.client.get("/accounts/profile/").content.decode()
        assert INSTITUTE in workspace and INSTITUTE in profile
        assert "尚未加入任何机构" not in profile

    def test_every_demo_user_with_an_organization_acts_for_it(self):
        assert organization_of(User.objects.get(username="enterprise")).name == (
            "济宁示范机械制造有限公司"
        )
        assert organization_of(User.objects.get(username="city")) is None

    def test_loading_twice_changes_nothing(self):
        users = User.objects.count()
        load_demo(data_dir=self.data_dir)
        assert User.objects.count() == users

    def test_the_bureau_sees_demo_site_figures_marked_as_demo(self):
        from analytics.models import DailyCount, SearchTerm

        days = DailyCount.objects.filter(metric="home_visit").count()
        assert days == 90 and SearchTerm.objects.filter(zero_total__gt=0).exists()
        self.client.force_login(User.objects.get(username="city"))
        response = self.client.get("/analytics/")
        self.assertContains(response, "演示数据")
        self.assertContains(response, "羊肉汤 制作规范")
        load_demo(data_dir=self.data_dir)  # loaded once
        assert DailyCount.objects.filter(metric="home_visit").count() == days

    def test_it_shows_the_public_the_due_demo_notices_only(self):
        from notices.models import Article

        content = self.client.get("/").content.decode()
        assert "关于开展2027年度济宁市地方标准立项申报工作的通知" in content
        assert "关于开展标准化宣传周活动的通知" not in content  # scheduled for tomorrow
        assert Article.objects.count() > Article.objects.public().count()

    def test_every_demo_organization_has_its_licence_as_a_readable_pdf(self):
        from directory.models import Organization
        from documents.filetypes import sniff
        from documents.models import Document

        for organization in Organization.objects.all():
            document = Document.objects.get(object_id=str(organization.pk), kind="business_license")
            data = (Path(MEDIA) / document.file.name).read_bytes()
            assert sniff(data, "pdf") == "pdf" and data.rstrip().endswith(b"%%EOF")
        self.client.force_login(User.objects.get(username="county"))
        pending = Organization.objects.get(verification_state="submitted")
        page = self.client.get(pending.get_absolute_url()).content.decode()
        assert "营业执照（示范）.pdf" in page and "审核通过" in page
