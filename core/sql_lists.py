"""A column matched against a long list of values in plain SQL (bulk imports, the validity
check): one array parameter on PostgreSQL, `= ANY(%s)`, one statement whatever the length,
with nothing for the driver to split and bind value by value; placeholders in chunks under the
parameter limit elsewhere (SQLite)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from django.db import connection

SQLITE_CHUNK = 900


def chunks(values: Sequence, sqlite_size: int = SQLITE_CHUNK) -> Iterator[list]:
    """The values in as few statements as the database allows."""
    size = len(values) if connection.vendor == "postgresql" else sqlite_size
    for start in range(0, len(values), max(size, 1)):
        yield list(values[start : start + size])


def column_in(column: str, values: list) -> tuple[str, list]:
    """(`column IN …` as SQL, its parameters) for one chunk of `chunks()`."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [values]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", values
