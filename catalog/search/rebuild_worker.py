"""The start of a rebuild's worker process (`indexer.rebuild` with processes > 1).

A module of its own that imports nothing from Django at import time: a spawned worker unpickles
its initializer before Django is set up, and importing the indexer (and so the models) then
would fail."""

import gc


def start() -> None:
    import django

    django.setup()
    # The worker only turns rows into fields: millions of short-lived tuples and lists, none in
    # a cycle, which reference counting frees. See `indexer._without_cyclic_gc`.
    gc.disable()
