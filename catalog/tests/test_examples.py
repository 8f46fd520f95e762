"""Examples and suggestions on public pages come from the catalog actually loaded and are close."""

from catalog.search import indexer, summary
from catalog.search.query import close_code
from catalog.tests.factories import make_standard
from catalog.tests.search_helpers import SearchTestCase
from testing.search import no_outbox_look


def test_it_calls_a_near_miss_close_and_a_far_code_not():
    assert close_code("GB/T19010", "GB/T19001") == 1  # two digits swapped
    assert close_code("GB/T1901", "GB/T19001") == 1  # one digit missing
    assert close_code("GB/T1901", "GB/T180") is None  # the old "did you mean" for GB/T 1901
    assert close_code("GB/T1901", "GB1901") is None  # another designation
    assert close_code("GB/T123456", "GB/T124356") == 1


class ExampleTests(SearchTestCase):
    def setUp(self):
        make_standard("GB/T 180-1998", "乒乓球比赛用球")
        make_standard("DB3708/T 12-2021", "足球场地建设规范", kind="local", status="abolished")
        super().setUp()
        summary.forget()

    def test_it_offers_examples_that_find_something(self):
        ex = summary.public_summary()
        self.assertEqual(ex.example_code, "GB/T 180")
        self.assertTrue(ex.example_word)
        for q in (ex.example_code, ex.example_number, ex.example_word):
            with self.subTest(q=q):
                data = self.client.get("/api/v1/standards/", {"q": q}).json()
                self.assertGreater(data["count"], 0)
        home = self.client.get("/")
        self.assertContains(home, f"如 {ex.example_code}、{ex.example_word}")
        self.assertNotContains(home, "19001")
        empty = self.client.get("/standards/", {"q": "没有这样的标准"})
        self.assertContains(empty, f"?q={ex.example_number}")

    def test_it_suggests_nothing_far_from_what_was_typed(self):
        data = self.client.get("/api/v1/standards/", {"q": "GB/T 1901"}).json()
        self.assertEqual(data["count"], 0)
        self.assertEqual(data["suggestions"], [])
        data = self.client.get("/api/v1/standards/", {"q": "GB/T 108"}).json()
        self.assertEqual(data["suggestions"], ["GB/T 180-1998"])

    def test_it_counts_the_home_page_from_the_index_once_per_commit(self):
        self.client.get("/")  # computes the summary
        # The few standards listed and the drafts open for comment (at most five): no count over
        # the catalog. The third: the pinned and latest 通知公告 (at most five, notices_home).
        with no_outbox_look(), self.assertNumQueries(3):
            response = self.client.get("/")
        self.assertContains(response, "平台公开收录标准 <strong>2</strong> 条")
        make_standard("GB/T 2-2020", "新标准")
        indexer.rebuild()
        self.assertContains(self.client.get("/"), "平台公开收录标准 <strong>3</strong> 条")
