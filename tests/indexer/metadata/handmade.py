"""Hand-built pages for the metadata rules: positioned lines, no PDF in between.

Coordinates are PDF points with y growing upwards on an A4 page. A line is placed by its
baseline; its box runs from a descender below the baseline to the cap height above it, so a
line's box is as tall as its type size.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from indexer.metadata.layout import TextLine, page_lines
from indexer.model import Line, Page

PAGE_W, PAGE_H = 595.0, 842.0


def line(
    text: str,
    size: float = 11.0,
    x: float = 72.0,
    y: float = 700.0,
    bold: bool = False,
    width: float | None = None,
) -> Line:
    """A line of `text` at baseline `y`, about half an em wide per character unless `width`."""
    w = width if width is not None else 0.5 * size * len(text)
    return Line(text, size, x, y - 0.2 * size, x + w, y + 0.8 * size, bold)


def stack(texts: Sequence[str], top: float, size: float = 11.0, x: float = 72.0) -> list[Line]:
    """Lines of running text set one under another, with a leading of 1.4 times the size."""
    return [line(t, size, x, top - i * 1.4 * size) for i, t in enumerate(texts)]


def page(lines: Sequence[Line], number: int = 1) -> Page:
    return Page(number, "\n".join(ln.text for ln in lines), PAGE_W, PAGE_H, list(lines))


def text_lines(*lines: Line, number: int = 1) -> list[TextLine]:
    """The cleaned lines the detectors read, for a page holding `lines`."""
    return page_lines(page(lines, number))


def lines_of(pages: Sequence[Page]) -> Callable[[int], list[TextLine]]:
    """The page-number-to-lines lookup the contents reader takes."""
    cleaned = {p.number: page_lines(p) for p in pages}
    return lambda number: cleaned.get(number, [])
