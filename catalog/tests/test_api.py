"""The public standards API: contract, filters, errors, scope."""

from rest_framework.test import APIClient

from catalog.tests.factories import link, make_standard
from testing.personas import PersonaTestCase


class StandardApiTests(PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.old = make_standard("GB/T 19001-2008", "质量管理体系 要求", status="abolished")
        cls.new = make_standard("GB/T 19001-2016", "质量管理体系 要求")
        link(cls.old, cls.new)
        cls.local = make_standard("DB3708/T 12-2021", "足球场地维护规范")
        cls.hidden = make_standard("Q/JNXX 001-2021", "内部足球标准", is_public=False)

    def setUp(self):
        self.api = APIClient()

    def test_it_lists_with_the_documented_shape(self):
        body = self.api.get("/api/v1/standards/", {"q": "足球"}).json()
        self.assertEqual(body["count"], 1)
        result = body["results"][0]
        self.assertEqual(
            {k: result[k] for k in ("code", "title", "kind", "status")},
            {
                "code": "DB3708/T 12-2021",
                "title": "足球场地维护规范",
                "kind": "municipal",
                "status": "current",
            },
        )

    def test_it_filters_and_pages(self):
        body = self.api.get("/api/v1/standards/", {"kind": "national", "page_size": 1}).json()
        self.assertEqual(body["count"], 2)
        self.assertEqual(len(body["results"]), 1)
        self.assertIsNotNone(body["next"])

    def test_it_caps_the_page_size_at_100(self):
        for i in range(105):
            make_standard(f"T/CAS {i + 1}-2020", f"团体{i}")
        body = self.api.get("/api/v1/standards/", {"page_size": 500}).json()
        self.assertEqual(len(body["results"]), 100)

    def test_it_returns_one_standard_by_any_spelling(self):
        for spelling in ["GB/T19001-2016", "gb/t 19001—2016"]:
            body = self.api.get(f"/api/v1/standards/{spelling}/").json()
            self.assertEqual(body["code"], "GB/T 19001-2016")
            self.assertEqual(body["replaces"][0]["old_code"], "GB/T 19001-2008")

    def test_it_gives_structured_errors_for_bad_parameters(self):
        response = self.api.get("/api/v1/standards/", {"status": "bogus", "year": "abc"})
        self.assertEqual(response.status_code, 400)
        error = response.json()["error"]
        self.assertEqual(error["code"], "invalid")
        self.assertEqual(set(error["fields"]), {"status", "year"})

    def test_it_answers_404_for_a_page_past_the_end(self):
        response = self.api.get("/api/v1/standards/", {"page": 99})
        self.assertEqual(response.status_code, 404)
        self.assertIn("页码无效", response.json()["error"]["message"])

    def test_it_never_fails_on_hostile_queries(self):
        for q in ["", " ", "x" * 10_000, '"*():-^+~', "' OR 1=1 --", "\x00"]:
            response = self.api.get("/api/v1/standards/", {"q": q})
            self.assertIn(response.status_code, (200, 400), repr(q[:20]))

    def test_it_hides_non_public_standards_from_the_public_and_enterprises(self):
        self.assertEqual(self.api.get("/api/v1/standards/Q/JNXX001-2021/").status_code, 404)
        self.api.force_authenticate(self.enterprise_user)
        self.assertEqual(self.api.get("/api/v1/standards/", {"q": "内部"}).json()["count"], 0)
        self.api.force_authenticate(self.city_officer)
        self.assertEqual(self.api.get("/api/v1/standards/", {"q": "内部"}).json()["count"], 1)

    def test_it_is_read_only(self):
        self.api.force_authenticate(self.city_officer)
        response = self.api.post("/api/v1/standards/", {"code": "GB 1-2020"}, format="json")
        self.assertEqual(response.status_code, 405)

    def test_it_publishes_an_openapi_schema_and_docs(self):
        schema = self.api.get("/api/schema/", HTTP_ACCEPT="application/json")
        self.assertEqual(schema.status_code, 200)
        self.assertIn("/api/v1/standards/", schema.json()["paths"])
        self.assertEqual(self.client.get("/api/docs/").status_code, 200)
