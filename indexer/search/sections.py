"""Searching within a part of the report: which page documents belong to which publication and
part, and which parts of which publications hold a query's words."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from whoosh import query as wq

from indexer import parts
from indexer.search import ranking
from indexer.search.query import ParsedQuery


@dataclass
class PageMap:
    """One index generation's page documents: their publication and part, and per part the
    publications that have pages in it. Read from postings, never from stored page texts."""

    by_section: dict[str, set[int]] = field(default_factory=dict)
    page_pub: dict[int, int] = field(default_factory=dict)
    page_part: dict[int, str] = field(default_factory=dict)

    @classmethod
    def build(cls, s: Any, pubs: Iterable[tuple[int, str]]) -> PageMap:
        """From an open Whoosh searcher and each publication's (document number, id)."""
        out = cls()
        for part in parts.PARTS:
            for d in s.docs_for_query(wq.Term("part", part)):
                out.page_part[d] = part
        for n, pid in pubs:
            for d in s.docs_for_query(wq.Term("pub", pid)):
                if d != n:
                    out.page_pub[d] = n
                    if d in out.page_part:
                        out.by_section.setdefault(out.page_part[d], set()).add(n)
        return out

    def matches(self, s: Any, schema: Any, pq: ParsedQuery) -> dict[str, set[int]]:
        """Per part, the publications with a page in that part where the query's words are:
        what the part filter lets through and what its counts count."""
        q = ranking.passage_query(schema, pq)
        if q is wq.NullQuery:
            return self.by_section  # no words for the pages: the publication itself matches
        out: dict[str, set[int]] = {}
        for d in ranking.matching_docs(s, q):
            n, part = self.page_pub.get(d), self.page_part.get(d)
            if n is not None and part is not None:
                out.setdefault(part, set()).add(n)
        return out


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
