"""The review queue: publications whose metadata a librarian should check, with the fix for each."""

from __future__ import annotations

from pathlib import Path

from indexer.library.edit import command
from indexer.library.results import ReviewField, ReviewItem, ReviewQueue
from indexer.model import (
    CERTAIN_SOURCES,
    SOURCE_FILENAME,
    SOURCE_INFO,
    Candidate,
    Metadata,
    PubRecord,
)
from indexer.store.index import IndexReader

DEFAULT_BELOW = 0.6
# Two best candidates nearer than this: detection could not really tell them apart.
CLOSE = 0.1
# The fields a publication is found and cited by, in the order they are shown.
REVIEWED = ("title", "type", "year", "chief", "co_researchers", "organisation", "series", "number")
PLACEHOLDERS = {"year": "YEAR", "type": "TYPE", "chief": "NAME", "co_researchers": "NAME"}
GUESSED = {
    SOURCE_FILENAME: "taken from the file name",
    SOURCE_INFO: "taken from the PDF's document properties",
}


def value_of(meta: Metadata, name: str) -> str:
    """A field's stored value in the form of a candidate's (years as digits, names by "; ")."""
    value = getattr(meta, name)
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(value)
    return str(value)


def is_scored(meta: Metadata) -> bool:
    return bool(meta.confidence or meta.candidates)


def _conflict(candidates: list[Candidate]) -> str:
    distinct: list[Candidate] = []
    for c in sorted(candidates, key=lambda c: -c.score):
        if c.value.strip() and all(c.value != d.value for d in distinct):
            distinct.append(c)
    if len(distinct) >= 2 and distinct[0].score - distinct[1].score < CLOSE:
        a, b = distinct[:2]
        return f"close candidates: {a.value!r} ({a.score:.2f}) and {b.value!r} ({b.score:.2f})"
    return ""


def _scored_reason(meta: Metadata, name: str, below: float) -> str:
    """Why a field of a record with confidences needs a look ("" when it does not)."""
    conflict = _conflict(meta.candidates.get(name, []))
    score = meta.confidence.get(name)
    if score is None:
        # Detection scores only the fields it weighs rival candidates for; the others are
        # judged as unscored records are, by whether they are missing or guessed.
        return conflict or _unscored_reason(meta, name)
    if score < below:
        return f"low confidence ({score:.2f})" + (f"; {conflict}" if conflict else "")
    return conflict


def _unscored_reason(meta: Metadata, name: str) -> str:
    """Without confidences, weak means missing or guessed from a poor source."""
    source = meta.sources.get(name, "")
    if source in GUESSED:
        return GUESSED[source]
    if name == "title" and not meta.title.strip():
        return "missing"
    if name == "year" and meta.year is None:
        return "missing"
    # Many reports have a corporate author and no named researcher: only no author at all is weak.
    if name == "chief" and not meta.chief and not meta.organisation.strip():
        return "missing (no researcher and no organisation)"
    return ""


def _fix_value(meta: Metadata, name: str, candidates: list[Candidate]) -> str:
    """The value the fix line proposes: the current one (running it confirms it), else the best
    candidate, else a placeholder that `pubkb edit` refuses until it is filled in."""
    current = value_of(meta, name)
    if current:
        return current
    best = next((c.value for c in candidates if c.value.strip()), "")
    return best or PLACEHOLDERS.get(name, name.upper())


def review_record(rec: PubRecord, below: float, index: str | None = None) -> ReviewItem | None:
    """`rec` as a review item, or None when none of its fields needs a librarian."""
    meta = rec.meta
    scored = is_scored(meta)
    fields: list[ReviewField] = []
    for name in REVIEWED:
        source = meta.sources.get(name, "")
        if source in CERTAIN_SOURCES:
            continue  # a librarian has settled it
        reason = _scored_reason(meta, name, below) if scored else _unscored_reason(meta, name)
        if not reason:
            continue
        candidates = list(meta.candidates.get(name, []))
        fix = command(rec.id, name, _fix_value(meta, name, candidates), index)
        value = value_of(meta, name)
        confidence = meta.confidence.get(name)
        fields.append(ReviewField(name, value, source, confidence, reason, candidates, fix))
    if not fields and not meta.warnings:
        return None
    return ReviewItem(rec.id, rec.path, meta.title, fields, list(meta.warnings))


def _weakest_first(item: ReviewItem) -> tuple[float, int, str]:
    known = [f.confidence for f in item.fields if f.confidence is not None]
    return (min(known, default=1.0), -len(item.fields), item.title.lower())


def review(root: Path, below: float = DEFAULT_BELOW, index: str | None = None) -> ReviewQueue:
    """Every publication with a weak or conflicting field; `index` goes into the fix lines."""
    records = IndexReader(root).records()
    queue = ReviewQueue(below, len(records), any(is_scored(r.meta) for r in records))
    for rec in records:
        item = review_record(rec, below, index)
        if item is not None:
            queue.items.append(item)
    queue.items.sort(key=_weakest_first)
    return queue
