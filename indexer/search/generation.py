"""Everything derived from one index generation: publications, facet arrays, authority, editions."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from indexer.authority.clusters import Authority
from indexer.authority.decisions import load_decisions
from indexer.authority.editions import (
    EditionFacts,
    link_editions,
    load_edition_decisions,
    name_joins,
)
from indexer.metadata.phrases import choose as choose_key_phrases
from indexer.search.facets import FacetValues
from indexer.search.request import PubInfo
from indexer.search.sections import PageMap
from indexer.search.spelling import Vocabulary
from indexer.store import schema
from indexer.store.index import cards_in


@dataclass
class Generation:
    """Everything derived from one index generation, rebuilt only when the index changes."""

    pubs: dict[int, PubInfo]
    by_id: dict[str, int]
    authority: Authority
    # Per facet ("type", "year", "researcher", "language", "topic"), its values' publications.
    facets: dict[str, FacetValues]
    docs: DocArrays
    vocab: Vocabulary | None = None
    pages: PageMap = field(default_factory=PageMap)
    editions_stamp: tuple[int, int, int] | None = None
    # The spelling fields' words (spelling.index_words), when saved with the generation.
    spell_words: list[str] | None = None


@dataclass
class DocArrays:
    """Per document number of the index (pages included), what ranking and edition grouping
    read of its publication, so a whole match set is ordered with array operations."""

    is_pub: Any
    year: Any  # the publication's year, 0 when unknown
    title_rank: Any  # the title's place in the sorted titles (equal titles share it)
    partner: Any  # the document number of its other edition, -1 when none is linked

    @classmethod
    def of(cls, size: int, pubs: dict[int, PubInfo], by_id: dict[str, int]) -> DocArrays:
        out = cls(
            np.zeros(size, dtype=bool),
            np.zeros(size, dtype=np.float64),
            np.zeros(size, dtype=np.int64),
            np.full(size, -1, dtype=np.int64),
        )
        rank = {t: i for i, t in enumerate(sorted({p.title for p in pubs.values()}))}
        for n, p in pubs.items():
            out.is_pub[n] = True
            out.year[n] = float(p.year or 0)
            out.title_rank[n] = rank[p.title]
            out.partner[n] = by_id.get(p.other_edition, -1)
        return out


def build_generation(s: Any, root: Path) -> Generation:
    """Publications, facet sets, the name authority and editions of the index generation that
    the Whoosh searcher `s` reads."""
    pubs: dict[int, PubInfo] = {}
    records: list[tuple[int, dict[str, Any]]] = []
    facts: dict[str, EditionFacts] = {}
    candidates: dict[int, dict[str, int]] = {}
    docnums = list(s.document_numbers(kind=schema.KIND_PUB))
    for n, (r, found) in zip(docnums, cards_in(s, docnums), strict=True):
        facts[r["id"]] = EditionFacts.of(r)
        records.append((n, r))
        candidates[n] = found
    edition_decisions = load_edition_decisions(root)
    other = link_editions(list(facts.values()), edition_decisions)
    joins = [
        (j.hangul, j.romanised)
        for a, b in sorted(other.items())
        if a < b
        for j in name_joins(facts[a], facts[b])
    ]
    authority = Authority.build(
        ((_names(r["meta"]), r["meta"].get("year") or 0) for _, r in records),
        overrides=load_decisions(root),
        joins=joins,
    )
    authority.note_leads({r["id"]: r["meta"].get("chief", []) for _, r in records})
    researchers: list[tuple[str, int]] = []
    # Each name resolved once: researchers sign many publications, and resolving normalises.
    resolved: dict[str, str] = {}
    for n, r in records:
        meta = r["meta"]
        names = _names(meta)
        for x in names:
            if x not in resolved:
                resolved[x] = authority.resolve(x) or x
        canon = list(dict.fromkeys(resolved[x] for x in names))
        info = PubInfo(
            n, r["id"], meta["title"], meta["type"], meta.get("year"), names, canon, r["path"]
        )
        info.language = meta.get("language") or ""
        info.ocr_pages = frozenset(r.get("ocr_pages", []))
        info.page_parts = tuple(r.get("page_parts", []))
        info.page_headings = tuple(r.get("page_headings", []))
        info.running = frozenset(r.get("running_lines", []))
        info.other_edition = other.get(info.id, "")
        pubs[n] = info
        researchers.extend((c, n) for c in canon)
    by_id = {p.id: n for n, p in pubs.items()}
    name_words = frozenset(
        w.lower() for spelled in authority.spellings.values() for x in spelled for w in x.split()
    )
    chosen = choose_key_phrases(candidates, name_words)
    topics: list[tuple[str, int]] = []
    for n, phrases in chosen.items():
        pubs[n].topics = list(phrases)
        pubs[n].topic_weights = dict(phrases)
        topics.extend((t, n) for t in phrases)
    facets = {
        "type": FacetValues((p.type, n) for n, p in pubs.items()),
        "year": FacetValues((p.year, n) for n, p in pubs.items() if p.year is not None),
        "researcher": FacetValues(researchers),
        "language": FacetValues((p.language, n) for n, p in pubs.items()),
        "topic": FacetValues(topics),
    }
    size = int(s.doc_count_all())
    gen = Generation(pubs, by_id, authority, facets, DocArrays.of(size, pubs, by_id))
    gen.pages = PageMap.build(s, by_id, size)
    gen.editions_stamp = edition_decisions.stamp
    return gen


def _names(meta: dict[str, Any]) -> list[str]:
    names = [*meta.get("chief", []), *meta.get("co_researchers", [])]
    return list(dict.fromkeys(names))
