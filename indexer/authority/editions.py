"""Editions: the Korean and English editions of one publication, paired by what they share,
with a librarian's link and unlink decisions (remembered in the index folder) on top."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w
from filelock import FileLock

from indexer.authority.decisions import read_decision_rows
from indexer.authority.hangul import romanisation_fits
from indexer.errors import PubkbError
from indexer.files import FileStamp, atomic_write, file_stamp
from indexer.paths import EDITIONS_FILE
from indexer.text import has_hangul

# A translation is typeset anew, so its page count drifts from the original's: a Korean brief
# runs a page shorter or longer than its English edition, a long report a few pages more.
# Within this share of the longer edition (and at least PAGE_SLACK_MIN pages) they can match.
PAGE_SLACK_SHARE = 0.25
PAGE_SLACK_MIN = 2


@dataclass(frozen=True)
class EditionFacts:
    """What pairing reads of one publication."""

    id: str
    language: str
    type: str
    series: str
    number: str
    year: int | None
    pages: int
    researchers: tuple[str, ...]

    @classmethod
    def of(cls, record: dict[str, Any]) -> EditionFacts:
        """From a publication record in its JSON form."""
        meta = record["meta"]
        names = [*meta.get("chief", []), *meta.get("co_researchers", [])]
        return cls(
            record["id"],
            meta.get("language") or "",
            meta.get("type") or "",
            meta.get("series") or "",
            meta.get("number") or "",
            meta.get("year"),
            int(record.get("pages") or 0),
            tuple(dict.fromkeys(names)),
        )

    def key(self) -> tuple[str, str, str, int | None] | None:
        """Series and number identify a publication across its editions; without a number
        nothing does (titles are translated)."""
        if not self.series.strip() or not self.number.strip() or not self.language:
            return None
        return (self.type, " ".join(self.series.lower().split()), self.number.strip(), self.year)


@dataclass(frozen=True)
class EditionDecision:
    action: str  # "link" or "unlink"
    ids: tuple[str, str]


@dataclass
class EditionDecisions:
    items: list[EditionDecision] = field(default_factory=list)
    stamp: FileStamp | None = None


@dataclass(frozen=True)
class NameJoin:
    """A name in Hangul and its romanised spelling, read off two linked editions."""

    hangul: str
    romanised: str


def _pages_agree(a: int, b: int) -> bool:
    slack = max(PAGE_SLACK_MIN, round(PAGE_SLACK_SHARE * max(a, b)))
    return abs(a - b) <= slack


def _compatible(a: EditionFacts, b: EditionFacts) -> bool:
    # A researcher list may be missing from one edition (not read from its cover); when both
    # have one, a translation names as many people.
    people = not a.researchers or not b.researchers or len(a.researchers) == len(b.researchers)
    return a.language != b.language and _pages_agree(a.pages, b.pages) and people


def automatic_pairs(pubs: Iterable[EditionFacts]) -> list[tuple[str, str]]:
    """Publications of one series, number, type and year in two languages, paired when each
    language has exactly one candidate (two English files of one number, a scan and its
    original, leave it open which is the edition: a librarian links it)."""
    groups: dict[tuple[str, str, str, int | None], list[EditionFacts]] = {}
    for p in pubs:
        k = p.key()
        if k is not None:
            groups.setdefault(k, []).append(p)
    pairs = []
    for members in groups.values():
        by_language: dict[str, list[EditionFacts]] = {}
        for p in members:
            by_language.setdefault(p.language, []).append(p)
        if len(by_language) != 2 or any(len(v) != 1 for v in by_language.values()):
            continue
        (a,), (b,) = by_language.values()
        if _compatible(a, b):
            pairs.append((a.id, b.id) if a.id < b.id else (b.id, a.id))
    return sorted(pairs)


def link_editions(
    pubs: Sequence[EditionFacts], decisions: EditionDecisions | None = None
) -> dict[str, str]:
    """Each linked publication's id -> its other edition's id: the automatic pairs, then the
    librarian's decisions in the order they were made."""
    known = {p.id for p in pubs}
    other: dict[str, str] = {}

    def unpair(pid: str) -> None:
        partner = other.pop(pid, None)
        if partner is not None:
            other.pop(partner, None)

    for a, b in automatic_pairs(pubs):
        other[a], other[b] = b, a
    for d in (decisions or EditionDecisions()).items:
        a, b = d.ids
        if a not in known or b not in known or a == b:
            continue  # a publication removed since
        if d.action == "link":
            unpair(a)
            unpair(b)
            other[a], other[b] = b, a
        elif other.get(a) == b:
            unpair(a)
    return other


def name_joins(a: EditionFacts, b: EditionFacts) -> list[NameJoin]:
    """Names two editions list in the same order, one in Hangul and one romanised, joined where
    the romanisation check passes (a list in another order, or another person, is left alone:
    `pubkb researchers link` joins what this cannot tell)."""
    if len(a.researchers) != len(b.researchers):
        return []
    out = []
    for x, y in zip(a.researchers, b.researchers, strict=True):
        if has_hangul(x) == has_hangul(y):
            continue
        hangul, romanised = (x, y) if has_hangul(x) else (y, x)
        if romanisation_fits(hangul, romanised):
            out.append(NameJoin(hangul, romanised))
    return out


# ================================================================ the editions file


def editions_path(root: Path) -> Path:
    return root / EDITIONS_FILE


def editions_stamp(root: Path) -> FileStamp | None:
    """What changes whenever the editions file is rewritten (None: there is none)."""
    return file_stamp(editions_path(root))


def load_edition_decisions(root: Path) -> EditionDecisions:
    path = editions_path(root)
    found = read_decision_rows(path, "edition", "editions")
    if found is None:
        return EditionDecisions()
    rows, stamp = found
    items = []
    for i, row in enumerate(rows):
        ids = row.get("ids") if isinstance(row, dict) else None
        action = row.get("action") if isinstance(row, dict) else None
        if action not in ("link", "unlink") or not isinstance(ids, list) or len(ids) != 2:
            raise PubkbError(f"{path}: edition {i + 1}: action = link|unlink, ids = [two ids]")
        items.append(EditionDecision(str(action), (str(ids[0]), str(ids[1]))))
    return EditionDecisions(items, stamp)


def record_edition_decision(root: Path, decision: EditionDecision) -> None:
    """Remember a link or unlink; the latest decision about a pair is the one kept."""
    pair = frozenset(decision.ids)
    with FileLock(str(editions_path(root)) + ".lock", timeout=30):
        items = [d for d in load_edition_decisions(root).items if frozenset(d.ids) != pair]
        items.append(decision)
        rows = [{"action": d.action, "ids": list(d.ids)} for d in items]
        atomic_write(editions_path(root), tomli_w.dumps({"edition": rows}))
