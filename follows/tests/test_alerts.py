"""Alerts: followed standards changing status or being replaced, new matches of saved searches,
the status roll-over command and the digest — each through the real write paths."""

import datetime
from io import StringIO
from unittest import mock

from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from catalog import services as catalog_services
from catalog.models import Standard
from catalog.tests.factories import make_standard
from catalog.tests.search_helpers import SearchTestCase, import_csv
from follows import services
from follows.digest import send_follow_digest
from follows.models import DigestItem
from notifications.models import Notification

HEADER = "标准号,标准名称,状态,发布日期,实施日期,代替标准\n"


class AlertTest(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.upcoming = make_standard(
            "GB/T 30000-2026",
            "智能制造 数据字典",
            status="upcoming",
            issue_date=datetime.date(2026, 5, 1),
            implement_date=datetime.date(2099, 1, 1),
        )
        cls.old = make_standard("DB3708/T 12-2021", "足球场地人造草面层维护规范")

    def inbox(self, user):
        return list(Notification.objects.filter(recipient=user).order_by("id"))

    def pending(self) -> int:
        """Outbox rows follows has not told yet."""
        from catalog import outbox
        from catalog.models import CatalogChange

        cursor = outbox.cursor_state("follows")
        return CatalogChange.objects.filter(id__gt=cursor.position if cursor else 0).count()

    def test_a_status_change_by_the_service_alerts_followers_in_inbox_and_email(self):
        services.follow_create(user=self.enterprise_user, code="GB/T 30000-2026")
        services.follow_create(user=self.expert, code="GB/T 30000-2026")
        standard = Standard.objects.get(pk=self.upcoming.pk)
        standard.implement_date = datetime.date(2026, 6, 1)
        standard.status = "current"
        with self.captureOnCommitCallbacks(execute=True):
            catalog_services.standard_save(standard=standard, actor=self.city_officer)
        for user in (self.enterprise_user, self.expert):
            (note,) = self.inbox(user)
            self.assertEqual(note.kind, "alert")
            self.assertIn("GB/T 30000-2026", note.title)
            self.assertIn("“即将实施”变为“现行”", note.body)
            self.assertEqual(note.url, standard.get_absolute_url())
        self.assertEqual(self.inbox(self.citizen), [])
        self.assertEqual(
            sorted(m.to[0] for m in mail.outbox),
            ["enterprise@example.invalid", "expert@example.invalid"],
        )
        self.assertEqual(self.pending(), 0)

    def test_an_edit_that_keeps_the_status_tells_nobody(self):
        services.follow_create(user=self.enterprise_user, code="DB3708/T 12-2021")
        standard = Standard.objects.get(pk=self.old.pk)
        standard.title = "足球场地人造草面层养护规范"
        with self.captureOnCommitCallbacks(execute=True):
            catalog_services.standard_save(standard=standard, actor=self.city_officer)
        self.assertEqual(self.inbox(self.enterprise_user), [])

    def test_a_replacement_in_an_import_alerts_the_followers_of_the_old_standard(self):
        services.follow_create(user=self.enterprise_user, code="DB3708/T 12-2021")
        csv = (
            HEADER
            + "DB3708/T 12-2026,足球场地人造草面层维护规范,现行,2026-01-01,2026-02-01,DB3708/T 12-2021\n"
        )
        with self.captureOnCommitCallbacks(execute=True):
            import_csv(csv, actor=self.city_officer)
        (note,) = self.inbox(self.enterprise_user)
        self.assertIn("已被 DB3708/T 12-2026 代替", note.title)
        # Importing the same file again tells nothing new.
        with self.captureOnCommitCallbacks(execute=True):
            import_csv(csv, actor=self.city_officer)
        self.assertEqual(len(self.inbox(self.enterprise_user)), 1)

    def test_an_import_gives_one_notification_per_user_summarising_everything(self):
        services.follow_create(user=self.enterprise_user, code="DB3708/T 12-2021")
        services.follow_create(user=self.enterprise_user, code="GB/T 30000-2026")
        services.saved_search_create(user=self.enterprise_user, name="照明", params={"q": "照明"})
        services.saved_search_create(
            user=self.expert, name="地方照明", params={"q": "照明", "kind": "municipal"}
        )
        rows = [
            "DB3708/T 12-2026,足球场地人造草面层维护规范,现行,2026-01-01,2026-02-01,DB3708/T 12-2021",
            "GB/T 30000-2026,智能制造 数据字典,现行,2026-05-01,2026-06-01,",
        ]
        rows += [
            f"DB3708/T {100 + i}-2026,道路照明设施第{i}部分,现行,2026-01-01,2026-02-01,"
            for i in range(30)
        ]
        rows.append("GB/T 40001-2026,体育场馆照明要求,现行,2026-01-01,2026-02-01,")
        rows.append("GB/T 40002-2026,食品添加剂使用标准,现行,2026-01-01,2026-02-01,")
        with self.captureOnCommitCallbacks(execute=True):
            import_csv(HEADER + "\n".join(rows) + "\n", actor=self.city_officer)
        (note,) = self.inbox(self.enterprise_user)
        self.assertIn("3 项更新", note.title)
        self.assertIn("已被 DB3708/T 12-2026 代替", note.body)
        self.assertIn("“即将实施”变为“现行”", note.body)
        self.assertIn("保存的检索“照明”有 31 项新标准", note.body)
        (expert_note,) = self.inbox(self.expert)
        self.assertIn("保存的检索“地方照明”有 30 项新标准", expert_note.title)
        self.assertNotIn("GB/T 40001-2026", expert_note.body)
        self.assertEqual(len(mail.outbox), 2)
        self.assertEqual(self.inbox(self.citizen), [])

    def test_non_public_new_standards_never_match_saved_searches(self):
        services.saved_search_create(user=self.expert, name="照明", params={"q": "照明"})
        with self.captureOnCommitCallbacks(execute=True):
            make_standard("Q/JN 2-2026", "内部照明规范", is_public=False)
        self.assertEqual(self.inbox(self.expert), [])

    def test_new_standards_wait_for_the_search_index(self):
        services.saved_search_create(user=self.expert, name="照明", params={"q": "照明"})
        with (
            override_settings(SEARCH_INDEXER="worker"),
            self.captureOnCommitCallbacks(execute=True),
        ):
            make_standard("DB3708/T 200-2026", "道路照明设施维护规范")
        self.assertEqual(self.inbox(self.expert), [])
        self.assertEqual(self.pending(), 1)
        call_command("run_search_indexer", "--once", stdout=StringIO())
        send_follow_digest(period="daily")  # processes what is pending first
        notes = self.inbox(self.expert)
        self.assertIn("保存的检索“照明”有 1 项新标准", notes[0].title)

    def test_the_roll_over_command_moves_statuses_and_alerts(self):
        services.follow_create(user=self.enterprise_user, code="GB/T 30000-2026")
        Standard.objects.filter(pk=self.upcoming.pk).update(
            implement_date=timezone.localdate() - datetime.timedelta(days=1)
        )
        out = StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("refresh_standard_status", stdout=out)
        self.assertIn("已更新 1 项", out.getvalue())
        self.assertEqual(Standard.objects.get(pk=self.upcoming.pk).status, "current")
        (note,) = self.inbox(self.enterprise_user)
        self.assertIn("状态变为“现行”", note.title)
        self.assertEqual(self.codes(q="数据字典", status="current"), ["GB/T 30000-2026"])
        from core.models import AuditEvent

        self.assertTrue(AuditEvent.objects.filter(action="standard.status_refresh").exists())
        with self.captureOnCommitCallbacks(execute=True):
            call_command("refresh_standard_status", stdout=out)
        self.assertEqual(len(self.inbox(self.enterprise_user)), 1)

    def test_the_roll_over_abolishes_on_the_abolish_date(self):
        services.follow_create(user=self.expert, code="DB3708/T 12-2021")
        Standard.objects.filter(pk=self.old.pk).update(abolish_date=datetime.date(2026, 1, 1))
        with self.captureOnCommitCallbacks(execute=True):
            call_command("refresh_standard_status", "--date", "2026-01-01", stdout=StringIO())
        self.assertEqual(Standard.objects.get(pk=self.old.pk).status, "abolished")
        self.assertIn("“现行”变为“废止”", self.inbox(self.expert)[0].body)

    @override_settings(FOLLOW_UPCOMING_DAYS=30)
    def test_the_digest_is_sent_once_and_records_what_it_sent(self):
        Standard.objects.filter(pk=self.upcoming.pk).update(
            implement_date=timezone.localdate() + datetime.timedelta(days=10)
        )
        services.follow_create(user=self.enterprise_user, code="GB/T 30000-2026")
        services.saved_search_create(user=self.enterprise_user, name="照明", params={"q": "照明"})
        with self.captureOnCommitCallbacks(execute=True):
            make_standard("DB3708/T 201-2026", "景观照明设计规范")
        Notification.objects.all().delete()
        mail.outbox.clear()
        out = StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("send_follow_digest", "--period", "weekly", stdout=out)
        self.assertIn("已向 1 位用户发送摘要，共 2 项", out.getvalue())
        (note,) = self.inbox(self.enterprise_user)
        self.assertIn("每周关注摘要：2 项更新", note.title)
        self.assertIn("GB/T 30000-2026《智能制造 数据字典》将于", note.body)
        self.assertIn("（还有 10 天）", note.body)
        self.assertIn("DB3708/T 201-2026", note.body)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(DigestItem.objects.filter(user=self.enterprise_user).count(), 2)
        with self.captureOnCommitCallbacks(execute=True):
            call_command("send_follow_digest", "--period", "weekly", stdout=out)
        self.assertEqual(len(self.inbox(self.enterprise_user)), 1)
        self.assertEqual(len(mail.outbox), 1)

    def test_the_digest_ignores_changes_far_ahead(self):
        services.follow_create(user=self.enterprise_user, code="GB/T 30000-2026")  # 2099
        result = send_follow_digest(period="daily")
        self.assertEqual(result, {"users": 0, "items": 0})
        self.assertEqual(self.inbox(self.enterprise_user), [])

    def test_an_admin_link_edit_alerts_once(self):
        from catalog.tests.factories import link

        services.follow_create(user=self.expert, code="DB3708/T 12-2021")
        new = make_standard("DB3708/T 12-2026", "足球场地人造草面层维护规范")
        link(self.old, new)
        with self.captureOnCommitCallbacks(execute=True):
            catalog_services.standard_links_refresh(standard=new, actor=self.city_officer)
            catalog_services.standard_links_refresh(standard=new, actor=self.city_officer)
        notes = self.inbox(self.expert)
        self.assertEqual(len(notes), 1)
        self.assertIn("已被 DB3708/T 12-2026 代替", notes[0].title)

    def test_a_saved_search_broader_than_the_window_keeps_alerting(self):
        """No database fallback once a search finds more than the deepest page: new standards
        are matched inside the index, whatever the search finds in the whole catalog."""
        services.saved_search_create(user=self.expert, name="照明", params={"q": "照明"})
        rows = [
            f"GB/T {41000 + i}-2026,道路照明规范 第{i}部分,现行,2026-01-01,2026-02-01,"
            for i in range(12)
        ]
        with self.captureOnCommitCallbacks(execute=True):
            import_csv(HEADER + "\n".join(rows) + "\n")
        rows = [
            f"GB/T {42000 + i}-2026,隧道照明规范 第{i}部分,现行,2026-01-01,2026-02-01,"
            for i in range(2)
        ]
        with (
            mock.patch("catalog.search.query.MAX_WINDOW", 5),
            self.captureOnCommitCallbacks(execute=True),
        ):
            import_csv(HEADER + "\n".join(rows) + "\n")
        notes = self.inbox(self.expert)
        self.assertIn("保存的检索“照明”有 2 项新标准", notes[-1].title)

    def test_a_bureau_saved_search_is_told_of_non_public_standards_it_may_see(self):
        services.saved_search_create(user=self.city_officer, name="照明", params={"q": "照明"})
        services.saved_search_create(user=self.expert, name="照明", params={"q": "照明"})
        with self.captureOnCommitCallbacks(execute=True):
            make_standard("Q/JN 3-2026", "内部照明规范", is_public=False)
        self.assertIn("有 1 项新标准", self.inbox(self.city_officer)[0].title)
        self.assertEqual(self.inbox(self.expert), [])

    def test_followers_are_told_once_even_when_the_changes_are_read_again(self):
        services.follow_create(user=self.expert, code="GB/T 30000-2026")
        standard = Standard.objects.get(pk=self.upcoming.pk)
        standard.status = "current"
        standard.implement_date = datetime.date(2026, 6, 1)
        with self.captureOnCommitCallbacks(execute=True):
            catalog_services.standard_save(standard=standard, actor=self.city_officer)
        from follows.alerts import process_pending

        process_pending()
        send_follow_digest(period="daily")
        self.assertEqual(len(self.inbox(self.expert)), 1)
