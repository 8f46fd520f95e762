"""The demo `make run` loads: one source of truth for who belongs where."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.test import TestCase

from accounts.models import User
from demo.loaders import DEMO_STANDARD_FILES, load_demo
from directory.selectors import organization_of

INSTITUTE = "济宁市标准化研究院（示范）"


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
