"""Following a topic (我的关注) and its alerts: a new standard enters, one in the topic is
abolished or replaced, a draft opens for comment in its field — each told once, one
notification per user per batch."""

import datetime

from django.utils import timezone

from catalog import services as catalog_services
from catalog.models import Standard
from catalog.tests.factories import link, make_standard
from consultation.tests.helpers import ConsultationMixin
from follows import services as follow_services
from follows.models import ObjectFollow
from notifications.models import Notification
from topics import refresh
from topics.tests.helpers import TopicTestCase


class FollowTopicTest(ConsultationMixin, TopicTestCase):
    def setUp(self):
        super().setUp()
        self.add_rule(self.balls, q="足球")
        self.target = f"topics.topic:{self.topic.pk}"

    def inbox(self, user):
        return list(Notification.objects.filter(recipient=user).order_by("id"))

    def test_the_follow_button_follows_and_my_follows_lists_it(self):
        self.login(self.enterprise_user)
        page = self.client.get("/topics/sports/")
        self.assertContains(page, "关注此专题")
        response = self.client.post(
            "/follows/objects/", {"target": self.target, "next": "/topics/sports/"}
        )
        self.assertRedirects(response, "/topics/sports/", fetch_redirect_response=False)
        self.assertContains(self.client.get("/topics/sports/"), "已关注")
        self.assertContains(self.client.get("/follows/"), "体育产业")

    def test_an_unpublished_topic_cannot_be_followed_by_the_public(self):
        from django.core.exceptions import ValidationError

        from topics import services

        services.topic_update(
            topic=self.topic, actor=self.city_officer, values={"is_published": False}
        )
        with self.assertRaises(ValidationError):
            follow_services.object_follow_create(user=self.enterprise_user, target=self.target)
        self.assertFalse(ObjectFollow.objects.exists())

    def test_a_new_standard_entering_the_topic_is_told_once(self):
        follow_services.object_follow_create(user=self.enterprise_user, target=self.target)
        with self.captureOnCommitCallbacks(execute=True):
            make_standard("GB/T 40000-2026", "足球 训练场地要求")
            make_standard("GB/T 40002-2026", "足球 球网")
        refresh.process_pending()  # nothing left: not told twice
        (note,) = self.inbox(self.enterprise_user)
        self.assertIn("2 项更新", note.title)
        self.assertIn("GB/T 40000-2026", note.body)
        self.assertEqual(note.kind, "alert")

    def test_an_abolished_standard_in_the_topic_is_told(self):
        follow_services.object_follow_create(user=self.enterprise_user, target=self.target)
        with self.captureOnCommitCallbacks(execute=True):
            s = Standard.objects.get(pk=self.soccer.pk)
            s.status = "abolished"
            catalog_services.standard_save(standard=s, actor=self.city_officer)
        (note,) = self.inbox(self.enterprise_user)
        self.assertIn("DB3708/T 12-2021", note.title)
        self.assertIn("已废止", note.title)

    def test_a_replaced_standard_in_the_topic_is_told_once(self):
        follow_services.object_follow_create(user=self.enterprise_user, target=self.target)
        with self.captureOnCommitCallbacks(execute=True):
            new = make_standard("GB/T 22517.6-2026", "体育场地使用要求 第6部分")
        Notification.objects.all().delete()
        for _ in range(2):
            with self.captureOnCommitCallbacks(execute=True):
                old = Standard.objects.get(pk=self.field.pk)
                if not old.replaced_by_links.exists():
                    link(old, new)
                catalog_services.standard_links_refresh(standard=old, actor=self.city_officer)
        notes = self.inbox(self.enterprise_user)
        self.assertEqual(len(notes), 1)
        self.assertIn("已被 GB/T 22517.6-2026 代替", notes[0].title)

    def test_who_follows_the_standard_and_its_topic_hears_of_its_abolition_once(self):
        follow_services.object_follow_create(user=self.enterprise_user, target=self.target)
        follow_services.follow_create(user=self.enterprise_user, code=self.soccer.code)
        follow_services.object_follow_create(user=self.expert, target=self.target)
        with self.captureOnCommitCallbacks(execute=True):
            s = Standard.objects.get(pk=self.soccer.pk)
            s.status = "abolished"
            catalog_services.standard_save(standard=s, actor=self.city_officer)
        (note,) = self.inbox(self.enterprise_user)  # from the standard's own follow
        self.assertIn("关注的标准 DB3708/T 12-2021", note.title)
        (topic_note,) = self.inbox(self.expert)  # the topic's follower alone: from the topic
        self.assertIn("专题“体育产业”中的 DB3708/T 12-2021", topic_note.title)

    def test_who_follows_the_standard_and_its_topic_hears_of_its_replacement_once(self):
        follow_services.object_follow_create(user=self.enterprise_user, target=self.target)
        follow_services.follow_create(user=self.enterprise_user, code=self.field.code)
        with self.captureOnCommitCallbacks(execute=True):
            new = make_standard("GB/T 22517.6-2026", "体育场地使用要求 第6部分")
        Notification.objects.all().delete()
        with self.captureOnCommitCallbacks(execute=True):
            old = Standard.objects.get(pk=self.field.pk)
            link(old, new)
            catalog_services.standard_links_refresh(standard=old, actor=self.city_officer)
        (note,) = self.inbox(self.enterprise_user)
        self.assertIn(f"关注的标准 {self.field.code} 已被 GB/T 22517.6-2026", note.title)

    def test_a_draft_opening_for_comment_in_the_field_is_told_once(self):
        follow_services.object_follow_create(user=self.enterprise_user, target=self.target)
        follow_services.object_follow_create(user=self.expert, target=self.target)
        self.organization = self.enterprise_user.memberships.first().organization
        consultation = self.make_consultation()
        consultation.title = "社区足球场地管理规范（征求意见稿）"
        consultation.save(update_fields=["title"])
        other = self.make_consultation()  # 城市公共厕所保洁服务规范: not in the field
        self.assertEqual(refresh.tell_consultations(), 2)
        self.assertEqual(refresh.tell_consultations(), 0)
        (note,) = self.inbox(self.enterprise_user)
        self.assertIn("社区足球场地管理规范", note.title)
        self.assertNotIn(other.title, note.body)

    def test_a_consultation_opening_later_is_told_when_it_opens(self):
        follow_services.object_follow_create(user=self.enterprise_user, target=self.target)
        self.organization = self.enterprise_user.memberships.first().organization
        opens = timezone.now() + datetime.timedelta(days=2)
        later = self.make_consultation(opens_at=opens)
        later.title = "足球青训服务规范"
        later.save(update_fields=["title"])
        self.assertEqual(refresh.tell_consultations(), 0)
        self.assertEqual(refresh.tell_consultations(now=opens + datetime.timedelta(hours=1)), 1)

    def test_another_users_topic_follow_cannot_be_removed(self):
        follow, _ = follow_services.object_follow_create(
            user=self.enterprise_user, target=self.target
        )
        self.login(self.other_enterprise_user)
        response = self.client.post(f"/follows/objects/{follow.pk}/delete/")
        self.assertEqual(response.status_code, 404)
        self.assertTrue(ObjectFollow.objects.filter(pk=follow.pk).exists())

    def test_a_bad_follow_target_is_refused_in_chinese(self):
        self.login(self.enterprise_user)
        response = self.client.post("/follows/objects/", {"target": "accounts.user:1"}, follow=True)
        self.assertContains(response, "无法关注该对象")
        self.assertFalse(ObjectFollow.objects.exists())
