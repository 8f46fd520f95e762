"""A Standard row → an index document. Everything the index knows comes from here."""

from __future__ import annotations

import tantivy

from catalog.choices import Status
from catalog.codes import InvalidStandardCode, parse_code
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


def build(row: dict) -> tantivy.Document:
    """`row`: id, code, code_key, base_key, title, title_en, scope, issuing_body, kind, status,
    nature, issue_date, ics (list of codes), ccs (the CCS code and its ancestors)."""
    doc = tantivy.Document()
    doc.add_unsigned("id", row["id"])
    key, base_key = row["code_key"], row["base_key"]
    doc.add_text("code_exact", key)
    doc.add_text("code_exact", base_key)
    doc.add_text("code_prefix", " ".join(tokenize.code_prefix_tokens(key)))
    try:
        parsed = parse_code(row["code"])
        number = parsed.number + ("." + parsed.part if parsed.part else "")
        doc.add_text("code_num", " ".join(tokenize.code_number_tokens(number, parsed.year)))
    except InvalidStandardCode:  # stored codes always parse; stay robust anyway
        pass
    doc.add_text("title_bi", tokenize.text_bigram_tokens(row["title"]))
    doc.add_text("title_w", tokenize.text_word_tokens(row["title"]))
    if row.get("title_en"):
        doc.add_text("title_en", tokenize.text_word_tokens(row["title_en"]))
    if row.get("scope"):
        doc.add_text("scope_bi", tokenize.text_bigram_tokens(row["scope"]))
    if row.get("issuing_body"):
        doc.add_text("body_bi", tokenize.text_bigram_tokens(row["issuing_body"]))
        doc.add_text("issuing_body", row["issuing_body"])
    doc.add_text("kind", row["kind"])
    doc.add_text("status", row["status"])
    if row.get("nature"):
        doc.add_text("nature", row["nature"])
    ics = ics_chain(row.get("ics") or [])
    for code in ics:
        doc.add_text("ics", code)
    for field in sorted({c.split(".")[0] for c in ics}):
        doc.add_text("ics_field", field)
    ccs = row.get("ccs") or []
    for code in ccs:
        doc.add_text("ccs", code)
    if ccs:
        doc.add_text("ccs1", ccs[0][0])  # the first level is the letter
    issue_date = row.get("issue_date")
    year = issue_date.year if issue_date else None
    if year:
        doc.add_unsigned("year", year)
    day = issue_date.year * 10000 + issue_date.month * 100 + issue_date.day if issue_date else 0
    doc.add_unsigned("issue_day", day)
    doc.add_text("code_sort", key)
    doc.add_float("prior", prior(row["status"], year))
    return doc
