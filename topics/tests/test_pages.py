"""The public topic page (tree, counts, gaps, outdated, search), its bounded queries, the Excel
体系表, the topic search and the API."""

import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from catalog.tests.factories import link, make_standard
from topics import services
from topics.tests.helpers import TopicTestCase


class TopicPageTest(TopicTestCase):
    def setUp(self):
        super().setUp()
        self.add_rule(self.balls, q="足球")
        services.placement_add(
            node=self.root, actor=self.city_officer, code="GB/T 1354-2009", note="旧版"
        )
        link(self.old_rice, self.rice)

    def test_the_page_shows_the_tree_counts_gaps_and_replacements(self):
        response = self.client.get("/topics/sports/")
        self.assertContains(response, "<details", html=False)
        self.assertContains(response, "DB3708/T 12-2021")
        self.assertContains(response, "缺口")
        self.assertContains(response, "103 体育服务")
        self.assertContains(response, "GB/T 1354-2018")  # proposed replacement
        self.assertNotContains(response, "在体系表中替换")  # the bureau's button only
        self.assertNotContains(response, "足球内部规范")
        self.login(self.city_officer)
        self.assertContains(self.client.get("/topics/sports/"), "在体系表中替换")

    def test_the_page_queries_do_not_grow_with_the_standards_in_the_tree(self):
        self.client.get("/topics/sports/")
        with CaptureQueriesContext(connection) as before:
            self.client.get("/topics/sports/")
        with self.captureOnCommitCallbacks(execute=True):
            for n in range(15):
                make_standard(f"GB/T 5{n:04d}-2025", f"足球 用品 第{n}部分")
        for n in range(3):
            services.placement_add(
                node=self.empty, actor=self.city_officer, code=f"GB/T 5{n:04d}-2025"
            )
        with CaptureQueriesContext(connection) as after:
            response = self.client.get("/topics/sports/")
        self.assertEqual(len(after), len(before))
        # topic, nodes (with their capped rules), counts, first standards, outdated rows with
        # their total, their replacements, ICS, CCS
        self.assertLessEqual(len(after), 8)
        self.assertContains(response, "查看该节点全部 17 项标准")

    def test_the_node_page_lists_every_standard_paginated(self):
        response = self.client.get(f"/topics/sports/nodes/{self.balls.pk}/")
        self.assertContains(response, "GB/T 22517.6-2020")
        self.assertContains(response, "规则")

    def test_the_topic_search_is_restricted_to_the_topic(self):
        response = self.client.get("/topics/sports/search/", {"q": "大米"})
        self.assertContains(response, "GB/T 1354-2009")
        self.assertNotContains(response, "GB/T 1354-2018")  # in the catalog, not in the topic
        response = self.client.get("/topics/sports/search/", {"q": "足球"})
        self.assertContains(response, "找到 2 项")

    def test_the_excel_export_is_the_system_table(self):
        response = self.client.get("/topics/sports/export.xlsx")
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [[c.value for c in row] for row in sheet.iter_rows()]
        self.assertEqual(
            rows[0][:8],
            ["体系编号", "节点", "类别", "标准编号", "标准名称", "状态", "实施日期", "代替"],
        )
        by_code = {r[3]: r for r in rows[1:] if r[3]}
        self.assertEqual(by_code["GB/T 1354-2009"][0], "101")
        self.assertEqual(by_code["GB/T 1354-2009"][8], "GB/T 1354-2018")  # 被代替
        self.assertEqual(by_code["DB3708/T 12-2021"][9], "规则")
        gap = [r for r in rows if r[0] == "103"]
        self.assertEqual(gap[0][10], "缺口：暂无标准")
        self.assertNotIn("DB3708/T 99-2024", by_code)

    def test_a_large_export_goes_to_the_background(self):
        from django.test import override_settings

        from core.models import ExportJob

        self.login(self.enterprise_user)
        with override_settings(EXPORT_SYNC_ROWS=1), self.captureOnCommitCallbacks(execute=True):
            response = self.client.get("/topics/sports/export.xlsx")
        self.assertRedirects(response, "/exports/", fetch_redirect_response=False)
        job = ExportJob.objects.get(requested_by=self.enterprise_user)
        self.assertEqual(job.state, "done")
        self.assertEqual(job.rows, 4)

    def test_the_api_lists_and_gives_the_tree(self):
        listing = self.client.get("/api/v1/topics/").json()
        self.assertEqual([t["slug"] for t in listing["results"]], ["sports"])
        detail = self.client.get("/api/v1/topics/sports/").json()
        self.assertEqual(detail["title"], "体育产业")
        root, empty = detail["tree"]
        self.assertEqual(
            root["children"][0]["standards"], ["DB3708/T 12-2021", "GB/T 22517.6-2020"]
        )
        self.assertFalse(root["gap"])
        self.assertTrue(empty["gap"])
        self.assertEqual(
            detail["outdated"][0]["replacements"], [{"code": "GB/T 1354-2018", "partial": False}]
        )

    def test_replace_in_tree_is_one_click_for_the_bureau_only(self):
        from topics.models import NodePlacement

        placement = NodePlacement.objects.get(node=self.root, standard=self.old_rice)
        url = f"/topics/manage/sports/placements/{placement.pk}/replace/"
        self.login(self.enterprise_user)
        self.assertEqual(self.client.post(url, {"new_code": "GB/T 1354-2018"}).status_code, 403)
        self.login(self.city_officer)
        response = self.client.post(url, {"new_code": "GB/T 1354-2018"})
        self.assertRedirects(response, "/topics/sports/#outdated", fetch_redirect_response=False)
        codes = NodePlacement.objects.filter(node=self.root).values_list(
            "standard__code", flat=True
        )
        self.assertEqual(list(codes), ["GB/T 1354-2018"])

    def test_an_enterprise_cannot_add_a_rule(self):
        self.login(self.enterprise_user)
        response = self.client.post(
            f"/topics/manage/sports/nodes/{self.empty.pk}/rules/", {"q": "大米"}
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.empty.rules.exists())
