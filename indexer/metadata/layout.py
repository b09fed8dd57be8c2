"""Cleaned, positioned text lines of a page, shared by the metadata detectors."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from indexer.model import Page

_CID = re.compile(r"\(cid:\d+\)")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\ufeff\ufffd]")
# Footnote marks that designers hang on titles and names.
FOOTNOTE_MARKS = "*∗†‡§¶#"

# Geometry shared by the detectors. Sizes and gaps are in points; ratios multiply a line's
# type size or box height.

# Extractors give zero-height boxes for some glyph runs; divisions and ratios need a floor.
MIN_LINE_HEIGHT = 0.1
# Lines of one row share most of their height; a superscript or a smaller run beside a large
# one overlaps it less.
SAME_ROW_OVERLAP = 0.5
# Line boxes include ascenders and descenders, so a line set tightly under another overlaps
# it by up to this share of its height and still reads as the line below.
BELOW_OVERLAP = 0.3
# Sizes this close (smaller over larger) are one type size: extractors report sizes that
# drift with font metrics and scaling.
SAME_SIZE = 0.9
# Type at least this much larger than another reads as visibly bigger (a title, a heading),
# beyond the drift between runs of one size.
LARGER_TYPE = 1.15
# Running footers, headers and page numbers sit in this share of the page height at the top
# and at the bottom.
FOOTER_ZONE = 0.06
# Rotated stamps and drop caps come out as one character per line.
MIN_LINE_CHARS = 2


@dataclass(frozen=True)
class TextLine:
    """One line of a page with its text cleaned; coordinates as pdfminer gives them."""

    text: str
    size: float
    x0: float
    y0: float
    x1: float
    y1: float
    bold: bool
    page: int
    order: int  # position in the extractor's (box by box) reading order

    @property
    def height(self) -> float:
        return max(self.y1 - self.y0, MIN_LINE_HEIGHT)

    def gap_below(self, other: TextLine) -> float:
        """Vertical white space from this line down to `other` (negative when they overlap)."""
        return self.y0 - other.y1

    def same_row(self, other: TextLine) -> bool:
        overlap = min(self.y1, other.y1) - max(self.y0, other.y0)
        return overlap > SAME_ROW_OVERLAP * min(self.height, other.height)

    def overlaps_x(self, other: TextLine) -> bool:
        return min(self.x1, other.x1) - max(self.x0, other.x0) > 0


def clean_text(text: str) -> str:
    """NFKC (ligatures, odd spaces), no CID placeholders or control characters, single spaces."""
    text = unicodedata.normalize("NFKC", text)
    text = _CID.sub(" ", text)
    text = _CONTROL.sub("", text)
    return " ".join(text.split())


def strip_marks(text: str) -> str:
    """Remove footnote marks at the end of a title or name line."""
    return text.rstrip(FOOTNOTE_MARKS + " ").lstrip(FOOTNOTE_MARKS + " ")


def _on_page(x0: float, y0: float, x1: float, y1: float, page: Page) -> bool:
    # Text drawn off the page (slide overlays, bleed) is invisible to readers.
    if page.width <= 0 or page.height <= 0:
        return True
    return x1 > 0 and y1 > 0 and x0 < page.width and y0 < page.height


def _alnum_at_least(text: str, n: int) -> bool:
    """Whether `text` has `n` letters or digits; stops at the n-th (every line is tested)."""
    for c in text:
        if c.isalnum():
            n -= 1
            if n <= 0:
                return True
    return n <= 0


def page_lines(page: Page) -> list[TextLine]:
    """The page's visible lines, cleaned, without duplicates or one-character fragments."""
    seen: set[tuple[str, int, int]] = set()
    out: list[TextLine] = []
    for i, ln in enumerate(page.lines):
        text = clean_text(ln.text)
        # Noise for every detector, but a lone page number is kept.
        if not _alnum_at_least(text, MIN_LINE_CHARS) and not text.isdigit():
            continue
        if not _on_page(ln.x0, ln.y0, ln.x1, ln.y1, page):
            continue
        key = (text, round(ln.x0), round(ln.y0))
        if key in seen:  # fake bold: the same text drawn twice
            continue
        seen.add(key)
        # Boxes are normalised so that every geometric test can rely on x0 <= x1, y0 <= y1.
        x0, x1 = sorted((float(ln.x0), float(ln.x1)))
        y0, y1 = sorted((float(ln.y0), float(ln.y1)))
        out.append(TextLine(text, abs(float(ln.size)), x0, y0, x1, y1, ln.bold, page.number, i))
    return out


def top_down(lines: list[TextLine]) -> list[TextLine]:
    """Lines from the top of the page down, left to right within a row."""
    return sorted(lines, key=lambda ln: (-round(ln.y1), ln.x0))


def body_size(lines: list[TextLine]) -> float:
    """The most common font size weighted by text length: the size of running text."""
    if not lines:
        return 0.0
    weights: dict[float, int] = {}
    for ln in lines:
        weights[round(ln.size)] = weights.get(round(ln.size), 0) + len(ln.text)
    return float(max(weights.items(), key=lambda kv: kv[1])[0])


def is_footer_zone(line: TextLine, page: Page) -> bool:
    """Whether the line sits where running footers, headers and page numbers go."""
    top = (1 - FOOTER_ZONE) * page.height
    return page.height > 0 and (line.y1 < FOOTER_ZONE * page.height or line.y0 > top)
