"""The app's one door into the index: the cached searcher, publication records and PDF files."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from indexer import paths
from indexer.authority.romanise import name_key
from indexer.errors import PubkbError
from indexer.extract.language import LANGUAGES
from indexer.extract.language import NAMES as LANGUAGE_NAMES
from indexer.ingest.state import RunSummary
from indexer.library import manage as library
from indexer.library.citation import EXTENSIONS as CITATION_EXTENSIONS
from indexer.library.citation import citations, cite_key
from indexer.library.export import EXTENSIONS as EXPORT_EXTENSIONS
from indexer.library.export import FORMATS as EXPORT_FORMATS
from indexer.library.export import MEDIA_TYPES as EXPORT_MEDIA_TYPES
from indexer.library.export import export
from indexer.library.manage import page_ranges
from indexer.library.results import IndexStatus, PublicationDetail, ReviewQueue
from indexer.library.review import review
from indexer.model import PubRecord
from indexer.parts import LABELS as PART_LABELS
from indexer.parts import PARTS
from indexer.people import Evidence, Profile, collaborators, directory, experts, profile
from indexer.search.findings import Findings, findings
from indexer.search.query import MAX_QUERY_CHARS
from indexer.search.searcher import SORTS, Edition, Hit, Searcher, SearchRequest, SearchResult
from indexer.search.snippets import MARK_CLOSE, MARK_OPEN
from indexer.search.topics import TopicView, normalise_topic, topic_counts, topic_view
from indexer.store.index import IndexReader
from indexer.types import PUB_TYPES

# Nothing else in the app imports `indexer`, so the pages' whole view of it is listed here.
__all__ = [
    "CITATION_EXTENSIONS",
    "EXPORT_EXTENSIONS",
    "EXPORT_FORMATS",
    "EXPORT_MEDIA_TYPES",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "MARK_CLOSE",
    "MARK_OPEN",
    "MAX_QUERY_CHARS",
    "PARTS",
    "PART_LABELS",
    "PUB_TYPES",
    "SORTS",
    "Edition",
    "Evidence",
    "Findings",
    "Hit",
    "IndexStatus",
    "PdfFile",
    "Profile",
    "PubRecord",
    "PubkbError",
    "PublicationDetail",
    "ReviewQueue",
    "RunSummary",
    "SearchRequest",
    "SearchResult",
    "Searcher",
    "TopicView",
    "citations",
    "cite_key",
    "collaborators",
    "directory",
    "experts",
    "export_search",
    "findings",
    "index_root",
    "name_key",
    "normalise_topic",
    "other_edition",
    "page_ranges",
    "pdf_file",
    "profile",
    "publication",
    "records",
    "review_queue",
    "safe_id",
    "searcher",
    "status",
    "topic_counts",
    "topic_view",
]

# A publication id is the start of its file's sha256; the app accepts nothing else as a reference,
# so no URL can name a file path.
ID_PATTERN = re.compile(r"[0-9a-f]{4,64}")


def safe_id(pid: str) -> str:
    """A publication id fit for an address: the id itself, or nothing if it is not one."""
    return pid if ID_PATTERN.fullmatch(pid) else ""


def index_root() -> Path:
    """The index folder, chosen as the CLI chooses it ($PUBKB_INDEX, else ./.pubkb)."""
    return paths.index_dir().resolve()


def _stamp(root: Path) -> tuple[int, int]:
    """Changes whenever the index is created anew (a rebuild rewrites the schema-version file)."""
    try:
        info = (root / paths.SCHEMA_VERSION_FILE).stat()
    except OSError:
        return (0, 0)
    return (info.st_ino, info.st_mtime_ns)


@st.cache_resource(max_entries=4, show_spinner=False)
def _open(root: str, stamp: tuple[int, int]) -> Searcher:
    return Searcher(Path(root))


def searcher() -> Searcher:
    """The shared searcher, moved to the index's latest commit on every call, so a run of
    `pubkb index` shows up without restarting the app. Raises PubkbError without an index."""
    root = index_root()
    current = _open(str(root), _stamp(root))
    try:
        current.refresh()
    except Exception:
        # The files under an open searcher can vanish mid-rebuild; a fresh one reads the new ones.
        _open.clear()
        current = _open(str(root), _stamp(root))
    return current


@st.cache_resource(max_entries=4, show_spinner=False)
def _records(root: str, stamp: tuple[int, int], generation: int) -> list[PubRecord]:
    return IndexReader(Path(root)).records()


def records() -> list[PubRecord]:
    """Every publication record of the searcher's generation (read once per generation)."""
    s = searcher()
    return _records(str(s.root), _stamp(s.root), s.index_generation())


def publication(ref: str) -> PublicationDetail | None:
    """The publication with this id (or unique id prefix), else None."""
    ref = ref.strip().lower()
    if not ID_PATTERN.fullmatch(ref):
        return None
    try:
        return PublicationDetail.of(library.find_record(records(), ref))
    except PubkbError:
        return None


def export_search(req: SearchRequest, fmt: str) -> str:
    """Every publication the search matches (not one page of them) as a CSV, BibTeX or RIS
    file, in the search's order."""
    s = searcher()
    by_id = {r.id: r for r in records()}
    return export([by_id[i] for i in s.ranked_ids(req) if i in by_id], fmt).text


def other_edition(pid: str) -> Edition | None:
    """The publication in its other language, when the editions are linked."""
    return searcher().edition_of(pid)


@dataclass(frozen=True)
class PdfFile:
    data: bytes | None
    problem: str = ""


@st.cache_resource(max_entries=8, show_spinner=False)
def _read_verified(path: str, sha256: str, size: int, mtime_ns: int) -> PdfFile:
    data = Path(path).read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        return PdfFile(None, "the file changed since it was indexed (run `pubkb index` again)")
    return PdfFile(data)


def pdf_file(detail: PublicationDetail) -> PdfFile:
    """The bytes of an indexed publication's file, only if they are the bytes that were indexed.

    The path comes from the index record, never from the request."""
    path = Path(detail.path)
    try:
        info = path.stat()
        return _read_verified(str(path), detail.sha256, info.st_size, info.st_mtime_ns)
    except OSError as exc:
        return PdfFile(None, f"the file is missing or unreadable ({exc.strerror or exc})")


def status() -> IndexStatus:
    """`pubkb status` for the current index (read fresh: librarians want the latest run)."""
    return library.status(index_root())


def review_queue() -> ReviewQueue:
    """`pubkb review` for the current index; its fix lines name the index as the app found it."""
    return review(index_root(), index=os.environ.get(paths.INDEX_ENV) or None)
