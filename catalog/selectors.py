"""Reads of the catalog, always scoped to what the user may see."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from catalog.choices import Kind, Nature, Status
from catalog.codes import InvalidStandardCode, parse_code
from catalog.models import (
    SCOPE_ALL,
    Standard,
    StandardDraftingOrganization,
    StandardReplacement,
    search_scopes,
)
from catalog.search import caches
from catalog.search import query as search_query
from catalog.search.index import generation as index_generation
from core import sql_lists


def standards_visible_to(user) -> QuerySet[Standard]:
    return Standard.objects.visible_to(user)


def standard_for_list(queryset: QuerySet[Standard]) -> QuerySet[Standard]:
    return queryset.only(
        "id",
        "code",
        "code_key",
        "title",
        "title_en",
        "kind",
        "nature",
        "status",
        "issue_date",
        "implement_date",
        "abolish_date",
        "issuing_body",
    )


def standard_get(*, user, code: str, links: bool = True) -> Standard:
    """One standard by any spelling of its code; 404 when unknown or not visible. `links`:
    prefetch its own replacement links too (the API shows them; the page shows whole chains)."""
    try:
        key = parse_code(code).key
    except InvalidStandardCode:
        raise Http404("标准号无法识别") from None
    related = [
        "ics",
        # Ordered by position alone: the model's ordering starts with the standard, which would
        # join the catalog again to sort by its code.
        Prefetch(
            "drafting_units",
            queryset=StandardDraftingOrganization.objects.select_related("organization").order_by(
                "position"
            ),
        ),
    ]
    if links:
        related += [
            Prefetch("replaces_links", queryset=StandardReplacement.objects.select_related("old")),
            Prefetch(
                "replaced_by_links", queryset=StandardReplacement.objects.select_related("new")
            ),
        ]
    standard = (
        standards_visible_to(user)
        .select_related("ccs", "ccs__parent", "ccs__parent__parent")
        .prefetch_related(*related)
        .filter(code_key=key)
        .first()
    )
    if standard is None:
        raise Http404("没有找到该标准")
    return standard


@dataclass
class ChainStep:
    code: str
    code_key: str
    standard: Standard | None
    is_partial: bool


def _chain_step(link: StandardReplacement, direction: str) -> tuple:
    if direction == "older":
        return link.old_key, link.old_code, link.old, link.is_partial
    return link.new_key, link.new_code, link.new, link.is_partial


def replacement_chains(
    standard: Standard, *, user, limit: int = 20
) -> tuple[list[ChainStep], list[ChainStep]]:
    """(older, newer): the editions this one replaced, nearest first, and those that replaced
    it. The first step of both is one query (most standards have no links: one query in all)."""
    key = standard.code_key
    first = list(
        StandardReplacement.objects.filter(Q(new_key=key) | Q(old_key=key)).select_related(
            "old", "new"
        )
    )
    chains = {}
    visible: set[int] = set()
    for direction, near in (("older", "new_key"), ("newer", "old_key")):
        steps: list[ChainStep] = []
        seen = {key}
        links = [link for link in first if getattr(link, near) == key]
        while links and len(steps) < limit:
            frontier = []
            for step_key, code, linked, partial in sorted(
                _chain_step(link, direction) for link in links
            ):
                if step_key in seen:
                    continue
                seen.add(step_key)
                frontier.append(step_key)
                if linked is not None:
                    visible.add(linked.pk)
                steps.append(
                    ChainStep(code=code, code_key=step_key, standard=linked, is_partial=partial)
                )
            if not frontier:
                break
            field, other = (
                ("new_key__in", "old") if direction == "older" else ("old_key__in", "new")
            )
            links = list(
                StandardReplacement.objects.filter(**{field: frontier}).select_related(other)
            )
        chains[direction] = steps
    if visible:
        allowed = set(
            standards_visible_to(user).filter(pk__in=visible).values_list("pk", flat=True)
        )
        for step in chains["older"] + chains["newer"]:
            if step.standard is not None and step.standard.pk not in allowed:
                step.standard = None
    return chains["older"], chains["newer"]


def other_editions(standard: Standard, *, user) -> QuerySet[Standard]:
    return (
        standards_visible_to(user)
        .filter(base_key=standard.base_key)
        .exclude(pk=standard.pk)
        .only("code", "code_key", "title", "status", "issue_date")
        .order_by("-issue_date")
    )


def catalog_counts(*, user) -> dict:
    """Counts by kind and by status for the home page and statistics."""
    qs = standards_visible_to(user)
    by_kind = dict(qs.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    by_status = dict(qs.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return {
        "total": sum(by_kind.values()),
        "by_kind": [(k.value, k.label, by_kind.get(k.value, 0)) for k in Kind],
        "by_status": [(s.value, s.label, by_status.get(s.value, 0)) for s in Status],
    }


# --- search -----------------------------------------------------------------------------------

FACET_TITLES = {
    "kind": "标准类型",
    "status": "状态",
    "nature": "性质",
    "ics": "ICS 分类",
    "ccs": "CCS 分类",
    "year": "发布年份",
    "issuing_body": "发布单位",
}


@dataclass
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class SearchOutcome:
    """What a list page or the API shows: `hits` goes to a Paginator (count, slices)."""

    hits: Sequence[Standard] | QuerySet[Standard]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    terms: list[str] = field(default_factory=list)
    suggestions: list[Standard] = field(default_factory=list)


def _by_ids(user, ids: list[int]) -> list[Standard]:
    """Rows for index hits in hit order; visibility is checked again against the database."""
    if not ids:
        return []
    rows = standard_for_list(standards_visible_to(user).filter(pk__in=ids)).in_bulk()
    return [rows[i] for i in ids if i in rows]


BRIEF_FIELDS = (
    "id",
    "code",
    "code_key",
    "title",
    "title_en",
    "kind",
    "nature",
    "status",
    "issue_date",
    "implement_date",
    "abolish_date",
    "issuing_body",
    "updated_at",
)


def brief_rows(user, ids: list[int]) -> list[dict]:
    """Like `_by_ids`, as plain dicts (no model instances): the API's hot path. Public rows are
    kept in `caches.public_rows` until the next index commit; the others are read each time."""
    if not ids:
        return []
    current = index_generation()
    rows = caches.public_rows.get_many(current, ids)
    missing = [pk for pk in ids if pk not in rows]
    if missing:
        keep = caches.public_rows.size > 0
        for row in _brief_select(missing, public_only=SCOPE_ALL not in search_scopes(user)):
            is_public = row.pop("is_public")
            rows[row["id"]] = row
            if is_public and keep:
                caches.public_rows.put(current, row["id"], row)
    return [rows[i] for i in ids if i in rows]


_BRIEF_QUERY: dict[str, tuple[str, list]] = {}


def _brief_query() -> tuple[str, list]:
    """("SELECT <BRIEF_FIELDS + is_public> FROM <table> WHERE ", each column's name, column and
    converters), built once per database vendor with the converters the ORM itself applies."""
    if connection.vendor not in _BRIEF_QUERY:
        table = Standard._meta.db_table
        columns = []
        for name in (*BRIEF_FIELDS, "is_public"):
            col = Standard._meta.get_field(name).get_col(table)
            funcs = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
            columns.append((name, col, funcs))
        select = ", ".join(connection.ops.quote_name(col.target.column) for _, col, _ in columns)
        sql = f"SELECT {select} FROM {connection.ops.quote_name(table)} WHERE "  # noqa: S608 (names from the model)
        _BRIEF_QUERY[connection.vendor] = (sql, columns)
    return _BRIEF_QUERY[connection.vendor]


def _brief_select(ids: list[int], *, public_only: bool) -> list[dict]:
    """`BRIEF_FIELDS` + is_public of these standards (public ones only, unless the user is the
    bureau's) in plain SQL: the same rows as `visible_to(user).values(...)`, without building
    and compiling a queryset on every search (a third of an API search's time; a test keeps both
    equal)."""
    sql, columns = _brief_query()
    names = [name for name, _, _ in columns]
    converted = [column for column in columns if column[2]]
    visible = " AND is_public" if public_only else ""
    out = []
    with connection.cursor() as cursor:
        for chunk in sql_lists.chunks(ids):
            condition, params = sql_lists.column_in("id", chunk)
            cursor.execute(sql + condition + visible, params)
            for values in cursor.fetchall():
                row = dict(zip(names, values, strict=True))
                for name, col, funcs in converted:  # the columns that have converters
                    value = row[name]
                    for func in funcs:
                        value = func(value, col, connection)
                    row[name] = value
                out.append(row)
    return out


def standards_changed_since(*, user, since, after_id: int = 0, limit: int) -> list[dict]:
    """The change feed (`?updated_since=`): brief rows of the records `user` may see changed at
    or after `since` (at exactly `since`, only ids above `after_id`), in (updated_at, id) order.
    Read from the database, not the index: a range of the (updated_at, id) index, O(limit)."""
    rows = (
        standards_visible_to(user)
        .filter(updated_at__gte=since)
        .filter(Q(updated_at__gt=since) | Q(pk__gt=after_id))
        .order_by("updated_at", "pk")
        .values(*BRIEF_FIELDS)[:limit]
    )
    return list(rows)


class SearchHits(Sequence):
    """The index's results as a lazy list: the count is known, a slice runs the search (the
    slice asked for first is already there)."""

    def __init__(self, user, request: search_query.SearchRequest, first):
        self.user, self.request, self.first = user, request, first

    def count(self) -> int:
        return self.first.count

    def __len__(self) -> int:
        return self.first.count

    def ids(self, start: int, stop: int) -> list[int]:
        """Index ids of hits [start, stop) in rank order."""
        stop = min(stop, self.first.count)
        if stop <= start:
            return []
        if (start, stop - start) == (self.request.offset, self.request.limit) or (
            start == self.request.offset and stop == self.first.count
        ):
            return self.first.ids[: stop - start]
        req = search_query.SearchRequest(
            **{**self.request.__dict__, "offset": start, "limit": stop - start, "facets": False}
        )
        return search_query.search(req).ids

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        start = item.start or 0
        return _by_ids(self.user, self.ids(start, item.stop or self.first.count))


def _class_label_sql(name: str, codes: list[str]) -> tuple[str, list]:
    """(SELECT of the ICS or CCS classes' code and name for `codes`, its parameters), in plain
    SQL: one statement for both facets, no queryset compiled per search."""
    from reference.models import CcsClass, IcsClass

    model, column = (IcsClass, "name_zh") if name == "ics" else (CcsClass, "name")
    quote = connection.ops.quote_name
    condition, params = sql_lists.column_in(quote("code"), codes)
    return (
        f"SELECT '{name}', {quote('code')}, {quote(column)}"  # noqa: S608 (names from the models)
        f" FROM {quote(model._meta.db_table)} WHERE {condition}",
        params,
    )


def _class_labels(wanted: dict[str, list[str]]) -> dict[str, dict[str, str]]:
    """ "13.220 消防" for the ICS and CCS codes of `wanted` ({"ics": codes, "ccs": codes}), by
    name; kept in `caches.labels` until the next index commit, the missing ones read in one
    query (at most FACET_SIZES codes of each: under any limit on parameters)."""
    current = index_generation()
    names: dict[str, dict[str, str]] = {name: {} for name in wanted}
    selects, params = [], []
    for name, codes in wanted.items():
        found = caches.labels.get_many(current, [(name, code) for code in codes])
        names[name] = {code: label for (_, code), label in found.items()}
        missing = [code for code in codes if code not in names[name]]
        if missing:
            select, select_params = _class_label_sql(name, missing)
            selects.append(select)
            params += select_params
    if selects:
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(selects), params)
            for name, code, text in cursor.fetchall():
                names[name][code] = f"{code} {text}"
                caches.labels.put(current, (name, code), names[name][code])
    return names


def _facet_values(facets: dict[str, list[tuple]], labels: bool) -> dict[str, list[FacetValue]]:
    """The engine's facet buckets, with the ICS and CCS classes' names as labels if `labels`
    (else a code is its own label)."""
    wanted = {name: [v for v, _ in facets[name]] for name in ("ics", "ccs") if facets.get(name)}
    classes = _class_labels(wanted) if labels else {}
    return {name: _labels(name, values, classes.get(name)) for name, values in facets.items()}


_CHOICE_LABELS = {
    "kind": dict(Kind.choices),
    "status": dict(Status.choices),
    "nature": dict(Nature.choices),
}


def _labels(name: str, values: list[tuple], names: dict | None = None) -> list[FacetValue]:
    if not values:
        return []
    names = _CHOICE_LABELS.get(name, names) or {}
    return [FacetValue(str(v), str(names.get(v, v)), n) for v, n in values if v not in ("", None)]


def standard_search(*, user, filterset, offset: int, limit: int, facets: bool = True):
    """Search the catalog with a valid StandardFilter (see `public_search`)."""
    return public_search(
        user=user, data=filterset.form.cleaned_data, offset=offset, limit=limit, facets=facets
    )


def search_request(*, user, data: dict, offset: int = 0, limit: int = 20, facets: bool = True):
    """The index request for `data` (the filter form's cleaned data) over what `user` may see."""
    return search_query.SearchRequest(
        q=data.get("q") or "",
        kind=data.get("kind") or "",
        status=data.get("status") or "",
        nature=data.get("nature") or "",
        ics=data.get("ics") or "",
        ccs=data.get("ccs") or "",
        year=int(data["year"]) if data.get("year") else None,
        issuing_body=data.get("issuing_body") or "",
        sort=data.get("sort") or "",
        offset=offset,
        limit=limit,
        facets=facets,
        scopes=tuple(search_scopes(user)),
    )


def public_search(
    *, user, data: dict, offset: int, limit: int, facets: bool = True, labels: bool = True
):
    """Search the catalog in the index, for everyone the same way, over what `user` may see
    (the public: public records; the bureau: every record); `data`: the filter form's cleaned
    data. Rows are fetched through `visible_to` again, so the database has the last word.
    `labels` False: facet values without the classes' names (the API gives codes and counts
    only), and no query for them."""
    req = search_request(user=user, data=data, offset=offset, limit=limit, facets=facets)
    result = search_query.search(req)
    return SearchOutcome(
        hits=SearchHits(user, req, result),
        facets=_facet_values(result.facets, labels),
        terms=result.terms,
        suggestions=_by_ids(user, result.suggestion_ids),
    )


def standards_for_export(user, filterset, limit: int) -> list[Standard]:
    """Exactly the searched list, in the same order, with what the export writes."""
    from catalog.excel import export_queryset

    outcome = standard_search(user=user, filterset=filterset, offset=0, limit=limit, facets=False)
    ids = outcome.hits.first.ids
    rows: dict[int, Standard] = {}
    for start in range(0, len(ids), 2_000):
        chunk = ids[start : start + 2_000]
        rows.update(export_queryset(standards_visible_to(user).filter(pk__in=chunk)).in_bulk())
    return [rows[i] for i in ids if i in rows]
