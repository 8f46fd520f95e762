"""Search over the index: codes in every spelling, Chinese substrings, facets, ranking."""

from catalog.tests.search_helpers import SearchTestCase, import_csv, make_classes
from testing.search import no_outbox_look

CATALOG = """标准号,标准名称,英文名称,状态,发布日期,实施日期,废止日期,代替标准,发布单位,ICS,CCS
GB/T 19001-2016,质量管理体系 要求,Quality management systems—Requirements,现行,2016-12-30,2017-07-01,,GB/T 19001-2008,国家市场监督管理总局,03.120.10,A00
GB/T 19001-2008,质量管理体系 要求,Quality management systems—Requirements,废止,2008-10-29,2009-03-01,2017-07-01,,国家质量监督检验检疫总局,03.120.10,A00
GB/T 14307-2005,足球场地人造草面层,Artificial turf for football fields,现行,2005-01-01,2005-06-01,,,国家质量监督检验检疫总局,97.220.10,Y55
GB/T 4307-2005,柴油机技术条件,,现行,2005-01-01,2005-06-01,,,国家质量监督检验检疫总局,,
GB/T 1.1-2020,标准化工作导则 第1部分：标准化文件的结构和起草规则,,现行,2020-03-31,2020-10-01,,,国家市场监督管理总局,01.120,A00
DB37/T 2904-2016,足球训练基地建设规范,,现行,2016-12-01,2017-01-01,,,山东省质量技术监督局,97.220.10,
DB3708/T 12-2021,足球场地人造草面层维护规范,,即将实施,2021-05-10,2099-06-10,,,济宁市市场监督管理局,97.220.10,
DB3708/T 13-2021,云计算防护技术要求,,现行,2021-05-10,2021-06-10,,,济宁市市场监督管理局,35.040,
T/CAS 115-2005,<script>alert(1)</script>足球装备,,现行,2005-03-01,2005-04-01,,,中国标准化协会,,
"""


