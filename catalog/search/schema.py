"""The fields of the search index. Changing them bumps SCHEMA_VERSION, which forces a rebuild."""

from __future__ import annotations

import tantivy

SCHEMA_VERSION = 2

# Facets shown next to results: API name → index field.
FACET_FIELDS = {
    "kind": "kind",
    "status": "status",
    "nature": "nature",
    "ics": "ics_field",
    "ccs": "ccs1",
    "year": "year",
    "issuing_body": "issuing_body",
}


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_unsigned_field("id", indexed=True, fast=True)
    # Who may see the record (`catalog.models.record_scopes`); every search filters on it.
    sb.add_text_field("scope", tokenizer_name="raw", index_option="basic")
    # A hash of the document's fields, so `check_search_index` can compare it with the database.
    sb.add_unsigned_field("digest", fast=True)
    # Codes: the exact keys (key and base key), edge n-grams of the key, number substrings.
    sb.add_text_field("code_exact", tokenizer_name="raw", index_option="basic")
    sb.add_text_field("code_prefix", tokenizer_name="whitespace", index_option="basic")
    sb.add_text_field("code_num", tokenizer_name="whitespace", index_option="basic")
    # Text: bigram fields carry positions for phrase queries; word fields only help ranking.
    sb.add_text_field("title_bi", tokenizer_name="whitespace")
    sb.add_text_field("title_w", tokenizer_name="whitespace", index_option="freq")
    sb.add_text_field("title_en", tokenizer_name="whitespace", index_option="freq")
    sb.add_text_field("scope_bi", tokenizer_name="whitespace")
    sb.add_text_field("body_bi", tokenizer_name="whitespace")
    # Filters and facets.
    for name in ("kind", "status", "nature", "ics", "ics_field", "ccs", "ccs1", "issuing_body"):
        sb.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")
    sb.add_unsigned_field("year", indexed=True, fast=True)
    # Sorting and ranking.
    sb.add_unsigned_field("issue_day", fast=True)  # yyyymmdd, 0 when unknown
    sb.add_text_field("code_sort", tokenizer_name="raw", fast=True, index_option="basic")
    sb.add_float_field("prior", fast=True)
    return sb.build()
