"""Search: the query language, ranking, facets, page snippets and did-you-mean."""
