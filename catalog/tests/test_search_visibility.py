"""One search for everyone: the bureau is searched in the same index as the public, over what it
may see. Every public search test runs again as the bureau; with non-public records added, the
bureau gets what the public gets plus those it may see, and the public never sees them, not
through results, counts, facets, suggestions, highlighting or exports."""

from unittest import mock

from catalog import services
from catalog.models import Standard, record_scopes, search_scopes
from catalog.search import index, indexer
from catalog.tests.search_helpers import SearchTestCase, import_csv, make_classes
from catalog.tests.test_search import CATALOG, SearchTest
from follows.matching import matching_ids

# Every query the public's search tests use, with the filters they combine it with.
QUERIES = [
    {"q": q}
    for q in (
        "GB/T 19001-2016",
        "gb/t 19001—2016",
        "GB/T19001",
        "gbt19001-2016",
        "19001",
        "4307",
        "GB/T 4307",
        "DB3708",
        "DB37/T 2904",
        "GB/T 1.1",
        "GB/T 1900",
        "GB/T 19001",
        "足球",
        "场地",
        "云计算",
        "计算防护",
        "足场",
        "足球 维护",
        "turf",
        "山东省",
        "质量管理体系",
        "GB/T 4307-2005",
        "GB/T 19010",
        "不存在的词",
    )
] + [
    {"q": "足球", "kind": "municipal"},
    {"ics": "03.120"},
    {"ccs": "A"},
    {"year": 2005, "status": "current"},
    {},
]

# Non-public records (drafts, internal texts) that match many of the queries above.
PRIVATE = """标准号,标准名称,英文名称,状态,发布日期,实施日期,废止日期,代替标准,发布单位,ICS,CCS
DB3708/T 90-2026,足球场地维护内部草案,Football turf maintenance draft,即将实施,2026-05-10,2099-06-10,,,山东省济宁市内部,97.220.10,Y55
GB/T 19002-2016,质量管理体系 内部指南,,现行,2016-12-30,2017-07-01,,,国家市场监督管理总局,03.120.10,A00
Q/JN 4307-2005,柴油机内部规范,,现行,2005-01-01,2005-06-01,,,山东省内部单位,,
"""
PRIVATE_CODES = {"DB3708/T 90-2026", "GB/T 19002-2016", "Q/JN 4307-2005"}


class BureauSearchTest(SearchTest):
    """The public's search tests, as a city bureau officer (the catalog is all public here, so
    the bureau must get exactly the same results, ranking and facets)."""

    def setUp(self):
        super().setUp()
        self.login(self.city_officer)


