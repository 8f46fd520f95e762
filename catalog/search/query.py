"""A search request → a tantivy query → ids in rank order, the exact count and facet counts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tantivy import Occur, Order, Query

from catalog.codes import InvalidStandardCode, code_search_key, looks_like_code, parse_code
from catalog.search import caches, index, tokenize
from catalog.search.schema import FACET_FIELDS

MAX_QUERY_CHARS = 200
MAX_WINDOW = 10_000  # deepest result reachable by paging, as in most search engines
FACET_SIZES = {"kind": 10, "status": 5, "nature": 5, "ics": 100, "ccs": 30, "year": 100}
FACET_SIZES["issuing_body"] = 20
SORTS = {"": None, "-issue_date": ("issue_day", Order.Desc), "issue_date": ("issue_day", Order.Asc)}
SORTS["code"] = ("code_sort", Order.Asc)
# Scores: an exact code match outranks any text relevance (BM25 on short titles stays < 50).
EXACT_CODE, PREFIX_CODE, NUMBER_CODE = 1000.0, 60.0, 40.0


@dataclass
class SearchRequest:
    q: str = ""
    kind: str = ""
    status: str = ""
    nature: str = ""
    ics: str = ""
    ccs: str = ""
    year: int | None = None
    issuing_body: str = ""
    sort: str = ""
    offset: int = 0
    limit: int = 20
    facets: bool = True
    # The visibility scopes of the user (`catalog.models.search_scopes`); the public's when unset.
    scopes: tuple[str, ...] = ("public",)
    # Only among these standards (matching new standards against saved searches); None: all.
    ids: tuple[int, ...] | None = None


@dataclass
class SearchResult:
    count: int
    ids: list[int]
    facets: dict[str, list[tuple[str | int, int]]] = field(default_factory=dict)
    terms: list[str] = field(default_factory=list)  # what to highlight
    suggestion_ids: list[int] = field(default_factory=list)  # "did you mean" codes


def _term(schema, name: str, value) -> Query:
    return Query.term_query(schema, name, value)


def _any(clauses: list[Query]) -> Query:
    return (
        clauses[0]
        if len(clauses) == 1
        else Query.boolean_query([(Occur.Should, c) for c in clauses])
    )


def _code_clauses(schema, text: str) -> list[Query]:
    """Queries on the code fields: exact key, key prefix (edge n-grams), number substring."""
    out: list[Query] = []
    try:
        parsed = parse_code(text)
    except InvalidStandardCode:
        parsed = None
    key = code_search_key(text)
    if parsed is not None:
        exact = parsed.key if parsed.year is not None else parsed.base_key
        out.append(Query.const_score_query(_term(schema, "code_exact", exact), EXACT_CODE))
        out.append(Query.const_score_query(_term(schema, "code_prefix", parsed.key), PREFIX_CODE))
    if key and len(key) <= 100:
        out.append(Query.const_score_query(_term(schema, "code_prefix", key), PREFIX_CODE))
        if key[0].isdigit():
            out.append(Query.const_score_query(_term(schema, "code_num", key), NUMBER_CODE))
    return out


def _text_clause(schema, term: str) -> tuple[Query | None, list[str]]:
    """Every run of the term must match (title, scope or issuing body); rjieba words and the
    title field weigh more. Returns the query and the runs to highlight."""
    musts: list[tuple[Occur, Query]] = []
    marks: list[str] = []
    for is_cjk, run in tokenize.runs(term):
        marks.append(run)
        if is_cjk and len(run) == 1:
            pattern = f"{re.escape(run)}.?|.{re.escape(run)}"
            alts = [
                Query.boost_query(Query.regex_query(schema, "title_bi", pattern), 2.0),
                Query.regex_query(schema, "body_bi", pattern),
            ]
            musts.append((Occur.Must, _any(alts)))
            continue
        if is_cjk:
            grams = tokenize.bigrams(run)

            def phrase(name, grams=grams):
                if len(grams) == 1:
                    return _term(schema, name, grams[0])
                return Query.phrase_query(schema, name, grams)

            alts = [
                Query.boost_query(phrase("title_bi"), 3.0),
                Query.boost_query(phrase("body_bi"), 0.5),
                Query.boost_query(phrase("scope_bi"), 0.3),
            ]
            musts.append((Occur.Must, _any(alts)))
            words = [w for w in tokenize.query_words(run) if len(w) > 1]
            musts.extend(
                (Occur.Should, Query.boost_query(_term(schema, "title_w", w), 0.5)) for w in words
            )
        else:
            alts = [
                Query.boost_query(_term(schema, "title_bi", run), 3.0),
                Query.boost_query(_term(schema, "title_en", run), 1.5),
                Query.boost_query(_term(schema, "body_bi", run), 0.5),
                Query.boost_query(_term(schema, "scope_bi", run), 0.3),
            ]
            musts.append((Occur.Must, _any(alts)))
    if not musts:
        return None, marks
    return Query.boolean_query(musts), marks


def text_query(schema, q: str) -> tuple[Query | None, list[str], bool]:
    """(query, highlight terms, is a code query). None matches everything."""
    text = " ".join(q.split())[:MAX_QUERY_CHARS]
    if not text:
        return None, [], False
    if looks_like_code(text):
        codes = _code_clauses(schema, text)
        words, marks = _text_clause(schema, text)
        return _any(codes + ([words] if words else [])), marks, True
    musts: list[tuple[Occur, Query]] = []
    marks: list[str] = []
    for term in text.split(" "):
        words, term_marks = _text_clause(schema, term)
        codes = _code_clauses(schema, term) if looks_like_code(term) else []
        alts = codes + ([words] if words else [])
        marks.extend(term_marks)
        if alts:
            musts.append((Occur.Must, _any(alts)))
    if not musts:  # only punctuation: nothing can match
        return Query.empty_query(), [], False
    return Query.boolean_query(musts), marks, False


def _visible(schema, req: SearchRequest) -> Query:
    """What the user may see: every query, count, facet and suggestion goes through it."""
    return _any([_term(schema, "scope", scope) for scope in req.scopes or ("public",)])


def _filters(schema, req: SearchRequest) -> list[Query]:
    out = [_visible(schema, req)]
    for name in ("kind", "status", "nature", "issuing_body"):
        value = getattr(req, name)
        if value:
            out.append(_term(schema, name, value))
    if req.ics:
        out.append(_term(schema, "ics", req.ics.strip()))
    if req.ccs:
        out.append(_term(schema, "ccs", req.ccs.strip().upper()))
    if req.year:
        out.append(_term(schema, "year", int(req.year)))
    if req.ids is not None:
        out.append(Query.term_set_query(schema, "id", list(req.ids)))
    return out


def _facets(searcher, schema, query: Query) -> dict[str, list[tuple[str | int, int]]]:
    spec = {
        name: {"terms": {"field": FACET_FIELDS[name], "size": size}}
        for name, size in FACET_SIZES.items()
    }
    raw = searcher.aggregate(query, spec)
    out = {}
    for name in FACET_SIZES:
        buckets = [(b["key"], b["doc_count"]) for b in raw.get(name, {}).get("buckets", [])]
        if name == "year":
            buckets.sort(key=lambda b: -int(b[0]))
        out[name] = buckets
    return out


def _split_code(key: str) -> tuple[str, str]:
    """A code key's designation and number: ``GB/T1901`` → (``GB/T``, ``1901``)."""
    match = re.match(r"^(.*?)([0-9].*)$", key)
    return (match.group(1), match.group(2)) if match else (key, "")


