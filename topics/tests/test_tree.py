"""The standard-system tree: add, reorder, re-parent, a cycle refused, every change audited; and
who may edit or read a topic."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.models import AuditEvent
from topics import services
from topics.models import Topic, TopicNode
from topics.tests.helpers import TopicTestCase


class TreeEditingTest(TopicTestCase):
    def order(self, parent=None):
        return list(
            TopicNode.objects.filter(topic=self.topic, parent=parent)
            .order_by("order", "id")
            .values_list("name", flat=True)
        )

    def test_nodes_move_up_and_down_among_their_siblings(self):
        self.assertEqual(self.order(), ["基础通用", "体育服务"])
        self.assertTrue(
            services.node_move(node=self.empty, actor=self.city_officer, direction="up")
        )
        self.assertEqual(self.order(), ["体育服务", "基础通用"])
        self.assertFalse(
            services.node_move(node=self.empty, actor=self.city_officer, direction="up")
        )
        self.assertEqual(AuditEvent.objects.filter(action="topic_node.move").count(), 1)

    def test_a_node_can_be_re_parented(self):
        services.node_update(
            node=self.empty, actor=self.city_officer,
            values={"code": "101.2", "name": "体育服务", "category": "service", "parent": self.root},
        )  # fmt: skip
        self.assertEqual(self.order(self.root), ["足球场地", "体育服务"])
        self.assertTrue(AuditEvent.objects.filter(action="topic_node.update").exists())

    def test_a_move_under_its_own_descendant_is_refused_in_chinese(self):
        with self.assertRaises(ValidationError) as caught:
            services.node_update(
                node=self.root, actor=self.city_officer,
                values={"code": "101", "name": "基础通用", "category": "", "parent": self.balls},
            )  # fmt: skip
        self.assertIn("循环", caught.exception.message_dict["parent"][0])
        self.root.refresh_from_db()
        self.assertIsNone(self.root.parent_id)

    def test_the_bureau_page_moves_and_re_parents_without_javascript(self):
        self.login(self.city_officer)
        url = reverse("topics:node_move", args=["sports", self.empty.pk])
        self.assertEqual(self.client.post(url, {"direction": "up"}).status_code, 302)
        self.assertEqual(self.order(), ["体育服务", "基础通用"])
        response = self.client.post(
            reverse("topics:node_edit", args=["sports", self.root.pk]),
            {"code": "101", "name": "基础通用", "category": "", "parent": self.balls.pk},
        )
        self.assertContains(response, "循环")

    def test_deleting_a_node_deletes_its_children(self):
        services.node_delete(node=self.root, actor=self.city_officer)
        self.assertEqual(self.order(), ["体育服务"])
        self.assertFalse(TopicNode.objects.filter(pk=self.balls.pk).exists())


class PermissionTest(TopicTestCase):
    def test_an_enterprise_cannot_edit_a_topic(self):
        with self.assertRaises(PermissionDenied):
            services.node_create(
                topic=self.topic, actor=self.enterprise_user,
                values={"code": "9", "name": "企业节点", "category": "", "parent": None},
            )  # fmt: skip
        self.login(self.enterprise_user)
        response = self.client.post(
            reverse("topics:node_create", args=["sports"]), {"name": "企业节点"}
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.client.get(reverse("topics:manage")).status_code, 403)
        self.assertFalse(TopicNode.objects.filter(name="企业节点").exists())

    def test_the_public_reads_published_topics_only(self):
        services.topic_create(
            actor=self.city_officer,
            values={
                "name": "筹备中",
                "slug": "draft-topic",
                "kind": "other",
                "is_published": False,
            },
        )
        listing = self.client.get(reverse("topics:list"))
        self.assertContains(listing, "体育产业")
        self.assertNotContains(listing, "筹备中")
        self.assertEqual(self.client.get("/topics/draft-topic/").status_code, 404)
        self.assertEqual(self.client.get("/api/v1/topics/draft-topic/").status_code, 404)
        self.login(self.city_officer)
        self.assertEqual(self.client.get("/topics/draft-topic/").status_code, 200)

    def test_anonymous_is_sent_to_login_for_bureau_pages(self):
        response = self.client.get(reverse("topics:edit", args=["sports"]))
        self.assertEqual(response.status_code, 302)

    def test_a_topic_with_a_taken_slug_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            services.topic_create(
                actor=self.city_officer,
                values={"name": "另一个", "slug": "sports", "kind": "other"},
            )
        self.assertIn("已被使用", caught.exception.message_dict["slug"][0])
        self.assertEqual(Topic.objects.count(), 1)


class TopicFormTest(TopicTestCase):
    def post(self, **extra):
        data = {"name": "体育产业", "slug": "sports", "kind": "other", "order": 0,
                "is_published": "on", **extra}  # fmt: skip
        return self.client.post(reverse("topics:edit", args=["sports"]), data)

    def test_the_bureau_sets_the_topics_classes_by_code(self):
        from reference.models import IcsClass

        IcsClass.objects.create(code="97", level=1, name_en="x", name_zh="文体")
        IcsClass.objects.create(code="97.220", level=2, parent_id="97", name_en="x", name_zh="体育")
        self.login(self.city_officer)
        self.assertEqual(self.post(ics_codes="97.220").status_code, 302)
        self.assertEqual(list(self.topic.ics.values_list("code", flat=True)), ["97.220"])
        self.assertContains(self.client.get("/topics/sports/"), "97.220")
        self.assertEqual(self.client.get("/api/v1/topics/sports/").json()["ics"], ["97.220"])

    def test_an_unknown_class_code_is_refused_in_chinese_and_nothing_changes(self):
        self.login(self.city_officer)
        response = self.post(ics_codes="99.999", name="改名")
        self.assertContains(response, "分类代码不存在：99.999")
        self.topic.refresh_from_db()
        self.assertEqual(self.topic.name, "体育产业")
