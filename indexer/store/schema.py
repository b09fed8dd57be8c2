"""The Whoosh schema, its analyzers and the schema version stored beside the index."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.analysis import (
    Analyzer,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.lang.stopwords import stoplists

from indexer.errors import PubkbError
from indexer.files import atomic_write
from indexer.paths import SCHEMA_VERSION_FILE, WHOOSH_SUBDIR
from indexer.store.analysis import TOKEN_PATTERN, HangulBigramFilter, QuickText
from indexer.store.flat import FlatCodec

# Bump whenever the schema, an analyzer or the segment format changes: an index of another
# version must be rebuilt. 11: segments carry flat posting arrays (indexer/store/flat.py),
# and publications a card column (indexer/store/index.py). 12: the text fields are QuickText
# (the same terms, indexed faster), and terms with few postings are inlined (flat.py); an
# index of 11 would read the same, but a pubkb of 11 could not read an index of 12.
SCHEMA_VERSION = 12

# Documents are of two kinds in one index, so a publication and its pages commit together.
KIND_PUB = "pub"
KIND_PAGE = "page"

REINDEX_HINT = "re-index needed: pubkb index --full"

# The NLTK English list shipped with Whoosh: 127 words, question words included. Not removed
# from the index: queries drop these words from their loose words (indexer/search/ranking.py)
# and passages do not mark them (indexer/search/searcher.py).
STOP_WORDS_EN = frozenset(stoplists["en"])
# The stop list the text fields are indexed with: none. Every stop list tried lost on the
# training claims (bench/README.md), and with every word indexed a phrase matches exactly
# ("rule of law" no longer matches "rule law").
TEXT_STOPLIST: frozenset[str] = frozenset()


def text_analyzer(stoplist: frozenset[str] = TEXT_STOPLIST) -> Analyzer:
    """English text: word tokens, lower case, Snowball English stemming, no stop words removed
    unless a `stoplist` is given (the benchmark's variants).

    Chosen with bench/ir_eval.py (bench/README.md). Question words ("what", "did", "we",
    "about") are dropped from queries instead (indexer/search/query.py), so a question does not
    rank reports by how often they say "what". Snowball (Porter2) stems better than the original
    Porter; its cache keeps it as fast. One-letter tokens stay ("vitamin b", "type 2").

    Korean (indexer/analysis.py): a run of Hangul words is one token, read as syllable
    bigrams; text without Hangul is tokenised as by RegexTokenizer's default pattern.
    """
    chain = RegexTokenizer(TOKEN_PATTERN) | HangulBigramFilter() | LowercaseFilter()
    if stoplist:
        chain = chain | StopFilter(stoplist=stoplist, minsize=1)
    return chain | StemFilter(lang="en", cachesize=50000)


def name_analyzer() -> Analyzer:
    """Person names: word tokens in lower case, no stemming (a surname is not a word stem)."""
    return RegexTokenizer(r"\w+") | LowercaseFilter()


def build_schema() -> Schema:
    text = text_analyzer()
    return Schema(
        doc_id=ID(stored=True, unique=True),
        kind=ID(stored=True),
        pub=ID(stored=True),
        path=ID(stored=True),
        sha256=ID(stored=True),
        title=QuickText(analyzer=text, spelling=True, stored=True, phrase=True),
        summary=QuickText(analyzer=text, spelling=True, phrase=True),
        headings=QuickText(analyzer=text, spelling=True, phrase=True),
        # No spelling copy of the body: it would cost 40% of indexing time, and the words
        # worth correcting are in titles, summaries and headings.
        body=QuickText(analyzer=text, phrase=True),
        researchers=TEXT(analyzer=name_analyzer(), phrase=True),
        researcher=KEYWORD(stored=True, commas=True, lowercase=False, scorable=False),
        type=ID(stored=True, sortable=True),
        year=NUMERIC(int, stored=True, sortable=True, bits=32),
        page=NUMERIC(int, stored=True, bits=32),
        # Page text is stored, not indexed: publications are ranked on their own fields and
        # the pages of the hits shown are scored from this text, so nothing is analysed twice.
        page_text=STORED,
        # A page's part of the report (indexer/parts.py) and its text without running headers
        # and footers, indexed on page documents only so a search can be kept to one part.
        # Publication documents never have these fields, so their ranking is unchanged.
        part=ID(stored=True),
        passage=QuickText(analyzer=text, phrase=True),
        record=STORED,
        # The publication's text as one unit vector (half floats, indexer/store/vectors.py),
        # in its own document so it commits, and is deleted, with everything else. A column,
        # not a stored field: every vector is read without unpickling each record beside it.
        vector=COLUMN(VarBytesColumn()),
        # What a search process reads of each publication when it opens the index (the few
        # record fields search shows and filters on, and the candidate key phrases with their
        # counts, read at index time from the text; the key phrases are chosen among them over
        # the whole index, metadata/phrases.py), as JSON
        # in a column: one contiguous run of small values, where stored fields would unpickle
        # every whole record and touch the page texts stored between them.
        card=COLUMN(VarBytesColumn()),
    )


# The fields ranked by term frequency (indexer/search/ranking.py scores these): their flat
# posting copies keep frequencies, every other field's keep document numbers only.
RANKED_FIELDS = frozenset({"title", "summary", "headings", "body", "researchers"})


def writer(ix: Any, **kwargs: Any) -> Any:
    """A Whoosh writer for `ix` whose new and merged segments carry flat posting arrays;
    every index writer is made here, so no segment of a pubkb index lacks them."""
    return ix.writer(codec=FlatCodec(weighted=RANKED_FIELDS), **kwargs)


def whoosh_dir(root: Path) -> Path:
    return root / WHOOSH_SUBDIR


def stored_version(root: Path) -> int | None:
    try:
        return int((root / SCHEMA_VERSION_FILE).read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def index_exists(root: Path) -> bool:
    wdir = whoosh_dir(root)
    return wdir.is_dir() and whoosh_index.exists_in(str(wdir))


def open_index(root: Path) -> Any:
    """Open an existing index, refusing one written with another schema version."""
    if not index_exists(root):
        raise PubkbError(f"no index at {root} (build one with: pubkb index PATH)")
    version = stored_version(root)
    if version != SCHEMA_VERSION:
        found = "no version" if version is None else f"version {version}"
        raise PubkbError(
            f"index at {root} has schema {found}, this pubkb needs {SCHEMA_VERSION}: {REINDEX_HINT}"
        )
    return whoosh_index.open_dir(str(whoosh_dir(root)))


def create_index(root: Path) -> Any:
    """Create an empty index (replacing any old one) and record the schema version beside it."""
    wdir = whoosh_dir(root)
    if wdir.exists():
        shutil.rmtree(wdir)
    wdir.mkdir(parents=True)
    ix = whoosh_index.create_in(str(wdir), build_schema())
    atomic_write(root / SCHEMA_VERSION_FILE, f"{SCHEMA_VERSION}\n")
    return ix
