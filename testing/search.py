"""For tests that count the queries of a search page or of the search API."""

from contextlib import contextmanager
from unittest import mock


@contextmanager
def no_outbox_look():
    """Within the block the search path does not look at the catalog outbox. It looks at most
    once a second per process (`catalog.search.indexer.maybe_drain`, two queries): a test that
    counts a page's own queries must not count that look, which a slow machine can otherwise
    put inside the block (more than a second after the request that applied the changes)."""
    from catalog.search import indexer

    with mock.patch.object(indexer, "CHECK_EVERY", float("inf")):
        yield
