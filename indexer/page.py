"""The page model shared by extraction, OCR and metadata detection: pages and their lines."""

from __future__ import annotations

from dataclasses import dataclass, field


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
