"""Librarian commands on editions: list the linked pairs, link two publications, unlink them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from indexer.authority.editions import (
    EditionDecision,
    EditionFacts,
    link_editions,
    load_edition_decisions,
    record_edition_decision,
)
from indexer.errors import EXIT_USAGE, PubkbError
from indexer.library.manage import find_record
from indexer.model import PubRecord
from indexer.store.index import IndexReader


@dataclass
class EditionPair:
    """Two linked editions, English first."""

    english_id: str
    english_title: str
    korean_id: str
    korean_title: str

    def to_json(self) -> dict[str, str]:
        return asdict(self)


def _facts(records: list[PubRecord]) -> list[EditionFacts]:
    return [EditionFacts.of(asdict(r)) for r in records]


def pairs(root: Path) -> list[EditionPair]:
    """Every linked pair the index has now, automatic and decided."""
    records = IndexReader(root).records()
    by_id = {r.id: r for r in records}
    other = link_editions(_facts(records), load_edition_decisions(root))
    out = []
    for a, b in other.items():
        first, second = by_id[a], by_id[b]
        if first.meta.language == "ko" or (second.meta.language != "ko" and a > b):
            continue  # each pair once, from its non-Korean side
        out.append(EditionPair(a, first.meta.title, b, second.meta.title))
    return sorted(out, key=lambda p: (p.english_title.lower(), p.english_id))


def _two(root: Path, first: str, second: str) -> tuple[PubRecord, PubRecord]:
    records = IndexReader(root).records()
    a, b = find_record(records, first), find_record(records, second)
    if a.id == b.id:
        raise PubkbError("an edition cannot be linked to itself", EXIT_USAGE)
    return a, b


def link(root: Path, first: str, second: str) -> EditionPair:
    """Record that two publications are editions of one (each loses any other partner)."""
    a, b = _two(root, first, second)
    record_edition_decision(root, EditionDecision("link", (a.id, b.id)))
    en, ko = (b, a) if a.meta.language == "ko" else (a, b)
    return EditionPair(en.id, en.meta.title, ko.id, ko.meta.title)


def unlink(root: Path, first: str, second: str) -> None:
    """Record that two publications are not editions of one, however much they look it."""
    a, b = _two(root, first, second)
    record_edition_decision(root, EditionDecision("unlink", (a.id, b.id)))
