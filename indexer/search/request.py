"""What a search is asked and what it answers: plain dataclasses, no Whoosh type."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from indexer import parts
from indexer.authority.clusters import Authority

SORTS = ("relevance", "newest", "oldest")


@dataclass
class SearchRequest:
    query: str = ""
    types: list[str] = field(default_factory=list)
    year_from: int | None = None
    year_to: int | None = None
    researchers: list[str] = field(default_factory=list)
    limit: int = 10
    offset: int = 0
    sort: str = "relevance"
    languages: list[str] = field(default_factory=list)  # "ko", "en": the document's language
    # Parts of the report (indexer/parts.py) the matches and snippets are kept to.
    sections: list[str] = field(default_factory=list)
    # One hit for a publication whose two language editions both match (the app's cards);
    # off, every edition is its own hit (exports, counts of files).
    group_editions: bool = False
    topics: list[str] = field(default_factory=list)  # key phrases, any of them


@dataclass
class PageHit:
    page: int
    snippet: str
    ocr: bool = False  # the page's text was read from its image
    part: str = ""  # the page's part of the report (indexer/parts.py)
    section: str = ""  # what the snippet says of its place: "Policy Implications", "Summary"


@dataclass
class Hit:
    id: str
    title: str
    type: str
    year: int | None
    researchers: list[str]
    score: float
    path: str
    pages: list[PageHit] = field(default_factory=list)
    language: str = ""
    # Its other edition when the request groups editions and both match (one card for both).
    editions: list[Edition] = field(default_factory=list)


@dataclass
class SearchResult:
    total: int
    query: str
    interpreted_as: str
    hits: list[Hit]
    # Per facet, each value's count over the matches, most first (search/facets.py).
    facets: dict[str, Mapping[str, int]]
    suggestion: str | None = None
    notes: list[str] = field(default_factory=list)
    # Hits to page through: `total` less the editions that share a card (= total ungrouped).
    groups: int = 0

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        out = asdict(self)
        # Facet counts are read-only mappings over arrays; plain dictionaries for JSON.
        out["facets"] = {name: dict(counts.items()) for name, counts in self.facets.items()}
        return out


@dataclass
class PubInfo:
    docnum: int
    id: str
    title: str
    type: str
    year: int | None
    researchers: list[str]
    canonical: list[str]
    path: str
    language: str = ""
    ocr_pages: frozenset[int] = frozenset()
    page_parts: tuple[str, ...] = ()
    page_headings: tuple[str, ...] = ()
    running: frozenset[str] = frozenset()
    other_edition: str = ""  # the id of this publication in its other language, if linked
    topics: list[str] = field(default_factory=list)  # its key phrases, best first
    topic_weights: dict[str, float] = field(default_factory=dict)  # each key phrase's tf-idf

    def part(self, page: int) -> str:
        """The part of the report page `page` (1-based) is in; body when not known."""
        return self.page_parts[page - 1] if page <= len(self.page_parts) else parts.BODY

    def section(self, page: int) -> str:
        """The page's heading, else its part's name; empty when the page's part is not known."""
        if page > len(self.page_parts):
            return ""
        heading = self.page_headings[page - 1] if page <= len(self.page_headings) else ""
        return parts.label(self.page_parts[page - 1], heading)


@dataclass
class Edition:
    """The same publication in another language, as a card or a page links to it."""

    id: str
    title: str
    language: str

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "title": self.title, "language": self.language}


class Snapshot(NamedTuple):
    """One index generation's publications and name authority, read together."""

    publications: list[PubInfo]
    authority: Authority
