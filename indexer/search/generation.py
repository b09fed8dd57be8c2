"""Everything derived from one index generation: publications, facet sets, authority, editions."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.authority.clusters import Authority
from indexer.authority.decisions import load_decisions
from indexer.authority.editions import (
    EditionFacts,
    link_editions,
    load_edition_decisions,
    name_joins,
)
from indexer.metadata.phrases import choose as choose_key_phrases
from indexer.search.request import PubInfo
from indexer.search.sections import PageMap
from indexer.search.spelling import Vocabulary
from indexer.store import schema


@dataclass
class Generation:
    """Everything derived from one index generation, rebuilt only when the index changes."""

    pubs: dict[int, PubInfo]
    by_id: dict[str, int]
    by_type: dict[str, set[int]]
    by_year: dict[int, set[int]]
    by_researcher: dict[str, set[int]]
    authority: Authority
    vocab: Vocabulary | None = None
    by_language: dict[str, set[int]] = field(default_factory=dict)
    pages: PageMap = field(default_factory=PageMap)
    editions_stamp: tuple[int, int, int] | None = None
    by_topic: dict[str, set[int]] = field(default_factory=dict)
    # by_topic turned around: each publication's topics. There are far more topics than
    # publications in a match set, so the topic facet counts publication by publication.
    topics_of: dict[int, tuple[str, ...]] = field(default_factory=dict)


def build_generation(s: Any, root: Path) -> Generation:
    """Publications, facet sets, the name authority and editions of the index generation that
    the Whoosh searcher `s` reads."""
    pubs: dict[int, PubInfo] = {}
    by_type: dict[str, set[int]] = {}
    by_year: dict[int, set[int]] = {}
    stored = {n: s.stored_fields(n) for n in s.document_numbers(kind=schema.KIND_PUB)}
    records = [(n, json.loads(f["record"])) for n, f in stored.items()]
    edition_decisions = load_edition_decisions(root)
    facts = {r["id"]: EditionFacts.of(r) for _, r in records}
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
    by_res: dict[str, set[int]] = {}
    by_language: dict[str, set[int]] = {}
    for n, r in records:
        meta = r["meta"]
        names = _names(meta)
        canon = list(dict.fromkeys(authority.resolve(x) or x for x in names))
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
        by_language.setdefault(info.language, set()).add(n)
        by_type.setdefault(info.type, set()).add(n)
        if info.year is not None:
            by_year.setdefault(info.year, set()).add(n)
        for c in canon:
            by_res.setdefault(c, set()).add(n)
    by_id = {p.id: n for n, p in pubs.items()}
    name_words = frozenset(
        w.lower() for spelled in authority.spellings.values() for x in spelled for w in x.split()
    )
    chosen = choose_key_phrases(
        {n: json.loads(f.get("phrases") or "{}") for n, f in stored.items()}, name_words
    )
    by_topic: dict[str, set[int]] = {}
    for n, phrases in chosen.items():
        pubs[n].topics = list(phrases)
        pubs[n].topic_weights = dict(phrases)
        for t in phrases:
            by_topic.setdefault(t, set()).add(n)
    gen = Generation(pubs, by_id, by_type, by_year, by_res, authority, by_language=by_language)
    gen.pages = PageMap.build(s, ((n, p.id) for n, p in pubs.items()))
    gen.editions_stamp = edition_decisions.stamp
    gen.by_topic = by_topic
    gen.topics_of = _values_of(by_topic)
    return gen


def _values_of(by_value: dict[str, set[int]]) -> dict[int, tuple[str, ...]]:
    """Per document, the values whose sets hold it: counting a document's values gives
    the same counts as intersecting each value's set with the documents."""
    out: dict[int, list[str]] = {}
    for value, docs in by_value.items():
        for n in docs:
            out.setdefault(n, []).append(value)
    return {n: tuple(values) for n, values in out.items()}


def _names(meta: dict[str, Any]) -> list[str]:
    names = [*meta.get("chief", []), *meta.get("co_researchers", [])]
    return list(dict.fromkeys(names))
