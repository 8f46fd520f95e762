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
transforms (`icontains` wraps it in `%`), a list whose length decides the placeholders. Only
`int` and `str` arguments, which both databases bind as they are, are accepted.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections
from django.db.models.query import QuerySet

ARGUMENT_KINDS = (int, str)


class UncompilableQuery(TypeError):
    """A builder whose SQL depends on more than its arguments' values."""


@dataclass(frozen=True)
class _Compiled:
    queryset: QuerySet
    compiler: object
    alias: str
    sql: str
    params: tuple
    positions: tuple[tuple[int, ...], ...]


def _markers(kinds: tuple[type, ...], round_: int) -> tuple:
    # Values no caller passes: far outside any key's range, text no user types.
    return tuple(
        -(9_100_000_000_000 + 1_000 * round_ + i)
        if kind is int
        else f"\u27e6marker {round_}.{i}\u27e7"
        for i, kind in enumerate(kinds)
    )


def _compile_with(build: Callable[..., QuerySet], markers: tuple):
    queryset = build(*markers)
    if not isinstance(queryset, QuerySet):
        raise UncompilableQuery(f"{build.__qualname__} must return a queryset")
    if queryset.query.select_for_update:
        raise UncompilableQuery(f"{build.__qualname__}: a locking read is compiled per call")
    compiler = queryset.query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    positions = tuple(
        tuple(j for j, p in enumerate(params) if type(p) is type(m) and p == m) for m in markers
    )
    return queryset, compiler, sql, tuple(params), positions


def _compile(build: Callable[..., QuerySet], kinds: tuple[type, ...]) -> _Compiled:
    first = _compile_with(build, _markers(kinds, 1))
    second = _compile_with(build, _markers(kinds, 2))
    queryset, compiler, sql, params, positions = first
    name = build.__qualname__
    if second[2] != sql or second[4] != positions:
        raise UncompilableQuery(f"{name}: its SQL changes with its arguments' values")
    for i, places in enumerate(positions):
        if not places:
            raise UncompilableQuery(f"{name}: argument {i} does not reach the SQL as it is given")
    bound = {j for places in positions for j in places}
    if any(
        a != b for j, (a, b) in enumerate(zip(params, second[3], strict=True)) if j not in bound
    ):
        raise UncompilableQuery(f"{name}: its SQL depends on values other than its arguments")
    return _Compiled(queryset, compiler, queryset.db, sql, params, positions)


def compiled_query(*kinds: type) -> Callable[[Callable[..., QuerySet]], Callable[..., list]]:
    """Decorates a function of `kinds` arguments (int or str) that returns a queryset; the
    decorated function returns the queryset's rows as a list."""
    for kind in kinds:
        if kind not in ARGUMENT_KINDS:
            raise TypeError(f"compiled queries take int and str arguments, not {kind!r}")

    def decorate(build: Callable[..., QuerySet]) -> Callable[..., list]:
        compiled: list[_Compiled] = []  # filled at the first call (models are ready by then)

        @functools.wraps(build)
        def run(*args) -> list:
            if len(args) != len(kinds):
                raise TypeError(f"{build.__qualname__} takes {len(kinds)} arguments")
            for value, kind in zip(args, kinds, strict=True):
                if type(value) is not kind:
                    raise TypeError(f"{build.__qualname__}: {value!r} is not {kind.__name__}")
            if not compiled:
                compiled.append(_compile(build, kinds))
            query = compiled[0]
            params = list(query.params)
            for value, places in zip(args, query.positions, strict=True):
                for j in places:
                    params[j] = value
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