class VisibilityTest(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_classes()
        import_csv(CATALOG)
        import_csv(PRIVATE)
        Standard.objects.filter(code__in=PRIVATE_CODES).update(is_public=False)

    def everything(self, **params) -> dict:
        return self.api(page_size=100, **params)

    def test_the_bureau_gets_what_the_public_gets_plus_the_records_it_may_see(self):
        seen_private = set()
        for params in QUERIES:
            with self.subTest(**params):
                self.client.logout()
                public = self.everything(**params)
                self.login(self.city_officer)
                bureau = self.everything(**params)
                public_codes = [r["code"] for r in public["results"]]
                bureau_codes = [r["code"] for r in bureau["results"]]
                self.assertFalse(PRIVATE_CODES & set(public_codes))
                self.assertLessEqual(set(public_codes), set(bureau_codes))
                self.assertLessEqual(set(bureau_codes) - set(public_codes), PRIVATE_CODES)
                # Same ranking: the public's records keep their order among the bureau's.
                self.assertEqual([c for c in bureau_codes if c in public_codes], public_codes)
                extra = set(bureau_codes) - set(public_codes)
                self.assertEqual(bureau["count"], public["count"] + len(extra))
                seen_private |= extra
        self.assertEqual(seen_private, PRIVATE_CODES)

    def test_the_bureau_finds_non_public_records_by_words_code_and_issuing_body(self):
        self.login(self.city_officer)
        self.assertEqual(set(self.codes(q="足球 维护")), {"DB3708/T 12-2021", "DB3708/T 90-2026"})
        self.assertEqual(self.codes(q="gbt19002-2016"), ["GB/T 19002-2016"])
        self.assertIn("Q/JN 4307-2005", self.codes(q="山东省"))
        self.assertIn("DB3708/T 90-2026", self.codes(q="山东省"))
        self.assertEqual(self.codes(q="draft"), ["DB3708/T 90-2026"])

    def test_other_signed_in_users_see_what_the_public_sees(self):
        for user in (self.citizen, self.enterprise_user, self.expert, self.county_officer):
            with self.subTest(user=user.username):
                self.login(user)
                self.assertEqual(self.codes(q="足球 维护"), ["DB3708/T 12-2021"])
                self.assertEqual(self.codes(q="gbt19002-2016"), [])

    def test_public_counts_and_facets_never_include_non_public_records(self):
        data = self.api(q="足球")
        self.assertEqual(data["count"], 4)
        self.assertEqual(
            data["facets"]["kind"], {"national": 1, "provincial": 1, "municipal": 1, "group": 1}
        )
        self.assertEqual(data["facets"]["status"], {"current": 3, "upcoming": 1})
        self.assertNotIn("2026", data["facets"]["year"])
        everything = self.api()
        self.assertEqual(everything["count"], 9)
        self.assertNotIn("山东省内部单位", everything["facets"]["issuing_body"])
        self.login(self.city_officer)
        data = self.api(q="足球")
        self.assertEqual(data["count"], 5)
        self.assertEqual(data["facets"]["year"]["2026"], 1)

    def test_suggestions_never_offer_a_non_public_code_to_the_public(self):
        data = self.api(q="GB/T 19003")
        self.assertEqual(data["count"], 0)
        self.assertIn("GB/T 19001-2016", data["suggestions"])
        self.assertNotIn("GB/T 19002-2016", data["suggestions"])
        self.login(self.city_officer)
        self.assertIn("GB/T 19002-2016", self.api(q="GB/T 19003")["suggestions"])

    def test_the_public_page_and_export_never_show_them(self):
        for params in ({"q": "足球"}, {"q": "内部"}, {"q": "GB/T 19002"}, {}):
            with self.subTest(**params):
                html = self.client.get("/standards/", params).content.decode()
                for text in (
                    "内部草案",
                    "内部指南",
                    "柴油机内部",
                    "DB3708/T 90-2026",
                    "19002-2016",
                ):
                    self.assertNotIn(text, html)
        self.assertContains(self.client.get("/standards/", {"q": "内部"}), "没有找到")
        self.login(self.city_officer)
        response = self.client.get("/standards/", {"q": "内部"})
        self.assertContains(response, "共找到 3 条标准")
        self.assertContains(response, "<mark>内部</mark>草案")

    def test_the_public_export_has_no_non_public_record_and_the_bureaus_has_them(self):
        from io import BytesIO

        from openpyxl import load_workbook

        def exported():
            response = self.client.get("/standards/export.xlsx", {"q": "足球"})
            sheet = load_workbook(BytesIO(response.content)).active
            return {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}

        self.assertNotIn("DB3708/T 90-2026", exported())
        self.login(self.city_officer)
        self.assertIn("DB3708/T 90-2026", exported())

    def test_a_flip_of_is_public_moves_a_record_in_and_out_of_the_public_search(self):
        standard = Standard.objects.get(code="DB3708/T 90-2026")
        standard.is_public = True
        with self.captureOnCommitCallbacks(execute=True):
            services.standard_save(standard=standard, actor=self.city_officer)
        self.assertIn("DB3708/T 90-2026", self.codes(q="足球 维护"))
        standard.is_public = False
        with self.captureOnCommitCallbacks(execute=True):
            services.standard_save(standard=standard, actor=self.city_officer)
        self.assertNotIn("DB3708/T 90-2026", self.codes(q="足球 维护"))
        self.login(self.city_officer)
        self.assertIn("DB3708/T 90-2026", self.codes(q="足球 维护"))

    def test_index_scopes_agree_with_visible_to_for_every_persona(self):
        private = Standard.objects.get(code="GB/T 19002-2016")
        public = Standard.objects.get(code="GB/T 19001-2016")
        users = [
            None,
            self.citizen,
            self.enterprise_user,
            self.expert,
            self.county_officer,
            self.sector_officer,
            self.city_officer,
            self.administrator,
        ]
        for user in users:
            for standard in (private, public):
                with self.subTest(user=getattr(user, "username", None), code=standard.code):
                    visible = Standard.objects.visible_to(user).filter(pk=standard.pk).exists()
                    shared = set(search_scopes(user)) & set(
                        record_scopes(is_public=standard.is_public)
                    )
                    self.assertEqual(visible, bool(shared))


class SavedSearchMatchingTest(SearchTestCase):
    """Saved searches are matched in the index, whatever the number of hits (no database
    fallback that could stop alerting)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        rows = ["标准号,标准名称,状态,发布日期,实施日期"]
        rows += [
            f"GB/T {50000 + i}-2020,通用照明规范 第{i}部分,现行,2020-01-01,2020-06-01"
            for i in range(120)
        ]
        import_csv("\n".join(rows) + "\n")

    def test_a_search_broader_than_the_window_still_matches_new_standards(self):
        ids = list(Standard.objects.order_by("pk").values_list("pk", flat=True))
        # The search finds 120, far more than a window of 10 (10,000 in real life).
        with mock.patch("catalog.search.query.MAX_WINDOW", 10):
            self.assertEqual(matching_ids({"q": "照明"}, ids[-3:]), set(ids[-3:]))
            self.assertEqual(matching_ids({"q": "照明 第119部分"}, ids), {ids[-1]})
            self.assertEqual(matching_ids({"q": "足球"}, ids[-3:]), set())

    def test_a_bureau_saved_search_matches_non_public_records_the_publics_does_not(self):
        hidden = Standard.objects.order_by("pk").last()
        Standard.objects.filter(pk=hidden.pk).update(is_public=False)
        indexer.rebuild()
        self.assertEqual(matching_ids({"q": "照明"}, [hidden.pk]), set())
        self.assertEqual(
            matching_ids({"q": "照明"}, [hidden.pk], user=self.city_officer), {hidden.pk}
        )
        self.assertEqual(index.handle().searcher().num_docs, 120)  # every record is indexed
