"""Rules place standards as the public search finds them, stored, capped, and re-evaluated when
the catalog changes (through the outbox): a standard added, abolished, replaced, retitled."""

from unittest import mock

from django.core.management import call_command

from catalog import services as catalog_services
from catalog.models import Standard
from catalog.tests.factories import link, make_standard
from topics import selectors, services
from topics.models import NodePlacement
from topics.tests.helpers import TopicTestCase


class RuleTest(TopicTestCase):
    def codes(self, node):
        return sorted(
            NodePlacement.objects.filter(node=node).values_list("standard__code", flat=True)
        )

    def test_a_rule_places_what_the_public_search_finds(self):
        rule = self.add_rule(self.balls, q="足球")
        self.assertEqual(self.codes(self.balls), ["DB3708/T 12-2021", "GB/T 22517.6-2020"])
        rule.refresh_from_db()
        self.assertEqual(rule.match_count, 2)
        self.assertFalse(rule.is_capped)
        self.assertIsNotNone(rule.evaluated_at)  # the non-public 足球内部规范 is left out

    def test_an_invalid_rule_is_refused_and_nothing_is_saved(self):
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError) as caught:
            services.rule_create(node=self.balls, actor=self.city_officer, params={"status": "x"})
        self.assertIn("检索条件有误", str(caught.exception))
        self.assertFalse(self.balls.rules.exists())

    def test_a_rule_keeps_at_most_the_cap_and_says_so(self):
        with mock.patch("topics.refresh.RULE_CAP", 1):
            rule = self.add_rule(self.balls, q="足球")
        rule.refresh_from_db()
        self.assertEqual(len(self.codes(self.balls)), 1)
        self.assertTrue(rule.is_capped)
        self.assertEqual(rule.match_count, 2)

    def test_a_new_standard_enters_through_the_outbox(self):
        self.add_rule(self.balls, q="足球")
        with self.captureOnCommitCallbacks(execute=True):
            make_standard("GB/T 40000-2026", "足球 训练场地要求")
        self.assertIn("GB/T 40000-2026", self.codes(self.balls))

    def test_an_abolished_or_replaced_standard_stays_and_is_counted(self):
        self.add_rule(self.balls, q="足球")
        with self.captureOnCommitCallbacks(execute=True):
            new = make_standard("DB3708/T 12-2026", "足球场地人造草面层维护规范（新）")
            old = Standard.objects.get(pk=self.soccer.pk)
            old.status = "abolished"
            catalog_services.standard_save(standard=old, actor=self.city_officer)
            link(old, new)
            catalog_services.standard_links_refresh(standard=old, actor=self.city_officer)
        counts = selectors.node_counts(None, self.topic)[self.balls.pk]
        self.assertEqual(counts["abolished"], 1)
        self.assertEqual(counts["replaced"], 1)
        rows, total = selectors.outdated(None, self.topic)
        self.assertEqual(total, 1)
        self.assertEqual([r.new_code for r in rows[0].replacements], ["DB3708/T 12-2026"])

    def test_a_standard_no_longer_matching_leaves_the_node(self):
        self.add_rule(self.balls, q="足球")
        with self.captureOnCommitCallbacks(execute=True):
            s = Standard.objects.get(pk=self.field.pk)
            s.title = "体育场地使用要求及检验方法 篮球场地"
            catalog_services.standard_save(standard=s, actor=self.city_officer)
        self.assertEqual(self.codes(self.balls), ["DB3708/T 12-2021"])

    def test_a_match_between_changed_standards_stays_when_it_did_not_change(self):
        # Placements are read by the changed ids' range: one inside it, unchanged, is kept.
        self.add_rule(self.balls, q="足球")
        self.assertLess(self.soccer.pk, self.field.pk)
        self.assertLess(self.field.pk, self.rice.pk)
        with self.captureOnCommitCallbacks(execute=True):
            for pk, title in (
                (self.soccer.pk, "足球场地人造草面层维护规范 第2版"),
                (self.rice.pk, "大米 足球"),
            ):
                s = Standard.objects.get(pk=pk)
                s.title = title
                catalog_services.standard_save(standard=s, actor=self.city_officer)
        self.assertEqual(
            self.codes(self.balls), ["DB3708/T 12-2021", "GB/T 1354-2018", "GB/T 22517.6-2020"]
        )

    def test_the_command_applies_pending_changes_and_is_idempotent(self):
        self.add_rule(self.balls, q="足球")
        # Changes made while the signal is not heard are picked up by the cron command.
        from catalog.outbox import changes_indexed

        changes_indexed.disconnect(dispatch_uid="topics.refresh")
        try:
            with self.captureOnCommitCallbacks(execute=True):
                make_standard("GB/T 40001-2026", "足球 球门")
            self.assertNotIn("GB/T 40001-2026", self.codes(self.balls))
            call_command("refresh_topics", stdout=mock.Mock())
            call_command("refresh_topics", "--full", stdout=mock.Mock())
        finally:
            from topics.refresh import on_changes_indexed

            changes_indexed.connect(on_changes_indexed, dispatch_uid="topics.refresh")
        self.assertEqual(self.codes(self.balls).count("GB/T 40001-2026"), 1)

    def test_replace_in_tree_swaps_a_hand_placement(self):
        with self.captureOnCommitCallbacks(execute=True):
            placement = services.placement_add(
                node=self.empty, actor=self.city_officer, code="GB/T 1354-2009", note="旧版"
            )
            link(self.old_rice, self.rice)
        services.replace_in_tree(
            placement=placement, actor=self.city_officer, new_code="GB/T 1354-2018"
        )
        self.assertEqual(self.codes(self.empty), ["GB/T 1354-2018"])
        from core.models import AuditEvent

        self.assertTrue(AuditEvent.objects.filter(action="topic_placement.replace").exists())

    def test_replace_in_tree_refuses_a_standard_that_is_not_a_replacement(self):
        from django.core.exceptions import ValidationError

        placement = services.placement_add(
            node=self.empty, actor=self.city_officer, code="GB/T 1354-2009"
        )
        with self.assertRaises(ValidationError):
            services.replace_in_tree(
                placement=placement, actor=self.city_officer, new_code="DB3708/T 12-2021"
            )
        self.assertEqual(self.codes(self.empty), ["GB/T 1354-2009"])


class CoverageTest(TopicTestCase):
    def test_counts_and_gaps_equal_direct_counts(self):
        self.add_rule(self.balls, q="足球")
        services.placement_add(node=self.root, actor=self.city_officer, code="GB/T 1354-2009")
        services.placement_add(node=self.balls, actor=self.city_officer, code="DB3708/T 12-2021")
        services.placement_add(node=self.balls, actor=self.city_officer, code="DB3708/T 99-2024")
        counts = selectors.node_counts(None, self.topic)
        for node in (self.root, self.balls):
            direct = Standard.objects.filter(is_public=True, topic_placements__node=node).distinct()
            self.assertEqual(counts[node.pk]["total"], direct.count())
            for status in ("current", "upcoming", "abolished"):
                self.assertEqual(counts[node.pk][status], direct.filter(status=status).count())
        views = {v.node.pk: v for v in selectors.flatten(selectors.topic_tree(None, self.topic))}
        # 101 has only an abolished standard but a child in force; 103 has nothing: a gap.
        self.assertFalse(views[self.root.pk].gap)
        self.assertTrue(views[self.empty.pk].gap)
        self.assertEqual(views[self.balls.pk].total, 2)  # the internal standard is not public
        bureau = selectors.node_counts(self.city_officer, self.topic)
        self.assertEqual(bureau[self.balls.pk]["total"], 3)
