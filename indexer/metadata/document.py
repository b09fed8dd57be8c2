"""The extraction as metadata detection reads it: cleaned lines per page, front matter."""

from __future__ import annotations

from indexer.metadata.layout import (
    TextLine,
    page_lines,
)
from indexer.model import (
    Extraction,
    Page,
)
from indexer.text import squash

# Covers, title pages and colophons: everything but contents lookups reads only these.
FRONT_PAGES = 4
# Shorter strings turn up in any text by chance, so they confirm nothing.
MIN_EVIDENCE_CHARS = 4


class Document:
    """An extraction with cleaned lines computed once per page, on demand."""

    def __init__(self, ex: Extraction) -> None:
        self.ex = ex
        self.pages: list[Page] = list(ex.pages)
        self._lines: dict[int, list[TextLine]] = {}
        self.front = self.pages[:FRONT_PAGES]
        self.front_text = " ".join(
            " ".join(ln.text for ln in self.lines(p.number)) for p in self.front
        )
        self.front_squashed = squash(self.front_text)

    def lines(self, number: int) -> list[TextLine]:
        if number not in self._lines:
            ok = 1 <= number <= len(self.pages)
            self._lines[number] = page_lines(self.pages[number - 1]) if ok else []
        return self._lines[number]

    def page(self, number: int) -> Page:
        return self.pages[number - 1]

    def in_front_text(self, text: str) -> bool:
        key = squash(text)
        return len(key) >= MIN_EVIDENCE_CHARS and key in self.front_squashed
