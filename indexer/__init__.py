"""pubkb: index and search a research centre's report PDFs.

The stages, bottom to top, each a sub-package that imports only from those below it (checked
by the import-linter contracts in pyproject.toml):

    model, text, files, types, paths, errors   shared data and facts, defined once
    extract     PDF -> Extraction (pdfminer.six pages, OCR, language), cached by content hash
    metadata    Extraction -> Metadata: `indexer.metadata.detect`
    store       the Whoosh schema and analyzers, PubRecord documents, the locked writer
    authority   the name authority: one person however spelled, librarians' decisions
    ingest      a `pubkb index` run: plan, executors (local or Dask), corrections, run state
    search      Searcher: query language, ranking, facets, snippets, did-you-mean
    library     list / show / status / verify / remove as typed results, citations
    people      directory, profiles, experts, collaborators, the co-author graph
    cli         the `pubkb` command (the Streamlit app in `search_app` sits beside it)

The names the CLI and the app use, by module:

    indexer.ingest.run        run_index, dry_run; indexer.ingest.worker.IndexOptions
    indexer.search.searcher   Searcher (its request and result types, SearchRequest,
                              SearchResult, Hit, PageHit, SORTS, are in indexer.search.request)
    indexer.search.findings   what the best-matching publications concluded (pubkb answer)
    indexer.library.manage    sorted_records, find_record, status, verify, remove
    indexer.library.citation  apa, bibtex, ris; indexer.library.export for whole result sets
    indexer.library.review, indexer.library.edit   the review queue and librarians' corrections
    indexer.people            directory, profile, experts, collaborators, graph,
                              merge, split, rename, link, and their result types
    indexer.model             PubRecord, Metadata, ContentsEntry, OCR_MODES
    indexer.types             PubType, PUB_TYPES, parse_type
    indexer.paths             index_dir, INDEX_ENV
    indexer.errors            PubkbError, EXIT_OK, EXIT_FAILED, EXIT_USAGE

Importing this package imports nothing else, so `import indexer.model` stays cheap.
"""

__version__ = "0.1.0"
