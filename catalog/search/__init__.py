"""Full-text and code search over the catalog, on an embedded tantivy index per app node.

The database is the source of truth; the index is derived from it through the catalog outbox
(`catalog.outbox`, read through this node's cursor) and can always be rebuilt
(`manage.py rebuild_search_index`). Every record is indexed with the scopes that may see it;
every search is filtered on the scopes of its user, so everyone gets the same search.

- `tokenize`: the one tokenizer, used at index and at query time (rjieba words, CJK bigrams, codes)
- `schema`: the index's fields
- `documents`: a Standard row → an index document
- `index`: opening the index, reloading readers when another process committed, the writer lock
- `indexer`: applying the outbox through this node's cursor, rebuilding
- `check`: comparing the index with the database
- `query`: parsing a search request into a tantivy query, running it with count and facets
- `highlight`: safe HTML with the matched parts marked
"""
