"""Which part of the report each page is: front matter, contents, summary, a body chapter,
conclusions, references or an appendix, and which lines run on every page.

Sources, most trusted first: the contents entries with the pages where they were found, then
headings read on the page (the words of indexer/parts.py at the top of the text), then
typography (a line in larger type than the running text opening a page).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from indexer import parts
from indexer.metadata import contents as toc
from indexer.metadata.layout import LARGER_TYPE, TextLine, page_lines, top_down
from indexer.model import ContentsEntry, Page

# Running headers and footers sit in this share of the page height at the top and bottom; wider
# than the footer zone of the other detectors, since a header may be set well below the edge.
RUNNING_ZONE = 0.12
# A line is running when it repeats, alike but for numbers, on at least this share of the
# pages, and on at least MIN_RUNNING_PAGES: a header that skips the cover and the contents
# still runs on most pages, while a line twice in a short report is a coincidence.
RUNNING_SHARE = 0.5
MIN_RUNNING_PAGES = 3
# A page's heading is among its first few lines of text, below any running header.
HEADING_LINES = 3


@dataclass
class PageParts:
    """Per page (page 1 first) its part and the heading it falls under, and the running lines."""

    parts: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    running: list[str] = field(default_factory=list)  # parts.running_key of each running line


def running_lines(pages: list[Page], lines: dict[int, list[TextLine]]) -> set[str]:
    """Keys of the lines repeated at the top or bottom of most pages."""
    seen: dict[str, set[int]] = {}
    for page in pages:
        for ln in lines[page.number]:
            edge = page.height > 0 and (
                ln.y1 < RUNNING_ZONE * page.height or ln.y0 > (1 - RUNNING_ZONE) * page.height
            )
            # Folding is the costly part, and only lines at the edges can be running lines.
            if edge and (key := parts.running_key(ln.text)):
                seen.setdefault(key, set()).add(page.number)
    need = max(MIN_RUNNING_PAGES, RUNNING_SHARE * len(pages))
    return {key for key, where in seen.items() if len(where) >= need}


def _document_body_size(lines: dict[int, list[TextLine]]) -> float:
    """The type size most text of the whole document is set in."""
    weights: dict[float, int] = {}
    for page_lines_ in lines.values():
        for ln in page_lines_:
            weights[round(ln.size, 1)] = weights.get(round(ln.size, 1), 0) + len(ln.text)
    return max(weights.items(), key=lambda kv: kv[1])[0] if weights else 0.0


@dataclass
class _Heading:
    text: str
    part: str | None  # the part its words name, if any
    larger: bool  # set in larger type than the running text


def _page_heading(content: list[TextLine], body: float) -> _Heading | None:
    """The heading opening a page: a line naming a part, or one in larger type."""
    for ln in top_down(content)[:HEADING_LINES]:
        text = ln.text.strip()
        larger = body > 0 and ln.size >= LARGER_TYPE * body
        part = parts.part_of_heading(text)
        # A heading does not end a sentence; "Conclusions." inside a paragraph would.
        if part is not None and not text.endswith((".", ",", ";")):
            return _Heading(text, part, larger)
        if larger:
            return _Heading(text, None, True)
    return None


def _contents_pages(pages: list[Page], lines: dict[int, list[TextLine]]) -> set[int]:
    where = toc.find_contents_page(pages, lambda n: lines[n])
    if where is None:
        return set()
    first, head = where
    _, last = toc.read_entries(pages, lambda n: lines[n], first, head)
    return set(range(first, last + 1))


def detect_parts(pages: list[Page], entries: list[ContentsEntry]) -> PageParts:
    """Each page's part and heading, and the document's running lines."""
    lines = {p.number: page_lines(p) for p in pages}
    running = running_lines(pages, lines)
    listing = _contents_pages(pages, lines)
    body = _document_body_size(lines)
    starts: dict[int, tuple[str, str]] = {}
    located = [e for e in entries if e.page is not None and e.page not in listing]
    for e in located:
        assert e.page is not None
        starts.setdefault(e.page, (parts.part_of_heading(e.heading) or parts.BODY, e.heading))
    first_entry = min((e.page or 0 for e in located), default=0)
    last_entry = max((e.page or 0 for e in located), default=0)
    for page in pages:
        n = page.number
        if n in starts or n in listing:
            continue
        content = (
            [ln for ln in lines[n] if parts.running_key(ln.text) not in running]
            if running
            else lines[n]
        )
        found = _page_heading(content, body)
        if found is None:
            continue
        if found.part is not None:
            starts[n] = (found.part, found.text)
        elif not located:
            starts[n] = (parts.BODY, found.text)  # no contents: type is all there is
        elif n < first_entry:
            starts[n] = (parts.FRONT, "")  # a cover, a foreword: no chapter to name
        elif n > last_entry:
            starts[n] = (parts.APPENDIX, found.text)  # back matter after the last chapter
        # Between listed chapters, larger type is a sub-heading of the current chapter.
    out = PageParts(running=sorted(running))
    current = (parts.FRONT, "")
    for page in pages:
        n = page.number
        if n in listing:
            out.parts.append(parts.CONTENTS)
            out.headings.append(parts.LABELS[parts.CONTENTS])
            continue
        current = starts.get(n, current)
        out.parts.append(current[0])
        out.headings.append(current[1])
    return out