class SearchTest(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_classes()
        import_csv(CATALOG)

    def test_it_finds_a_code_in_every_common_spelling(self):
        for q in ("GB/T 19001-2016", "gb/t 19001—2016", "GB/T19001", "gbt19001-2016", "19001"):
            with self.subTest(q=q):
                self.assertEqual(self.codes(q=q)[0], "GB/T 19001-2016")

    def test_it_finds_code_fragments(self):
        self.assertIn("GB/T 14307-2005", self.codes(q="4307"))
        self.assertEqual(self.codes(q="GB/T 4307")[0], "GB/T 4307-2005")
        self.assertEqual(set(self.codes(q="DB3708")), {"DB3708/T 12-2021", "DB3708/T 13-2021"})
        self.assertEqual(self.codes(q="DB37/T 2904"), ["DB37/T 2904-2016"])
        self.assertEqual(self.codes(q="GB/T 1.1")[0], "GB/T 1.1-2020")
        self.assertIn("GB/T 19001-2016", self.codes(q="GB/T 1900"))

    def test_a_code_without_year_finds_every_edition_newest_in_force_first(self):
        self.assertEqual(self.codes(q="GB/T 19001"), ["GB/T 19001-2016", "GB/T 19001-2008"])

    def test_it_finds_two_character_words_inside_longer_words(self):
        found = set(self.codes(q="足球"))
        self.assertEqual(
            found,
            {
                "GB/T 14307-2005",
                "DB37/T 2904-2016",
                "DB3708/T 12-2021",
                "T/CAS 115-2005",
            },
        )
        self.assertEqual(set(self.codes(q="场地")), {"GB/T 14307-2005", "DB3708/T 12-2021"})
        self.assertEqual(self.codes(q="云计算"), ["DB3708/T 13-2021"])
        self.assertEqual(self.codes(q="计算防护"), ["DB3708/T 13-2021"])

    def test_it_does_not_match_characters_that_are_not_adjacent(self):
        self.assertEqual(self.codes(q="足场"), [])

    def test_it_requires_every_word(self):
        self.assertEqual(self.codes(q="足球 维护"), ["DB3708/T 12-2021"])

    def test_it_finds_english_titles_and_issuing_bodies(self):
        self.assertEqual(self.codes(q="turf"), ["GB/T 14307-2005"])
        self.assertIn("DB37/T 2904-2016", self.codes(q="山东省"))

    def test_facets_have_exact_counts(self):
        data = self.api(q="足球")
        self.assertEqual(data["count"], 4)
        self.assertEqual(
            data["facets"]["kind"], {"national": 1, "provincial": 1, "municipal": 1, "group": 1}
        )
        self.assertEqual(data["facets"]["status"], {"current": 3, "upcoming": 1})
        self.assertEqual(data["facets"]["ics"], {"97": 3})
        self.assertEqual(data["facets"]["year"], {"2005": 2, "2016": 1, "2021": 1})

    def test_filters_narrow_the_results_and_the_counts(self):
        data = self.api(q="足球", kind="municipal")
        self.assertEqual([r["code"] for r in data["results"]], ["DB3708/T 12-2021"])
        self.assertEqual(data["facets"]["kind"], {"municipal": 1})
        self.assertEqual(self.api(ics="03.120")["count"], 2)
        self.assertEqual(self.api(ccs="A")["count"], 3)
        self.assertEqual(self.api(year=2005, status="current")["count"], 3)

    def test_an_exact_code_match_comes_before_title_matches(self):
        self.assertEqual(self.codes(q="GB/T 4307-2005")[0], "GB/T 4307-2005")

    def test_in_force_comes_before_abolished_for_equal_titles(self):
        self.assertEqual(self.codes(q="质量管理体系"), ["GB/T 19001-2016", "GB/T 19001-2008"])

    def test_it_sorts_by_date_and_by_code(self):
        self.assertEqual(self.codes(q="足球", sort="-issue_date")[0], "DB3708/T 12-2021")
        self.assertEqual(self.codes(q="足球", sort="issue_date")[0], "GB/T 14307-2005")
        self.assertEqual(self.codes(q="足球", sort="code")[0], "DB37/T 2904-2016")

    def test_it_pages_with_an_exact_count(self):
        data = self.api(page_size=2)
        self.assertEqual(data["count"], 9)
        self.assertEqual(len(data["results"]), 2)
        second = self.api(page_size=2, page=2)
        self.assertFalse(
            {r["code"] for r in data["results"]} & {r["code"] for r in second["results"]}
        )
        self.assertEqual(len(self.api(page_size=2, page=5)["results"]), 1)

    def test_it_suggests_codes_that_almost_match(self):
        data = self.api(q="GB/T 19010")
        self.assertEqual(data["count"], 0)
        self.assertIn("GB/T 19001-2016", data["suggestions"])

    def test_the_page_shows_results_facets_and_escaped_highlights(self):
        response = self.client.get("/standards/", {"q": "足球"})
        html = response.content.decode()
        self.assertContains(response, "共找到 4 条标准")
        self.assertIn("<mark>足球</mark>场地人造草面层", html)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;<mark>足球</mark>装备", html)
        self.assertNotIn("<script>alert(1)", html)
        self.assertIn("?q=%E8%B6%B3%E7%90%83&amp;kind=municipal", html)

    def test_a_facet_link_filters_the_page(self):
        response = self.client.get("/standards/", {"q": "足球", "kind": "municipal"})
        self.assertContains(response, "共找到 1 条标准")

    def test_facet_links_keep_the_other_filters_drop_the_page_and_unset_the_chosen_value(self):
        response = self.client.get("/standards/", {"q": "足球", "kind": "municipal", "page": "1"})
        html = response.content.decode()
        self.assertIn('href="?q=%E8%B6%B3%E7%90%83" aria-current="true"', html)  # unsets kind
        self.assertIn('href="?q=%E8%B6%B3%E7%90%83&amp;kind=municipal&amp;status=upcoming"', html)
        facets = html[
            html.index('class="facets') : html.index("</nav>", html.index('class="facets'))
        ]
        self.assertNotIn("page=", facets)

    def test_the_empty_state_helps(self):
        response = self.client.get("/standards/", {"q": "不存在的词"})
        self.assertContains(response, "没有找到与“不存在的词”相关的标准")

    def test_the_export_has_exactly_the_searched_list(self):
        from io import BytesIO

        from openpyxl import load_workbook

        response = self.client.get("/standards/export.xlsx", {"q": "足球", "sort": "code"})
        sheet = load_workbook(BytesIO(response.content)).active
        codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        self.assertEqual(codes, self.codes(q="足球", sort="code"))

    def test_facets_of_pages_name_the_ics_and_ccs_classes_with_the_caches_on_or_off(self):
        from django.test import override_settings

        from catalog import selectors
        from catalog.search import caches

        for entries in (1000, 0):
            caches.forget()
            with self.subTest(entries=entries), override_settings(SEARCH_CACHE_ENTRIES=entries):
                for _ in range(2):  # the second time from the cache, when it is on
                    outcome = selectors.public_search(
                        user=None, data={"q": "质量管理"}, offset=0, limit=20
                    )
                    ics = {(v.value, v.label, v.count) for v in outcome.facets["ics"]}
                    ccs = {(v.value, v.label, v.count) for v in outcome.facets["ccs"]}
                    self.assertEqual(ics, {("03", "03 类03", 2)})
                    self.assertEqual(ccs, {("A", "A 类A", 2)})

    def test_an_anonymous_api_search_reads_only_its_rows_from_the_database(self):
        from django.test import override_settings

        self.client.logout()  # subclasses search signed in
        with override_settings(SEARCH_CACHE_ENTRIES=0):
            self.api(q="足球")  # the first request of a client reads what every later one has
            with no_outbox_look(), self.assertNumQueries(1):
                data = self.api(q="足球")
        self.assertEqual(data["facets"]["ics"], {"97": 3})
        self.assertEqual(data["facets"]["ccs"], {"Y": 1})


class BadInputTest(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_classes()
        import_csv(CATALOG)

    def test_bad_input_never_fails(self):
        for params in (
            {"q": ""},
            {"q": "   "},
            {"q": '"*():-^+~'},
            {"q": "足球 AND OR NOT (title:x)"},
            {"q": "a" * 150},
            {"q": "/"},
            {"q": "GB/"},
            {"q": "-"},
        ):
            with self.subTest(params=params):
                self.assertEqual(self.client.get("/api/v1/standards/", params).status_code, 200)
                self.assertEqual(self.client.get("/standards/", params).status_code, 200)

    def test_control_characters_are_refused_clearly(self):
        response = self.client.get("/api/v1/standards/", {"q": "\x00\x01"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error"]["code"], "invalid")

    def test_a_10000_character_query_is_refused_clearly(self):
        response = self.client.get("/api/v1/standards/", {"q": "足" * 10_000})
        self.assertEqual(response.status_code, 400)
        self.assertIn("q", response.json()["error"]["fields"])
        self.assertEqual(self.client.get("/standards/", {"q": "足" * 10_000}).status_code, 200)

    def test_invalid_paging_is_a_clear_4xx(self):
        for params in ({"page": "x"}, {"page": "0"}, {"page_size": "-1"}, {"page_size": "abc"}):
            with self.subTest(params=params):
                response = self.client.get("/api/v1/standards/", params)
                self.assertEqual(response.status_code, 400)
                self.assertIn("error", response.json())
        self.assertEqual(self.client.get("/api/v1/standards/", {"page": 99}).status_code, 404)
        self.assertEqual(self.client.get("/api/v1/standards/", {"page": 10**6}).status_code, 400)
        self.assertEqual(len(self.api(page_size=1000)["results"]), 9)
        self.assertEqual(self.client.get("/standards/", {"page": "x"}).status_code, 200)
