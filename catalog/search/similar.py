"""查新: the catalog standards (and any other titled items) most similar to a proposed title.

Two steps. The search index finds candidates: any standard whose title shares a character
bigram or an rjieba word with the text (tokenized exactly as at index time, `tokenize`). Each
candidate title is then scored against the text in Python by the Dice coefficient of their
token sets — bigrams weigh `BIGRAM_WEIGHT`, words the rest — so that a score depends only on the
two titles, not on the catalog or the query length: 1.0 is an identical title, 0.0 nothing in
common, and scores compare across queries (a threshold means the same thing everywhere).

The cost is bounded whatever is pasted in: the text is cut to `MAX_CHARS` characters and the
index query uses at most `MAX_TERMS` terms (the rarest in the index, which select best).

`rank_texts` scores arbitrary (key, text) pairs the same way (current projects, suggestions).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from tantivy import Occur, Query

from catalog.choices import Status
from catalog.search import index, tokenize

MAX_CHARS = 200  # of the query text, after collapsing whitespace
MAX_TERMS = 48  # index terms in the candidate query
MAX_CANDIDATE_CHARS = 500  # of each text given to rank_texts
CANDIDATES = 60  # read from the index before scoring
BIGRAM_WEIGHT = 0.7  # the rest goes to rjieba words


@dataclass(frozen=True)
class Tokens:
    bigrams: frozenset[str]
    words: frozenset[str]


@dataclass
class Similar:
    """One similar standard: the row, its score (0..1) and the parts of its title that matched."""

    standard: object  # catalog.models.Standard
    score: float
    matched: list[str] = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.standard.pk

    @property
    def code(self) -> str:
        return self.standard.code

    @property
    def title(self) -> str:
        return self.standard.title

    @property
    def status(self) -> str:
        return self.standard.status

    @property
    def status_label(self) -> str:
        return self.standard.get_status_display()

    @property
    def percent(self) -> int:
        return round(self.score * 100)

    @property
    def url(self) -> str:
        return self.standard.get_absolute_url()


def _clip(text: str, limit: int) -> str:
    return " ".join((text or "").split())[:limit]


def tokens(text: str, *, limit: int = MAX_CHARS) -> Tokens:
    """The bigram and word sets of a text (Latin words count in both)."""
    grams: set[str] = set()
    words: set[str] = set()
    for is_cjk, run in tokenize.runs(_clip(text, limit)):
        if is_cjk:
            grams.update(g for g in tokenize.bigrams(run) if len(g) == 2)
            words.update(w for w in tokenize.query_words(run) if len(w) > 1)
        else:
            grams.add(run)
            words.add(run)
    return Tokens(frozenset(grams), frozenset(words))


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def score(query: Tokens, other: Tokens) -> float:
    """Similarity in 0..1; a text without words (a single character) is judged on bigrams."""
    grams = _dice(query.bigrams, other.bigrams)
    if not query.words and not other.words:
        return round(grams, 4)
    words = _dice(query.words, other.words)
    return round(BIGRAM_WEIGHT * grams + (1 - BIGRAM_WEIGHT) * words, 4)


def matched_parts(text: str, query: Tokens) -> list[str]:
    """The longest stretches of `text` made of bigrams (or Latin words) the query has, in the
    order they appear, each once: what to highlight in `text`."""
    out: list[str] = []
    for is_cjk, run in tokenize.runs(_clip(text, MAX_CANDIDATE_CHARS)):
        if not is_cjk:
            if run in query.bigrams:
                out.append(run)
            continue
        start = None
        for i in range(len(run) - 1):
            if run[i : i + 2] in query.bigrams:
                start = i if start is None else start
                continue
            if start is not None:
                out.append(run[start : i + 1])
                start = None
        if start is not None:
            out.append(run[start:])
    return list(dict.fromkeys(out))


def rank_texts(
    text: str, candidates: Iterable[tuple[Hashable, str]]
) -> list[tuple[Hashable, float, list[str]]]:
    """(key, score, matched) for every candidate sharing something with `text`, best first
    (ties in the order given). An empty or blank text ranks nothing."""
    query = tokens(text)
    if not query.bigrams:
        return []
    out = []
    for key, other in candidates:
        s = score(query, tokens(other, limit=MAX_CANDIDATE_CHARS))
        if s > 0:
            out.append((key, s, matched_parts(other, query)))
    out.sort(key=lambda row: -row[1])
    return out


def _field_exists(schema, name: str) -> bool:
    try:
        Query.term_query(schema, name, "x")
    except ValueError:
        return False
    return True


def _visibility(schema, user) -> Query | None:
    """The index's visibility filter for `user` once the index carries scopes (`scope` field,
    `catalog.models.search_scopes`); before that the index holds public standards only."""
    if not _field_exists(schema, "scope"):
        return None
    from catalog import models

    scopes = getattr(models, "search_scopes", lambda user: ["public"])(user)
    clauses = [Query.term_query(schema, "scope", s) for s in scopes]
    return Query.boolean_query([(Occur.Should, c) for c in clauses])


def candidate_terms(searcher, query: Tokens) -> list[tuple[str, str]]:
    """(field, term) pairs of the candidate query: every bigram and word, or, past
    `MAX_TERMS`, the rarest that occur in the index (they select best)."""
    terms = [("title_bi", g) for g in query.bigrams] + [("title_w", w) for w in query.words]
    if len(terms) > MAX_TERMS:
        freq = {t: searcher.doc_freq(*t) for t in terms}
        terms = sorted((t for t in terms if freq[t]), key=lambda t: (freq[t], t))[:MAX_TERMS]
    return sorted(terms)


def _catch_up() -> None:
    """Apply queued index changes first, as a search does (on main `query._replay_once`; the
    `search` branch renames it `indexer.maybe_drain`): a standard saved a moment ago is found."""
    from catalog.search import indexer, query

    catch_up = getattr(indexer, "maybe_drain", None) or getattr(query, "_replay_once", None)
    if catch_up is not None:
        catch_up()


def _day(standard) -> int:
    return standard.issue_date.toordinal() if standard.issue_date else 0


def similar_standards(
    text: str, *, limit: int = 10, in_force_only: bool = False, user=None
) -> list[Similar]:
    """The catalog standards whose titles are most like `text`, best first, score > 0.

    `in_force_only`: only 现行 and 即将实施 standards (not 废止). `user`: whose visibility applies
    (None: the public's); any level of standard."""
    from catalog.models import Standard

    query = tokens(text)
    if not query.bigrams or limit <= 0:
        return []
    _catch_up()
    handle = index.handle()
    schema, searcher = handle.schema, handle.searcher()
    if searcher.num_docs == 0:
        return []
    terms = candidate_terms(searcher, query)
    if not terms:
        return []
    any_term = [(Occur.Should, Query.term_query(schema, f, t)) for f, t in terms]
    musts = [(Occur.Must, Query.boolean_query(any_term))]
    visible = _visibility(schema, user)
    if visible is not None:
        musts.append((Occur.Must, visible))
    if in_force_only:
        statuses = [Status.CURRENT, Status.UPCOMING]
        alive = [(Occur.Should, Query.term_query(schema, "status", str(s))) for s in statuses]
        musts.append((Occur.Must, Query.boolean_query(alive)))
    hits = searcher.search(Query.boolean_query(musts), max(CANDIDATES, limit), count=False).hits
    ids = [int(v) for v in searcher.fast_field_values("id", [a for _, a in hits])]
    rows = Standard.objects.visible_to(user).filter(pk__in=ids)
    if in_force_only:
        rows = rows.exclude(status=Status.ABOLISHED)
    out = []
    for standard in rows.only("id", "code", "code_key", "title", "status", "kind", "issue_date"):
        s = score(query, tokens(standard.title, limit=MAX_CANDIDATE_CHARS))
        if s > 0:
            out.append(Similar(standard, s, matched_parts(standard.title, query)))
    # Equal scores: in force before abolished, then the newest.
    out.sort(key=lambda r: (-r.score, r.status == Status.ABOLISHED, -_day(r.standard), r.code))
    return out[:limit]
