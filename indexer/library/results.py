"""Typed results of the library, with JSON forms (not in model.py: no other stage makes them)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from indexer.ingest.state import Failure, RunSummary
from indexer.model import Candidate, ContentsEntry, PubRecord


@dataclass
class PublicationSummary:
    """A publication as `pubkb list` shows it."""

    id: str
    path: str
    title: str
    type: str
    series: str
    number: str
    year: int | None
    chief: list[str]
    co_researchers: list[str]
    researchers: list[str]
    organisation: str
    pages: int
    language: str
    flags: list[str]
    ocr_pages: list[int]
    sources: dict[str, str]

    @classmethod
    def of(cls, rec: PubRecord) -> PublicationSummary:
        return cls(**_summary_fields(rec))

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "type": self.type,
            "series": self.series,
            "number": self.number,
            "year": self.year,
            "chief": list(self.chief),
            "co_researchers": list(self.co_researchers),
            "researchers": list(self.researchers),
            "organisation": self.organisation,
            "pages": self.pages,
            "language": self.language,
            "flags": list(self.flags),
            "ocr_pages": list(self.ocr_pages),
            "sources": dict(self.sources),
        }


def _summary_fields(rec: PubRecord) -> dict[str, Any]:
    m = rec.meta
    return {
        "id": rec.id,
        "path": rec.path,
        "title": m.title,
        "type": m.type,
        "series": m.series,
        "number": m.number,
        "year": m.year,
        "chief": list(m.chief),
        "co_researchers": list(m.co_researchers),
        "researchers": m.researchers,
        "organisation": m.organisation,
        "pages": rec.pages,
        "language": m.language,
        "flags": list(rec.flags),
        "ocr_pages": list(rec.ocr_pages),
        "sources": dict(m.sources),
    }


@dataclass
class PublicationDetail(PublicationSummary):
    """A publication as `pubkb show` shows it: the summary plus summary text and contents."""

    summary: str
    contents: list[ContentsEntry]
    page_count: int
    page_languages: list[str]
    sha256: str
    size: int
    indexed_at: str

    @classmethod
    def of(cls, rec: PubRecord) -> PublicationDetail:
        return cls(
            **_summary_fields(rec),
            summary=rec.meta.summary,
            contents=[ContentsEntry(c.heading, c.page) for c in rec.meta.contents],
            page_count=rec.pages,
            page_languages=list(rec.page_languages),
            sha256=rec.sha256,
            size=rec.size,
            indexed_at=rec.indexed_at,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            **super().to_json(),
            "summary": self.summary,
            "contents": [{"heading": c.heading, "page": c.page} for c in self.contents],
            "page_count": self.page_count,
            "page_languages": list(self.page_languages),
            "sha256": self.sha256,
            "size": self.size,
            "indexed_at": self.indexed_at,
        }


@dataclass
class IndexStatus:
    """What `pubkb status` reports: counts, files needing a librarian, and the last run."""

    index: str
    schema_version: int | None
    documents: int
    pages: int
    by_type: dict[str, int]
    by_year: dict[str, int]
    no_text_layer: list[str]
    missing: list[str]
    failures: list[Failure]
    last_run: RunSummary | None
    index_bytes: int

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "schema_version": self.schema_version,
            "documents": self.documents,
            "pages": self.pages,
            "by_type": dict(self.by_type),
            "by_year": dict(self.by_year),
            "no_text_layer": list(self.no_text_layer),
            "missing": list(self.missing),
            # A failure's size and mtime only tell the next run whether the file changed.
            "failures": [{"path": f.path, "reason": f.reason, "at": f.at} for f in self.failures],
            "last_run": self.last_run.to_json() if self.last_run else None,
            "index_bytes": self.index_bytes,
        }


@dataclass
class VerifyProblem:
    path: str
    problem: str

    def to_json(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class VerifyReport:
    """What `pubkb verify` found: how many publications it checked and what is wrong."""

    checked: int = 0
    problems: list[VerifyProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, path: str, problem: str) -> None:
        self.problems.append(VerifyProblem(path, problem))

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "checked": self.checked,
            "problems": [p.to_json() for p in self.problems],
        }


@dataclass
class ReviewField:
    """One field of a publication that a librarian should check, and the command that fixes it."""

    name: str
    value: str  # as stored, in the form of a candidate's value ("" when missing)
    source: str
    confidence: float | None  # None: detection gave no confidence (unknown, not certain)
    reason: str
    candidates: list[Candidate]
    fix: str  # a ready-to-run `pubkb edit` line

    def to_json(self) -> dict[str, Any]:
        return {
            "field": self.name,
            "value": self.value,
            "source": self.source,
            "confidence": self.confidence,
            "reason": self.reason,
            "candidates": [
                {"value": c.value, "score": c.score, "source": c.source} for c in self.candidates
            ],
            "fix": self.fix,
        }


@dataclass
class ReviewItem:
    """A publication in the review queue: its weak fields and the warnings detection left."""

    id: str
    path: str
    title: str
    fields: list[ReviewField]
    warnings: list[str]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "fields": [f.to_json() for f in self.fields],
            "warnings": list(self.warnings),
        }


@dataclass
class ReviewQueue:
    """What `pubkb review` lists: the publications to check, out of how many."""

    below: float
    checked: int
    scored: bool  # whether any publication has confidences (else weak means missing or guessed)
    items: list[ReviewItem] = field(default_factory=list)

    @property
    def note(self) -> str:
        if self.scored:
            return ""
        return (
            "No publication has confidence scores yet: listing fields that are missing or were "
            "taken from the file name or the PDF's document properties."
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "below": self.below,
            "checked": self.checked,
            "scored": self.scored,
            "note": self.note,
            "publications": [i.to_json() for i in self.items],
        }


@dataclass
class EditResult:
    """What `pubkb edit` did: the corrections recorded and removed, and the record now stored."""

    publication: PublicationSummary
    set: dict[str, Any]
    reset: list[str]
    # False when a reset must wait for the next `pubkb index` (no cached extraction to redo it).
    applied: bool = True

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.publication.id,
            "path": self.publication.path,
            "set": dict(self.set),
            "reset": list(self.reset),
            "applied": self.applied,
            "publication": self.publication.to_json(),
        }
