"""Querysets whose shape never changes, built and compiled once per process.

Django builds a queryset and compiles its SQL every time it is evaluated. On a signed-in page
that is most of the database's share of the worker's time: the enterprise workspace spent 14.6 of
its 20 ms of ORM work compiling 13 queries, and 4 executing them. A read that every signed-in
page makes (the user, the memberships, the notifications) or that a busy page makes with only its
values changing is declared once:

    @compiled_query(int)
    def memberships_of(user_id):
        return Membership.objects.filter(user_id=user_id, state="active").select_related(...)

    memberships_of(user.pk)  # a list, read as Django reads it (select_related, prefetches)

The first call builds the queryset twice with marker values in place of the arguments and
compiles both; the arguments' places among the SQL's parameters are where the markers landed.
Later calls bind their values to the same SQL (which PostgreSQL then runs as a prepared
statement). A builder is refused, at its first call, when anything but the arguments' values
differs between the two compiles: a `now()` or a setting read inside it, a value the ORM
transforms (`icontains` wraps it in `%`). Arguments are `int` and `str`, which both databases
bind as they are, aware datetimes (a clock passed in, bound as a DateTimeField binds it), or
lists of ints or strs (`role__in=roles`): a list gives one SQL per length, each compiled at its
first use.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models.query import QuerySet

SCALARS = (int, str, dt.datetime)
LISTS = {list[int]: int, list[str]: str}
# A list argument (`role__in=roles`) gives one SQL per length: lists longer than this, and
# lengths beyond the first MAX_SHAPES of a query, are read as an ordinary queryset.
MAX_LIST_LENGTH = 64
MAX_SHAPES = 16
# Integer markers of one round (29,000 + 1,000 × round + i) stay below the next round's.
MAX_VALUES = 900


class UncompilableQuery(TypeError):
    """A builder whose SQL depends on more than its arguments' values."""


@dataclass(frozen=True)
class _Compiled:
    """The builder compiled with one round's markers: the first round's is the query run."""

    queryset: QuerySet
    compiler: object
    alias: str
    sql: str
    params: tuple
    # Per value (a list's elements one by one), its places among the parameters, each with how
    # the value is bound there: as given (None), as the database adapts a datetime ("datetime":
    # text on SQLite), or wrapped in the parameter's own type (psycopg's Int2 for a smallint).
    positions: tuple[tuple[tuple[int, object], ...], ...]


_EMPTY = object()  # a shape whose SQL matches nothing (an empty list in `__in`): no query


def _markers(kinds: Sequence[type], round_: int) -> list:
    # Numbers inside every integer column's range (a value outside a small column's makes the ORM
    # compile "matches nothing"), text no user types. A constant of the query that equals a
    # marker of one round is not one of the other's: the rounds then disagree and the builder is
    # refused, never bound wrongly.
    def marker(kind, i):
        if kind is int:
            return 29_000 + 1_000 * round_ + i
        if kind is str:
            return f"\u27e6marker {round_}.{i}\u27e7"
        return dt.datetime(1900 + round_, 1, 1, 0, 0, 0, i + 1, tzinfo=dt.UTC)

    return [marker(kind, i) for i, kind in enumerate(kinds)]


def _adapt(alias: str, value):
    """A datetime as the database's DateTimeField binds it (text on SQLite, itself on
    PostgreSQL): what `get_db_prep_value` would have made of it."""
    return connections[alias].ops.adapt_datetimefield_value(value)


def _value_kinds(kinds: tuple, lengths: tuple[int, ...]) -> list[type]:
    """The kind of each value the SQL binds: a scalar argument's, then each list element's."""
    out, sizes = [], iter(lengths)
    for kind in kinds:
        out.extend([LISTS[kind]] * next(sizes) if kind in LISTS else [kind])
    return out


def _arguments(kinds: tuple, lengths: tuple[int, ...], values: list) -> list:
    """The builder's arguments from the flat values (`_value_kinds`' order)."""
    out, sizes, at = [], iter(lengths), 0
    for kind in kinds:
        size = next(sizes) if kind in LISTS else None
        out.append(values[at] if size is None else list(values[at : at + size]))
        at += 1 if size is None else size
    return out


def _flat(kinds: tuple, args: tuple) -> list:
    out = []
    for kind, value in zip(kinds, args, strict=True):
        out.extend(value) if kind in LISTS else out.append(value)
    return out


