"""The data passed between stages: pages, extractions, metadata and publication records.

Nothing here imports pdfminer or Whoosh, so every stage (and the app) can use these types
without loading a parser or an index.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from indexer.types import PubType


@dataclass
class Line:
    """One text line as laid out on the page (PDF coordinates: y grows upwards)."""

    text: str
    size: float
    x0: float
    y0: float
    x1: float
    y1: float
    bold: bool = False


@dataclass
class Page:
    number: int
    text: str
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)
    ocr: bool = False  # the text was read from the page image, not from a text layer


# How `pubkb index --ocr` treats pages: OCR pages without a text layer, every page, or none.
OCR_MODES = ("auto", "always", "never")

# Bump when the extracted data changes shape or content: it keys the extraction cache.
EXTRACTOR_VERSION = 6


@dataclass
class Extraction:
    """Everything read from one PDF; cached by content hash so re-indexing need not parse."""

    sha256: str
    pages: list[Page]
    info: dict[str, str]
    encrypted: bool = False
    extractor_version: int = EXTRACTOR_VERSION
    ocr_mode: str = "auto"
    # Why pages that needed OCR did not get it (no Tesseract); empty when nothing was missed.
    ocr_missing: str = ""

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def has_text_layer(self) -> bool:
        return any(p.text.strip() for p in self.pages if not p.ocr)

    @property
    def has_text(self) -> bool:
        """Searchable text from any source, text layer or OCR."""
        return any(p.text.strip() for p in self.pages)

    @property
    def ocr_pages(self) -> list[int]:
        return [p.number for p in self.pages if p.ocr]

    def serves(self, mode: str) -> bool:
        """Whether this extraction is what `mode` would give, so a cached copy can stand in."""
        if self.ocr_missing:
            return False  # Tesseract may be installed by now
        if mode == self.ocr_mode:
            return True
        # auto and never differ only on pages without a text layer.
        both = {mode, self.ocr_mode} == {"auto", "never"}
        return both and not self.ocr_pages and all(p.text.strip() for p in self.pages)

    def to_dict(self) -> dict[str, Any]:
        """`dataclasses.asdict(self)`, built field by field: asdict's recursive deep copy of
        every line cost more than writing the JSON."""
        return {
            "sha256": self.sha256,
            "pages": [
                {
                    "number": p.number,
                    "text": p.text,
                    "width": p.width,
                    "height": p.height,
                    "lines": [
                        {
                            "text": ln.text,
                            "size": ln.size,
                            "x0": ln.x0,
                            "y0": ln.y0,
                            "x1": ln.x1,
                            "y1": ln.y1,
                            "bold": ln.bold,
                        }
                        for ln in p.lines
                    ],
                    "ocr": p.ocr,
                }
                for p in self.pages
            ],
            "info": dict(self.info),
            "encrypted": self.encrypted,
            "extractor_version": self.extractor_version,
            "ocr_mode": self.ocr_mode,
            "ocr_missing": self.ocr_missing,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Extraction:
        pages = [
            Page(
                number=p["number"],
                text=p["text"],
                width=p["width"],
                height=p["height"],
                lines=[Line(**ln) for ln in p["lines"]],
                ocr=bool(p.get("ocr", False)),
            )
            for p in data["pages"]
        ]
        return cls(
            sha256=data["sha256"],
            pages=pages,
            info=dict(data["info"]),
            encrypted=bool(data["encrypted"]),
            extractor_version=int(data["extractor_version"]),
            ocr_mode=str(data.get("ocr_mode", "auto")),
            ocr_missing=str(data.get("ocr_missing", "")),
        )


# Where a field's value came from, shown to librarians next to each field.
SOURCE_COVER = "cover"
SOURCE_INFO = "info"
SOURCE_TEXT = "text"
SOURCE_FILENAME = "filename"  # nothing better found: the title is the file's name
# A librarian's correction (`pubkb edit` or `pubkb index --metadata`): both write the same
# remembered corrections file, so once stored no one can tell which way a value came in, and
# for a reader both mean the same thing: a person checked it. "override" is what records
# indexed before `pubkb edit` existed still carry; it means the same and is read as certain.
SOURCE_LIBRARIAN = "librarian"
SOURCE_OVERRIDE = "override"
CERTAIN_SOURCES = (SOURCE_LIBRARIAN, SOURCE_OVERRIDE)

FIELDS = (
    "title",
    "type",
    "series",
    "number",
    "year",
    "chief",
    "co_researchers",
    "organisation",
    "summary",
    "contents",
    "language",
)


@dataclass
class ContentsEntry:
    heading: str
    page: int | None = None


@dataclass
class Candidate:
    """One value metadata detection weighed for a field."""

    value: str  # as it would be stored (years as digits, names joined by "; ")
    score: float  # 0-1
    source: str  # where it was read: SOURCE_COVER, SOURCE_INFO, SOURCE_TEXT, ...


@dataclass
class Metadata:
    title: str = ""
    type: str = PubType.OTHER.value
    series: str = ""
    number: str = ""
    year: int | None = None
    chief: list[str] = field(default_factory=list)
    co_researchers: list[str] = field(default_factory=list)
    organisation: str = ""
    summary: str = ""
    contents: list[ContentsEntry] = field(default_factory=list)
    language: str = "en"
    sources: dict[str, str] = field(default_factory=dict)
    # 0–1 per detected field: at 0.8 and above a value is right nearly always; below it is
    # worth a librarian's look. A field with no entry is unknown, not certain.
    confidence: dict[str, float] = field(default_factory=dict)
    # The alternatives weighed per field, best first (a few at most), for review.
    candidates: dict[str, list[Candidate]] = field(default_factory=dict)
    # What could not be read right (a script the text layer garbles), in words for a reviewer.
    warnings: list[str] = field(default_factory=list)

    @property
    def researchers(self) -> list[str]:
        return [*self.chief, *(n for n in self.co_researchers if n not in self.chief)]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Metadata:
        data = dict(data)
        data["contents"] = [ContentsEntry(**c) for c in data.get("contents", [])]
        # Records stored before detection scored its candidates have none of these keys.
        data["candidates"] = {
            name: [c if isinstance(c, Candidate) else Candidate(**c) for c in items]
            for name, items in dict(data.get("candidates") or {}).items()
        }
        data["confidence"] = dict(data.get("confidence") or {})
        data["warnings"] = list(data.get("warnings") or [])
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass
class PubRecord:
    """What the index knows about one publication file."""

    id: str
    path: str
    sha256: str
    size: int
    mtime_ns: int
    pages: int
    meta: Metadata
    has_text_layer: bool = True
    encrypted: bool = False
    indexed_at: str = ""
    override_key: str = ""
    flags: list[str] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)  # pages whose text came from OCR
    page_languages: list[str] = field(default_factory=list)  # "ko", "en" or "" per page
    # Per page its part of the report (indexer/parts.py) and the heading it falls under.
    page_parts: list[str] = field(default_factory=list)
    page_headings: list[str] = field(default_factory=list)
    # Running headers and footers (parts.running_key of each): never shown as a passage.
    running_lines: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, blob: str) -> PubRecord:
        data = json.loads(blob)
        data["meta"] = Metadata.from_dict(data["meta"])
        return cls(**data)
