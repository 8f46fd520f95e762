"""The public side: /open-data/ and its dictionary for anyone, the manifest with absolute URLs,
downloads of the files the manifest names and of nothing else."""

from __future__ import annotations

import hashlib

from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Standard
from catalog.services import standard_save
from opendata.services import open_data_export
from opendata.tests.helpers import OpenDataTestCase


class BeforeTheFirstExportTests(OpenDataTestCase):
    def test_the_page_says_the_files_are_coming_and_shows_the_dictionary(self):
        response = self.client.get("/open-data/")
        self.assertContains(response, "数据文件正在准备中")
        self.assertContains(response, "数据字典")
        self.assertEqual(
            self.client.get("/open-data/manifest.json").json(), {"generated_at": None, "files": []}
        )
        dictionary = self.client.get("/open-data/dictionary.json").json()
        self.assertEqual([d["key"] for d in dictionary["datasets"]], ["standards", "municipal"])
        self.assertEqual(self.client.get("/open-data/files/standards.csv.gz").status_code, 404)


class OpenDataPageTests(OpenDataTestCase):
    def setUp(self):
        super().setUp()
        self.result = open_data_export(directory=self.root)

    def test_anyone_sees_every_file_with_rows_size_and_checksum(self):
        response = self.client.get("/open-data/")
        self.assertEqual(response.status_code, 200)
        for entry in self.result.manifest["files"]:
            self.assertContains(response, f'href="{entry["url"]}"')
            self.assertContains(response, entry["sha256"])
        self.assertContains(response, "使用条款")
        self.assertContains(response, "updated_since")
        self.assertContains(response, "济宁市地方标准")

    def test_the_page_is_in_the_footer(self):
        response = self.client.get("/")
        self.assertContains(response, 'href="/open-data/"')

    def test_the_manifest_has_exactly_the_documented_keys_and_absolute_urls(self):
        manifest = self.client.get("/open-data/manifest.json").json()
        self.assertEqual(set(manifest), {"generated_at", "files"})
        for entry in manifest["files"]:
            self.assertLessEqual(
                {"name", "url", "rows", "sha256", "bytes"}, set(entry), entry["name"]
            )
            self.assertEqual(entry["url"], f"http://testserver/open-data/files/{entry['name']}")

    def test_a_download_streams_the_file_the_manifest_describes(self):
        manifest = self.client.get("/open-data/manifest.json").json()
        for entry in manifest["files"]:
            with self.subTest(file=entry["name"]):
                response = self.client.get(entry["url"])
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.streaming)
                body = b"".join(response.streaming_content)
                self.assertEqual(hashlib.sha256(body).hexdigest(), entry["sha256"])
                self.assertEqual(len(body), entry["bytes"])
                self.assertIn("attachment", response["Content-Disposition"])
                self.assertEqual(response["ETag"], f'"{entry["sha256"]}"')

    def test_an_unchanged_file_is_not_sent_again(self):
        entry = self.result.manifest["files"][0]
        response = self.client.get(entry["url"], headers={"if-none-match": f'"{entry["sha256"]}"'})
        self.assertEqual(response.status_code, 304)

    def test_only_names_in_the_manifest_are_served(self):
        for name in (
            "manifest.json",
            ".lock",
            "..%2Fcurrent%2Fmanifest.json",
            "..%2F..%2Fconfig%2Fsettings.py",
            "%2Fetc%2Fpasswd",
            "standards.csv",
            "nothing.xlsx",
        ):
            with self.subTest(name=name):
                self.assertEqual(self.client.get(f"/open-data/files/{name}").status_code, 404)
        self.assertEqual(self.client.get("/open-data/files/../manifest.json").status_code, 404)

    def test_the_dictionary_page_shows_every_field_with_its_meaning_and_an_example(self):
        response = self.client.get("/open-data/dictionary/")
        dictionary = self.client.get("/open-data/dictionary.json").json()
        for dataset in dictionary["datasets"]:
            for field in dataset["fields"]:
                self.assertContains(response, f"<code>{field['name']}</code>")
        self.assertContains(response, "标准号：规范印刷形式")
        self.assertContains(response, "<code>abolished</code> 废止", html=False)
        self.assertContains(response, "GB/T 19001-2016")  # an example from the data

    def test_the_pages_cost_the_same_queries_whatever_the_size_of_the_catalog(self):
        def queries(path):
            with CaptureQueriesContext(connection) as captured:
                self.assertEqual(self.client.get(path).status_code, 200)
            return len(captured)

        small = {p: queries(p) for p in ("/open-data/", "/open-data/dictionary/")}
        for n in range(1, 21):
            standard_save(
                standard=Standard(code=f"GB/T {30000 + n}-2020", title="新增"), actor=None
            )
        open_data_export(directory=self.root)
        large = {p: queries(p) for p in ("/open-data/", "/open-data/dictionary/")}
        self.assertEqual(small, large)
        self.assertEqual(self.client.get("/open-data/manifest.json").json()["files"][0]["rows"], 25)


class ChineseTextTests(OpenDataTestCase):
    def test_the_pages_have_no_untranslated_words(self):
        from portal.tests.site_walk import latin_words

        open_data_export(directory=self.root)
        for path in ("/open-data/", "/open-data/dictionary/"):
            with self.subTest(path=path):
                self.assertEqual(latin_words(self.client.get(path).content.decode()), set())
