"""Test support for search: a temporary index per test class, rebuilt before each test (the
database is rolled back between tests, so the index must follow it)."""

import shutil
import tempfile
from pathlib import Path

from django.test import override_settings

from catalog.importer import commit_import, read_import_file
from catalog.search import index, indexer
from testing.personas import PersonaTestCase


def make_classes():
    """The ICS and CCS classes the test catalogs use."""
    from reference.models import CcsClass, IcsClass

    for code in (
        "01",
        "01.120",
        "03",
        "03.120",
        "03.120.10",
        "35",
        "35.040",
        "97",
        "97.220",
        "97.220.10",
    ):
        parent = code.rsplit(".", 1)[0] if "." in code else None
        IcsClass.objects.create(
            code=code,
            level=code.count(".") + 1,
            parent_id=parent,
            name_en=code,
            name_zh=f"类{code}",
        )
    for code, parent, level in (("A", None, 1), ("A00/09", "A", 2), ("A00", "A00/09", 3)):
        CcsClass.objects.create(code=code, level=level, parent_id=parent, name=f"类{code}")
    for code, parent, level in (("Y", None, 1), ("Y50/59", "Y", 2), ("Y55", "Y50/59", 3)):
        CcsClass.objects.create(code=code, level=level, parent_id=parent, name=f"类{code}")


def import_csv(text: str, actor=None):
    preview = read_import_file(text.encode(), "test.csv")
    assert preview.ok, preview.errors
    return commit_import(preview, actor=actor)


class SearchTestCase(PersonaTestCase):
    @classmethod
    def setUpClass(cls):
        cls._index_dir = tempfile.mkdtemp(prefix="search-index-class-")
        cls._index_override = override_settings(
            SEARCH_INDEX_DIR=Path(cls._index_dir), SEARCH_INDEXER="inline"
        )
        cls._index_override.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls._index_override.disable()
        index.forget()
        shutil.rmtree(cls._index_dir, ignore_errors=True)

    def setUp(self):
        super().setUp()
        indexer.rebuild()

    def api(self, **params):
        response = self.client.get("/api/v1/standards/", params)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def codes(self, **params) -> list[str]:
        return [r["code"] for r in self.api(**params)["results"]]
