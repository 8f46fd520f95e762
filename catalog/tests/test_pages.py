"""Public catalog pages: list with filters, detail with the replacement chain, export."""

import io

from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from catalog.models import Standard
from catalog.tests.factories import link, make_standard
from testing.personas import PersonaTestCase
from testing.search import no_outbox_look


class StandardListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.gb = make_standard("GB/T 19001-2016", "质量管理体系 要求")
        cls.old = make_standard("GB/T 19001-2008", "质量管理体系 要求", status="abolished")
        cls.local = make_standard("DB3708/T 12-2021", "足球场地人造草面层维护规范")
        cls.hidden = make_standard("Q/JNXX 001-2021", "企业内部足球标准", is_public=False)

    def test_it_lists_public_standards_with_the_total(self):
        response = self.client.get(reverse("catalog:standard_list"))
        self.assertContains(response, "共找到 3 条标准")
        self.assertNotContains(response, "Q/JNXX 001-2021")

    def test_it_finds_a_standard_by_any_spelling_of_its_code(self):
        for spelling in ["gb/t 19001—2016", "GB／T19001-2016", "19001", "GB/T 19001"]:
            response = self.client.get(reverse("catalog:standard_list"), {"q": spelling})
            self.assertContains(response, "GB/T 19001-2016", msg_prefix=spelling)

    def test_it_puts_the_exact_code_and_the_current_edition_first(self):
        response = self.client.get(reverse("catalog:standard_list"), {"q": "GB/T 19001"})
        codes = [s.code for s in response.context["page_obj"].object_list]
        self.assertEqual(codes, ["GB/T 19001-2016", "GB/T 19001-2008"])

    def test_it_finds_two_character_chinese_words(self):
        response = self.client.get(reverse("catalog:standard_list"), {"q": "足球"})
        self.assertContains(response, "共找到 1 条标准")
        self.assertContains(response, "DB3708/T 12-2021")

    def test_it_filters_by_kind_and_status(self):
        response = self.client.get(
            reverse("catalog:standard_list"), {"kind": "national", "status": "abolished"}
        )
        self.assertEqual([s.code for s in response.context["page_obj"]], ["GB/T 19001-2008"])

    def test_it_explains_an_empty_result(self):
        response = self.client.get(reverse("catalog:standard_list"), {"q": "不存在的词"})
        self.assertContains(response, "没有找到与“不存在的词”相关的标准")

    def test_it_reports_invalid_filters_instead_of_failing(self):
        response = self.client.get(reverse("catalog:standard_list"), {"kind": "bogus", "year": "x"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "筛选条件有误")
        self.assertContains(response, "共找到 0 条标准")

    def test_it_escapes_the_query_in_the_page(self):
        response = self.client.get(reverse("catalog:standard_list"), {"q": "<script>x</script>"})
        self.assertNotContains(response, "<script>x</script>")
        self.assertContains(response, "&lt;script&gt;")

    def test_it_survives_an_out_of_range_page(self):
        response = self.client.get(reverse("catalog:standard_list"), {"page": "999"})
        self.assertEqual(response.status_code, 200)

    def test_it_keeps_the_list_to_a_fixed_number_of_queries(self):
        for i in range(30):
            make_standard(f"T/CAS {100 + i}-2020", f"团体标准{i}")
        self.client.get(reverse("catalog:standard_list"))  # applies the pending index queue
        with no_outbox_look():
            with self.assertNumQueries(1):  # the page's rows; count and facets come from the index
                self.client.get(reverse("catalog:standard_list"))
            with self.assertNumQueries(1):
                self.client.get(reverse("catalog:standard_list"), {"page": 2})

    def test_it_exports_exactly_the_filtered_list_to_excel(self):
        response = self.client.get(reverse("catalog:standard_export"), {"q": "19001"})
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0][:2], ("标准号", "标准名称"))
        self.assertEqual(sorted(r[0] for r in rows[1:]), ["GB/T 19001-2008", "GB/T 19001-2016"])


class StandardDetailTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.v2000 = make_standard("GB/T 19001-2000", "质量管理体系 要求", status="abolished")
        cls.v2008 = make_standard("GB/T 19001-2008", "质量管理体系 要求", status="abolished")
        cls.v2016 = make_standard("GB/T 19001-2016", "质量管理体系 要求")
        link(cls.v2000, cls.v2008)
        link(cls.v2008, cls.v2016)
        cls.hidden = make_standard("Q/JNXX 001-2021", "企业内部标准", is_public=False)

    def test_it_shows_the_replacement_chain_in_both_directions(self):
        response = self.client.get(self.v2008.get_absolute_url())
        self.assertEqual([s.code for s in response.context["newer"]], ["GB/T 19001-2016"])
        self.assertEqual([s.code for s in response.context["older"]], ["GB/T 19001-2000"])
        self.assertContains(response, "被代替")

    def test_it_follows_the_chain_across_several_editions(self):
        response = self.client.get(self.v2000.get_absolute_url())
        self.assertEqual(
            [s.code for s in response.context["newer"]], ["GB/T 19001-2008", "GB/T 19001-2016"]
        )

    def test_it_shows_a_replacement_not_in_the_catalog_without_a_link(self):
        from catalog.models import StandardReplacement

        StandardReplacement.objects.create(
            old_key="GB/T19001-1994",
            old_code="GB/T 19001-1994",
            new=self.v2000,
            new_key=self.v2000.code_key,
            new_code=self.v2000.code,
        )
        response = self.client.get(self.v2000.get_absolute_url())
        self.assertContains(
            response, 'GB/T 19001-1994 <span class="text-muted small">（本平台暂未收录）'
        )

    def test_a_standard_without_links_costs_a_fixed_number_of_queries(self):
        # The standard with its classes and units, the links of both directions (one query),
        # other editions, upgrades and the drafting project: nothing grows with the catalog.
        plain = make_standard("GB/T 30000-2020", "无代替关系的标准")
        self.client.get(plain.get_absolute_url())  # sessions, content types: first-use costs
        with self.assertNumQueries(7):
            self.client.get(plain.get_absolute_url())

    def test_the_chain_is_identical_seen_from_each_edition(self):
        for edition, older, newer in [
            (self.v2000, [], ["GB/T 19001-2008", "GB/T 19001-2016"]),
            (self.v2008, ["GB/T 19001-2000"], ["GB/T 19001-2016"]),
            (self.v2016, ["GB/T 19001-2008", "GB/T 19001-2000"], []),
        ]:
            context = self.client.get(edition.get_absolute_url()).context
            self.assertEqual([s.code for s in context["older"]], older, edition.code)
            self.assertEqual([s.code for s in context["newer"]], newer, edition.code)

    def test_it_redirects_other_spellings_to_the_canonical_address(self):
        response = self.client.get("/standards/gb%EF%BC%8Ft%2019001%E2%80%942016/")
        self.assertRedirects(response, "/standards/GB/T19001-2016/", status_code=301)

    def test_it_counts_views(self):
        from analytics.flush import flush

        flush()  # nothing left over from another test
        browser = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0"}
        self.client.get(self.v2016.get_absolute_url(), **browser)
        self.client.get(self.v2016.get_absolute_url(), **browser)
        flush()  # views are buffered (analytics), then added to the standard's total
        self.assertEqual(Standard.objects.get(pk=self.v2016.pk).view_count, 2)

    def test_it_hides_non_public_standards_from_everyone_but_the_bureau(self):
        url = self.hidden.get_absolute_url()
        self.assertEqual(self.client.get(url).status_code, 404)
        for user in [self.citizen, self.enterprise_user, self.county_officer, self.expert]:
            self.login(user)
            self.assertEqual(self.client.get(url).status_code, 404, user.username)
        self.login(self.city_officer)
        self.assertContains(self.client.get(url), "未公开")

    def test_it_answers_404_for_unknown_and_unparseable_codes(self):
        self.assertEqual(self.client.get("/standards/GB/T99999-2020/").status_code, 404)
        self.assertEqual(self.client.get("/standards/not-a-code/").status_code, 404)

    def test_it_sends_security_headers(self):
        response = self.client.get(self.v2016.get_absolute_url())
        self.assertIn("script-src 'self'", response["Content-Security-Policy"])
        self.assertEqual(response["X-Frame-Options"], "DENY")
        self.assertTrue(response["X-Request-ID"])


class HomePageTests(TestCase):
    def test_it_counts_standards_by_kind_and_status(self):
        make_standard("GB/T 19001-2016")
        make_standard("DB37/T 2904-2019")
        make_standard("DB3708/T 1-2020", status="abolished")
        make_standard("T/CAS 1-2020", is_public=False)
        from catalog.search import indexer, summary

        indexer.rebuild()  # the home page counts the public catalog in the search index
        summary.forget()
        response = self.client.get("/")
        counts = response.context["summary"]
        self.assertEqual(counts.total, 3)
        self.assertIn(("provincial", "省级地方标准", 1), counts.by_kind)
        self.assertIn(("abolished", "废止", 1), counts.by_status)
        self.assertContains(response, "平台公开收录标准 <strong>3</strong> 条")
