"""The standards API documents itself in Chinese: every field of every schema its operations
use, and every query parameter, has a description (the OpenAPI schema is what integrators read)."""

from __future__ import annotations

import re

from django.test import SimpleTestCase
from drf_spectacular.generators import SchemaGenerator


def _refs(node) -> set[str]:
    found = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                found.add(value.rsplit("/", 1)[-1])
            else:
                found |= _refs(value)
    elif isinstance(node, list):
        for value in node:
            found |= _refs(value)
    return found


class StandardsSchemaTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.schema = SchemaGenerator().get_schema(request=None, public=True)
        cls.operations = {
            path: item
            for path, item in cls.schema["paths"].items()
            if path.startswith("/api/v1/standards/")
        }

    def components(self) -> dict[str, dict]:
        """Every schema the standards operations reach, directly or nested."""
        schemas = self.schema["components"]["schemas"]
        todo, seen = set(_refs(self.operations)), set()
        while todo:
            name = todo.pop()
            if name in seen or name not in schemas:
                continue
            seen.add(name)
            todo |= _refs(schemas[name])
        return {name: schemas[name] for name in seen}

    def test_every_field_of_the_standards_api_has_a_chinese_description(self):
        components = self.components()
        self.assertIn("Standard", components)
        self.assertIn("StandardBrief", components)
        undescribed = []
        for name, schema in components.items():
            for field, spec in schema.get("properties", {}).items():
                text = spec.get("description", "")
                if not re.search(r"[\u4e00-\u9fff]", text):
                    undescribed.append(f"{name}.{field}")
        self.assertEqual(undescribed, [], "describe these fields (help_text) in Chinese")

    def test_every_query_parameter_of_the_standards_api_is_described(self):
        undescribed = []
        for path, item in self.operations.items():
            for method, operation in item.items():
                for parameter in operation.get("parameters", []):
                    if parameter["in"] == "query" and not parameter.get("description"):
                        undescribed.append(f"{method.upper()} {path} ?{parameter['name']}")
        self.assertEqual(undescribed, [])

    def test_the_list_documents_incremental_sync(self):
        parameters = {
            p["name"]: p for p in self.operations["/api/v1/standards/"]["get"]["parameters"]
        }
        self.assertEqual(parameters["updated_since"]["schema"]["format"], "date-time")
        self.assertIn("增量同步", parameters["updated_since"]["description"])
