"""Searching within a part of the report: which page documents belong to which publication and
part, and which parts of which publications hold a query's words."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from whoosh import query as wq

from indexer import parts
from indexer.search import ranking
from indexer.search._postings import field_postings, matching_docs
from indexer.search.query import ParsedQuery
from indexer.store import schema


@dataclass
class PageMap:
    """One index generation's page documents: their publication and part, and per part the
    publications that have pages in it. Read from postings, never from stored page texts."""

    by_section: dict[str, Any] = field(default_factory=dict)  # part -> publication numbers
    page_pub: Any = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    page_part: Any = field(default_factory=lambda: np.zeros(0, dtype=np.int8))
    # The page documents ordered by publication, and each one's publication in that order:
    # a publication's pages are one slice of it.
    by_pub: Any = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    by_pub_key: Any = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    # Each page document's page number (0 for other documents).
    page_number: Any = field(default_factory=lambda: np.zeros(0, dtype=np.int32))

    @classmethod
    def build(cls, s: Any, by_id: dict[str, int], size: int) -> PageMap:
        """From an open Whoosh searcher, each publication's document number by id, and the
        index's document count. Every page document is a posting of its publication's id in
        the `pub` field, which is read segment by segment as arrays."""
        page_pub = np.full(size, -1, dtype=np.int32)
        page_part = np.full(size, -1, dtype=np.int8)
        reader = s.reader()
        for tbytes, docs in field_postings(reader, "pub"):
            n = by_id.get(tbytes.decode("utf-8"))
            if n is not None:
                page_pub[docs] = n
        # A publication is no page of itself (nor of another edition of its file).
        page_pub[matching_docs(s, wq.Term("kind", schema.KIND_PUB))] = -1
        for code, part in enumerate(parts.PARTS):
            page_part[matching_docs(s, wq.Term("part", part))] = code
        page_number = np.zeros(size, dtype=np.int32)
        numbers = s.schema["page"]
        for tbytes, docs in field_postings(reader, "page"):
            # A numeric field indexes each value at several precisions; the first byte is
            # the bits shifted away, and only the exact terms (no shift) are page numbers.
            if tbytes[:1] == b"\x00":
                page_number[docs] = numbers.from_bytes(tbytes)
        pages = np.flatnonzero(page_pub >= 0)
        # A publication's pages in page order.
        pages = pages[np.lexsort((page_number[pages], page_pub[pages]))].astype(np.int32)
        out = cls(
            page_pub=page_pub,
            page_part=page_part,
            by_pub=pages,
            by_pub_key=page_pub[pages],
            page_number=page_number,
        )
        out.by_section = out._per_part(pages)
        return out

    def pages_of(self, n: int) -> list[int]:
        """The page documents of the publication with document number `n`, in page order."""
        lo, hi = np.searchsorted(self.by_pub_key, [n, n + 1])
        return list(self.by_pub[lo:hi].tolist())

    def _per_part(self, docs: Any) -> dict[str, Any]:
        """Per part, the publications with one of these page documents in it."""
        pubs, codes = self.page_pub[docs], self.page_part[docs]
        known = (pubs >= 0) & (codes >= 0)
        # A part-by-document table marks each (part, publication) pair once, without sorting.
        table = np.zeros((len(parts.PARTS), len(self.page_pub)), dtype=bool)
        table[codes[known], pubs[known]] = True
        return {
            parts.PARTS[code]: np.flatnonzero(table[code])
            for code in np.flatnonzero(table.any(axis=1)).tolist()
        }

    def matches(self, s: Any, schema: Any, pq: ParsedQuery) -> dict[str, Any]:
        """Per part, the publications (document numbers) with a page in that part where the
        query's words are: what the part filter lets through and what its counts count."""
        q = ranking.passage_query(schema, pq)
        if q is wq.NullQuery:
            return self.by_section  # no words for the pages: the publication itself matches
        return self._per_part(matching_docs(s, q))


def wanted_parts(values: Iterable[str], notes: list[str] | None = None) -> list[str]:
    """The parts a request names, each once; unknown names noted."""
    wanted: list[str] = []
    for value in values:
        part = parts.parse_part(value)
        if part is None:
            if notes is not None:
                known = ", ".join(parts.PARTS)
                notes.append(f"unknown part of the report '{value}' (try {known})")
        elif part not in wanted:
            wanted.append(part)
    return wanted
