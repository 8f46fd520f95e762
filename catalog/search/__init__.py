"""Full-text and code search over the public catalog, on an embedded tantivy index.

The database is the source of truth; the index is derived from it through the change queue
(`catalog.models.SearchIndexChange`) and can always be rebuilt (`manage.py rebuild_search_index`).

- `tokenize`: the one tokenizer, used at index and at query time (rjieba words, CJK bigrams, codes)
- `schema`: the index's fields
- `documents`: a Standard row → an index document
- `index`: opening the index, reloading readers when another process committed, the writer lock
- `indexer`: applying the change queue, rebuilding
- `query`: parsing a search request into a tantivy query, running it with count and facets
- `highlight`: safe HTML with the matched parts marked
"""
