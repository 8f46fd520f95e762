"""查新: similar standards from the search index, and ranking of other titled items."""

from django.template.loader import render_to_string

from catalog.search import similar
from catalog.search.similar import rank_texts, similar_standards
from catalog.tests.factories import make_standard
from catalog.tests.search_helpers import SearchTestCase

TITLE = "公务用车平台建设与管理规范"


class SimilarStandardsTest(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_standard("DB3708/T 001-2020", TITLE, kind="municipal")
        make_standard("DB3708/T 002-2020", "公务用车标识管理规范", kind="municipal")
        make_standard("DB3708/T 003-2020", "公务用车服务质量评价规范", kind="municipal")
        make_standard("DB3708/T 010-2021", "城市公共厕所保洁服务规范", kind="municipal")
        make_standard("DB3708/T 011-2021", "城市河道保洁服务规范", kind="municipal")
        make_standard("GB/T 19001-2016", "质量管理体系 要求")
        make_standard("GB/T 1.1-2020", "标准化工作导则 第1部分：标准化文件的结构和起草规则")
        make_standard("DB37/T 1000-2010", "公务用车平台建设与管理规范", status="abolished")
        make_standard("DB3708/T 099-2019", "公务用车平台内部试行规范", is_public=False)

    def codes(self, text, **kwargs):
        return [s.code for s in similar_standards(text, **kwargs)]

    def test_it_puts_an_identical_title_with_another_code_first_with_full_score(self):
        found = similar_standards(TITLE)
        self.assertEqual(found[0].title, TITLE)
        self.assertEqual(found[0].score, 1.0)
        self.assertEqual(found[0].matched, [TITLE])
        self.assertEqual({s.code for s in found[:2]}, {"DB3708/T 001-2020", "DB37/T 1000-2010"})

    def test_it_puts_a_near_identical_title_first_despite_small_changes(self):
        for text in (
            "公务用车平台建设和管理规范",
            "《公务用车平台建设与管理规范》",
            "公务用车平台的建设与管理要求",
            "济宁市公务用车平台建设与管理规范",
        ):
            with self.subTest(text=text):
                found = similar_standards(text, in_force_only=True)
                self.assertEqual(found[0].code, "DB3708/T 001-2020")
                self.assertGreater(found[0].score, 0.6)
                self.assertGreater(found[0].score, found[1].score)

    def test_it_scores_unrelated_titles_low(self):
        found = {s.code: s.score for s in similar_standards(TITLE)}
        for code in ("DB3708/T 010-2021", "GB/T 19001-2016", "GB/T 1.1-2020"):
            self.assertLess(found.get(code, 0.0), 0.25, code)
        self.assertEqual(similar_standards("足球场地人造草面层"), [])

    def test_scores_compare_across_queries(self):
        short = similar_standards("公务用车")[0].score
        long = similar_standards(TITLE)[0].score
        self.assertLess(short, long)  # a fragment is less similar than the whole title
        again = similar_standards(TITLE + " ")[0].score
        self.assertEqual(long, again)

    def test_it_leaves_out_abolished_standards_when_asked(self):
        self.assertIn("DB37/T 1000-2010", self.codes(TITLE))
        self.assertNotIn("DB37/T 1000-2010", self.codes(TITLE, in_force_only=True))

    def test_it_never_shows_non_public_standards_to_the_public(self):
        self.assertNotIn("DB3708/T 099-2019", self.codes("公务用车平台内部试行规范"))
        self.assertNotIn(
            "DB3708/T 099-2019", self.codes("公务用车平台内部试行规范", user=self.citizen)
        )

    def test_an_empty_or_blank_query_finds_nothing(self):
        for text in ("", "   \n\t", "《》——", None):
            with self.subTest(text=text):
                self.assertEqual(similar_standards(text), [])
                self.assertEqual(rank_texts(text, [(1, TITLE)]), [])

    def test_it_respects_the_limit(self):
        self.assertEqual(len(similar_standards("公务用车规范", limit=2)), 2)
        self.assertEqual(similar_standards(TITLE, limit=0), [])

    def test_a_very_long_query_is_cut_to_a_bounded_number_of_terms(self):
        text = "，".join([TITLE, "城市公共厕所保洁服务规范", "质量管理体系要求"] * 20) + "".join(
            chr(0x4E00 + i) for i in range(3000)
        )
        self.assertGreater(len(text), 3000)
        self.assertLessEqual(len(similar.tokens(text).bigrams), similar.MAX_CHARS)
        found = similar_standards(text)
        self.assertEqual(found[0].code, "DB3708/T 001-2020")

    def test_the_candidate_query_keeps_the_rarest_max_terms(self):
        from catalog.search import index

        searcher = index.handle().searcher()
        text = TITLE + "".join(chr(0x4E00 + i) for i in range(300))
        query = similar.tokens(text)
        self.assertGreater(len(query.bigrams), similar.MAX_TERMS)
        terms = similar.candidate_terms(searcher, query)
        self.assertLessEqual(len(terms), similar.MAX_TERMS)
        self.assertIn(("title_bi", "公务"), terms)  # present in the index
        self.assertNotIn(("title_bi", "一丁"), terms)  # absent: selects nothing


class RankTextsTest(SearchTestCase):
    def test_it_ranks_projects_by_title_similarity(self):
        ranked = rank_texts(
            TITLE,
            [
                ("a", "城市河道保洁服务规范"),
                ("b", "公务用车平台建设与管理规范（修订）"),
                ("c", "公务用车标识管理规范"),
            ],
        )
        self.assertEqual([key for key, _, _ in ranked][:2], ["b", "c"])
        _, score, matched = ranked[0]
        self.assertGreater(score, 0.8)
        self.assertIn(TITLE, matched)
        self.assertTrue(all(0 < s <= 1 for _, s, _ in ranked))

    def test_it_leaves_out_texts_with_nothing_in_common(self):
        self.assertEqual(rank_texts(TITLE, [(1, "足球场地人造草面层")]), [])

    def test_it_handles_latin_words(self):
        ranked = rank_texts("5G 基站 建设规范", [(1, "5G基站建设规范"), (2, "4G 基站")])
        self.assertEqual(ranked[0][0], 1)
        self.assertIn("5g", ranked[0][2])


class SimilarListTemplateTest(SearchTestCase):
    def test_it_renders_scores_and_escaped_highlighted_titles(self):
        html = render_to_string(
            "catalog/includes/similar_list.html",
            {
                "items": [
                    {
                        "title": "<script>alert(1)</script>公务用车规范",
                        "score": 0.834,
                        "matched": ["公务用车", "<b>"],
                        "url": "/x/?a=1&b=2",
                    }
                ],
                "caption": "相似项目",
            },
        )
        self.assertNotIn("<script>", html)
        self.assertIn("&lt;script&gt;", html)
        self.assertIn("<mark>公务用车</mark>", html)
        self.assertIn("&lt;b&gt;", html)
        self.assertNotIn("<b>", html)
        self.assertIn("83%", html)
        self.assertIn('value="0.8340"', html)
        self.assertIn("/x/?a=1&amp;b=2", html)

    def test_it_says_when_nothing_is_similar(self):
        html = render_to_string("catalog/includes/similar_list.html", {"items": []})
        self.assertIn("未发现相似项", html)

    def test_it_renders_similar_standards(self):
        make_standard("DB3708/T 001-2020", TITLE, kind="municipal")
        from catalog.search import indexer

        indexer.rebuild()
        html = render_to_string(
            "catalog/includes/similar_list.html", {"items": similar_standards(TITLE)}
        )
        self.assertIn("100%", html)
        self.assertIn("DB3708/T 001-2020", html)
        self.assertIn("现行", html)