def _compile_with(
    build: Callable[..., QuerySet], kinds: tuple, lengths: tuple, round_: int
) -> _Compiled | None:
    """The builder compiled with this round's markers, or None when it matches nothing."""
    markers = _markers(_value_kinds(kinds, lengths), round_)
    queryset = build(*_arguments(kinds, lengths, markers))
    if not isinstance(queryset, QuerySet):
        raise UncompilableQuery(f"{build.__qualname__} must return a queryset")
    if queryset.query.select_for_update:
        raise UncompilableQuery(f"{build.__qualname__}: a locking read is compiled per call")
    compiler = queryset.query.get_compiler(using=queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None
    adapted = [_adapt(queryset.db, m) if isinstance(m, dt.datetime) else None for m in markers]
    positions = tuple(
        tuple((j, how) for j, p in enumerate(params) if (how := _how(p, m, a)) is not _NOT)
        for m, a in zip(markers, adapted, strict=True)
    )
    return _Compiled(queryset, compiler, queryset.db, sql, tuple(params), positions)


_NOT = object()


def _how(param, marker, adapted):
    """How `marker` is bound as `param`, or _NOT when `param` is not it."""
    if type(param) is type(marker) and param == marker:
        return None
    if type(marker) is int and isinstance(param, int) and not isinstance(param, bool):
        return type(param) if param == marker else _NOT
    if adapted is not None and type(param) is type(adapted) and param == adapted:
        return "datetime"
    return _NOT


def _bind(value, how, alias: str):
    if how is None:
        return value
    if how == "datetime":
        return _adapt(alias, value)
    return how(value)


def _compile(build: Callable[..., QuerySet], kinds: tuple, lengths: tuple):
    first = _compile_with(build, kinds, lengths, 1)
    second = _compile_with(build, kinds, lengths, 2)
    name = build.__qualname__
    if first is None or second is None:
        # Matching nothing whatever the values is a shape only when a list is empty.
        if first is second and 0 in lengths:
            return _EMPTY
        raise UncompilableQuery(f"{name}: compiled with marker values, it matches nothing")
    sql, params, positions = first.sql, first.params, first.positions
    if second.sql != sql or second.positions != positions:
        raise UncompilableQuery(f"{name}: its SQL changes with its arguments' values")
    # An empty list drops its condition and may take others with it (`a | b & role__in=[]` is
    # `a`): values of that shape need not reach the SQL. Otherwise every value must, so that an
    # argument used other than as a value (a branch taken on it) is refused.
    if 0 not in lengths:
        for i, places in enumerate(positions):
            if not places:
                raise UncompilableQuery(f"{name}: value {i} does not reach the SQL as it is given")
    bound = {j for places in positions for j, _ in places}
    if any(
        a != b for j, (a, b) in enumerate(zip(params, second.params, strict=True)) if j not in bound
    ):
        raise UncompilableQuery(f"{name}: its SQL depends on values other than its arguments")
    return first


def _check(name: str, kinds: tuple, args: tuple) -> None:
    if len(args) != len(kinds):
        raise TypeError(f"{name} takes {len(kinds)} arguments")
    for value, kind in zip(args, kinds, strict=True):
        if kind in LISTS:
            element = LISTS[kind]
            if type(value) is not list or any(type(v) is not element for v in value):
                raise TypeError(f"{name}: {value!r} is not a list of {element.__name__}")
        elif type(value) is not kind:
            raise TypeError(f"{name}: {value!r} is not {kind.__name__}")
        elif kind is dt.datetime and value.tzinfo is None:
            raise TypeError(f"{name}: {value!r} is a naive datetime")


def compiled_query(*kinds) -> Callable[[Callable[..., QuerySet]], Callable[..., list]]:
    """Decorates a function of `kinds` arguments (int, str, an aware datetime, list[int] or
    list[str]) that returns a queryset; the decorated function returns its rows as a list."""
    for kind in kinds:
        if kind not in SCALARS and kind not in LISTS:
            raise TypeError(f"compiled queries take int, str, datetime and lists, not {kind!r}")

    def decorate(build: Callable[..., QuerySet]) -> Callable[..., list]:
        shapes: dict[tuple[int, ...], object] = {}  # by the list arguments' lengths

        @functools.wraps(build)
        def run(*args) -> list:
            _check(build.__qualname__, kinds, args)
            lengths = tuple(len(a) for a, kind in zip(args, kinds, strict=True) if kind in LISTS)
            query = shapes.get(lengths)
            if query is None:
                if (
                    len(shapes) >= MAX_SHAPES
                    or any(n > MAX_LIST_LENGTH for n in lengths)
                    or len(kinds) + sum(lengths) > MAX_VALUES
                ):
                    return list(build(*args))
                query = shapes.setdefault(lengths, _compile(build, kinds, lengths))
            if query is _EMPTY:
                return []
            params = list(query.params)
            values = _flat(kinds, args)
            for value, places in zip(values, query.positions, strict=True):
                for j, how in places:
                    params[j] = _bind(value, how, query.alias)
            return _evaluate(query, tuple(params))

        run.build = build
        return run

    return decorate


def _evaluate(query: _Compiled, params: tuple) -> list:
    """The rows as Django's own iterable reads them, from a compiler that already knows the
    SQL: a copy of the first compile's (its select list and related-object map), on this
    thread's connection."""
    compiler = copy.copy(query.compiler)
    compiler.connection = connections[query.alias]
    compiler.as_sql = lambda *args, **kwargs: (query.sql, params)
    queryset = query.queryset._chain()
    queryset.query.get_compiler = lambda *args, **kwargs: compiler
    return list(queryset)
