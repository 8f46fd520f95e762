"""A small topic over a small catalog, built through the services (as the bureau would)."""

from catalog.tests.factories import make_standard
from catalog.tests.search_helpers import SearchTestCase
from topics import services


class TopicTestCase(SearchTestCase):
    def setUp(self):
        super().setUp()
        with self.captureOnCommitCallbacks(execute=True):
            self.soccer = make_standard("DB3708/T 12-2021", "足球场地人造草面层维护规范")
            self.field = make_standard("GB/T 22517.6-2020", "体育场地使用要求及检验方法 足球场地")
            self.rice = make_standard("GB/T 1354-2018", "大米")
            self.old_rice = make_standard("GB/T 1354-2009", "大米（旧版）", status="abolished")
            self.hidden = make_standard("DB3708/T 99-2024", "足球内部规范", is_public=False)
            self.topic = services.topic_create(
                actor=self.city_officer,
                values={"name": "体育产业", "slug": "sports", "kind": "other",
                        "is_published": True, "keywords": "足球 体育"},
            )  # fmt: skip
            self.root = self.node("101", "基础通用", category="general")
            self.balls = self.node("102", "足球场地", parent=self.root)
            self.empty = self.node("103", "体育服务", category="service")

    def node(self, code, name, parent=None, category=""):
        return services.node_create(
            topic=self.topic,
            actor=self.city_officer,
            values={"code": code, "name": name, "category": category, "parent": parent},
        )

    def add_rule(self, node, **params):
        with self.captureOnCommitCallbacks(execute=True):
            return services.rule_create(node=node, actor=self.city_officer, params=params)
