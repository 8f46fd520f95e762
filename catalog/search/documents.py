"""A Standard row → an index document. Everything the index knows comes from here."""

from __future__ import annotations

import hashlib
from functools import lru_cache

import tantivy

from catalog.choices import Status
from catalog.codes import InvalidStandardCode, StandardCode, parse_code
from catalog.codes import Kind as CodeKind
from catalog.codes import Nature as CodeNature
from catalog.models import record_scopes
from catalog.search import tokenize

# Multiplies relevance by log2(2 + prior): in force before upcoming before abolished, then newer.
# Small enough to act as a tie-breaker between titles of equal relevance.
_STATUS_PRIOR = {Status.CURRENT: 0.06, Status.UPCOMING: 0.03, Status.ABOLISHED: 0.0}


def prior(status: str, year: int | None) -> float:
    return _STATUS_PRIOR.get(status, 0.0) + (max(0, (year or 1950) - 1950) / 100) * 0.01


def ics_chain(ics_codes: list[str]) -> list[str]:
    """Every ICS code with its ancestors ("13.220.10" → "13", "13.220", "13.220.10")."""
    out: set[str] = set()
    for code in ics_codes:
        parts = code.split(".")
        out.update(".".join(parts[: i + 1]) for i in range(len(parts)))
    return sorted(out)


@lru_cache(maxsize=4_096)  # a catalog has a few hundred prefixes
def _designation(prefix: str, kind: str, nature: str | None) -> str:
    return StandardCode(
        prefix=prefix,
        kind=CodeKind(kind),
        nature=CodeNature(nature) if nature else None,
        number="",
    ).designation


def number_and_year(row: dict) -> tuple[str, int | None] | None:
    """The number with its part ("19001", "1.1") and the year of a stored standard.

    Derived from the stored key fields (key = designation + number[.part] + -year + amendment),
    which the code parser wrote; re-parsing the printed code was a third of indexing time.
    Falls back to the parser when the fields do not fit together (`row` lacks them, say)."""
    base_key, key = row["base_key"], row["code_key"]
    if row.get("prefix") and row.get("kind"):
        designation = _designation(row["prefix"], row["kind"], row.get("nature") or None)
        rest = key[len(base_key) :]
        if (
            base_key.startswith(designation)
            and key.startswith(base_key)
            and len(base_key) > len(designation)
        ):
            year = None
            if rest[:1] == "-" and rest[1:5].isdigit() and rest[5:6] in ("", "/"):
                year = int(rest[1:5])
            if year is not None or rest == "" or rest[:1] == "/":
                return base_key[len(designation) :], year
    try:
        parsed = parse_code(row["code"])
    except InvalidStandardCode:  # stored codes always parse; stay robust anyway
        return None
    return parsed.number + ("." + parsed.part if parsed.part else ""), parsed.year


def fields(row: dict) -> list[tuple[str, str, object]]:
    """The index fields of a row as (type, field, value): "t" text, "u" unsigned, "f" float.
    Plain data, so that worker processes can compute them for a rebuild.

    `row`: id, code, code_key, base_key, title, title_en, scope, issuing_body, kind, status,
    nature, issue_date, is_public, ics (list of codes), ccs (the CCS code and its ancestors)."""
    out: list[tuple[str, str, object]] = []
    out.append(("u", "id", row["id"]))
    for scope in record_scopes(is_public=row.get("is_public", True)):
        out.append(("t", "scope", scope))
    key, base_key = row["code_key"], row["base_key"]
    out.append(("t", "code_exact", key))
    out.append(("t", "code_exact", base_key))
    out.append(("t", "code_prefix", " ".join(tokenize.code_prefix_tokens(key))))
    number_year = number_and_year(row)
    if number_year is not None:
        out.append(("t", "code_num", " ".join(tokenize.code_number_tokens(*number_year))))
    out.append(("t", "title_bi", tokenize.text_bigram_tokens(row["title"])))
    out.append(("t", "title_w", tokenize.text_word_tokens(row["title"])))
    if row.get("title_en"):
        out.append(("t", "title_en", tokenize.text_word_tokens(row["title_en"])))
    if row.get("scope"):
        out.append(("t", "scope_bi", tokenize.text_bigram_tokens(row["scope"])))
    if row.get("issuing_body"):
        out.append(("t", "body_bi", tokenize.text_bigram_tokens(row["issuing_body"])))
        out.append(("t", "issuing_body", row["issuing_body"]))
    out.append(("t", "kind", row["kind"]))
    out.append(("t", "status", row["status"]))
    if row.get("nature"):
        out.append(("t", "nature", row["nature"]))
    ics = ics_chain(row.get("ics") or [])
    for code in ics:
        out.append(("t", "ics", code))
    for field in sorted({c.split(".")[0] for c in ics}):
        out.append(("t", "ics_field", field))
    ccs = row.get("ccs") or []
    for code in ccs:
        out.append(("t", "ccs", code))
    if ccs:
        out.append(("t", "ccs1", ccs[0][0]))  # the first level is the letter
    issue_date = row.get("issue_date")
    year = issue_date.year if issue_date else None
    if year:
        out.append(("u", "year", year))
    day = issue_date.year * 10000 + issue_date.month * 100 + issue_date.day if issue_date else 0
    out.append(("u", "issue_day", day))
    out.append(("t", "code_sort", key))
    out.append(("f", "prior", prior(row["status"], year)))
    out.append(("u", "digest", digest(out)))
    return out


def digest(spec: list[tuple[str, str, object]]) -> int:
    """A 63-bit hash of the document's other fields (what `check_search_index` compares)."""
    text = repr(spec)
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big") >> 1


def document(spec: list[tuple[str, str, object]]) -> tantivy.Document:
    doc = tantivy.Document()
    add = {"t": doc.add_text, "u": doc.add_unsigned, "f": doc.add_float}
    for kind, name, value in spec:
        add[kind](name, value)
    return doc


def build(row: dict) -> tantivy.Document:
    """A Standard row → its index document."""
    return document(fields(row))


def fields_of_rows(rows: list[dict]) -> list[list[tuple[str, str, object]]]:
    """`fields` for many rows (one task of a parallel rebuild)."""
    return [fields(row) for row in rows]
