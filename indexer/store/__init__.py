"""The index on disk: Whoosh schema and analyzers, publication records, the locked writer."""