def _edit_distance(a: str, b: str) -> int:
    """Edits (insert, delete, replace, swap two neighbours) from a to b: 19010 → 19001 is one."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


def close_code(typed: str, candidate: str) -> int | None:
    """How far a candidate base key is from what was typed, or None when it is not a near
    miss: same designation (``GB/T`` never proposes ``GB``), and a number at most one edit
    away (two for numbers of six characters or more)."""
    typed_prefix, typed_number = _split_code(typed)
    prefix, number = _split_code(candidate)
    if prefix != typed_prefix or not typed_number:
        return None
    distance = _edit_distance(typed_number, number)
    return distance if distance <= (2 if len(typed_number) >= 6 else 1) else None


def _suggest(searcher, schema, q: str, visible: Query) -> list[int]:
    """Codes close to what was typed (base keys), for "did you mean": found by a fuzzy term
    query, kept only when :func:`close_code` calls them a near miss, nearest first."""
    from catalog.models import Standard

    key = code_search_key(q)
    try:
        parsed = parse_code(q)
        key = parsed.base_key
    except InvalidStandardCode:
        pass
    if not key or len(key) > 40 or not re.search(r"[0-9]", key):
        return []
    fuzzy = Query.fuzzy_term_query(schema, "code_exact", key, distance=2 if len(key) > 6 else 1)
    query = Query.boolean_query([(Occur.Must, fuzzy), (Occur.Must, visible)])
    hits = searcher.search(query, 20, count=False).hits
    ids = [int(v) for v in searcher.fast_field_values("id", [a for _, a in hits]) if v]
    rank = {pk: n for n, pk in enumerate(ids)}
    near = []
    for pk, base_key in Standard.objects.filter(pk__in=ids).values_list("pk", "base_key"):
        distance = close_code(key, base_key)
        if distance is not None:
            near.append((distance, rank[pk], pk))
    return [pk for _, _, pk in sorted(near)[:5]]


def _cache_keys(req: SearchRequest) -> tuple[tuple, tuple] | None:
    """(key of the whole result, key of its facets); None for a search among given ids."""
    if req.ids is not None:
        return None
    where = (req.q, req.kind, req.status, req.nature, req.ics, req.ccs, req.year)
    where = (*where, req.issuing_body, req.scopes)
    return (*where, req.sort, req.offset, req.limit, req.facets), where


def _copy(result: SearchResult) -> SearchResult:
    return SearchResult(
        count=result.count,
        ids=list(result.ids),
        facets=result.facets,  # read only
        terms=list(result.terms),
        suggestion_ids=list(result.suggestion_ids),
    )


def search(req: SearchRequest) -> SearchResult:
    """Run `req`; the same request again on the same index generation is answered from
    `caches.results`, and its facets for any page or order from `caches.facets`."""
    from catalog.search import indexer

    indexer.maybe_drain()
    handle = index.handle()
    schema, searcher = handle.schema, handle.searcher()
    current = handle.generation
    keys = _cache_keys(req)
    if keys is not None:
        cached = caches.results.get(current, keys[0])
        if cached is not None:
            return _copy(cached)
    main, marks, is_code = text_query(schema, req.q)
    filters = _filters(schema, req)
    clauses = ([(Occur.Must, main)] if main is not None else []) + [
        (Occur.Must, f) for f in filters
    ]
    query = Query.boolean_query(clauses)  # never empty: visibility is always a filter
    limit = max(0, req.limit)
    sort = SORTS.get(req.sort)
    if sort is None:
        result = searcher.search(
            query, max(limit, 1), count=True, offset=req.offset, weight_by_field="prior"
        )
    else:
        result = searcher.search(
            query,
            max(limit, 1),
            count=True,
            offset=req.offset,
            order_by_field=sort[0],
            order=sort[1],
        )
    hits = result.hits[:limit]
    ids = [int(v) for v in searcher.fast_field_values("id", [a for _, a in hits])]
    out = SearchResult(count=result.count or 0, ids=ids, terms=marks)
    if req.facets:
        found = caches.facets.get(current, keys[1]) if keys is not None else None
        if found is None:
            found = _facets(searcher, schema, query)
            if keys is not None:
                caches.facets.put(current, keys[1], found)
        out.facets = found
    if out.count == 0 and req.q and (is_code or re.search(r"[0-9]", req.q)):
        out.suggestion_ids = _suggest(searcher, schema, req.q, filters[0])
    if keys is not None:
        caches.results.put(current, keys[0], _copy(out))
    return out
