"""A report's contents page, and the PDF page where each listed heading really starts.

Printed page numbers are not trusted: front matter, unnumbered covers and inserted pages shift
them. Each heading is looked up in the body instead, in larger type first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from indexer.metadata.layout import (
    BELOW_OVERLAP,
    LARGER_TYPE,
    SAME_SIZE,
    TextLine,
    body_size,
    is_footer_zone,
    top_down,
)
from indexer.model import Page
from indexer.text import fold

LinesOf = Callable[[int], list[TextLine]]

# Contents pages sit after covers, forewords, acknowledgements and sometimes an executive
# summary; rarely later than this.
SCAN_PAGES = 12
# A contents list may run over onto this many more pages.
MORE_PAGES = 2
# A list reads as contents when it has a few rows and most of them carry a page number (or
# leaders); the rest are wrapped headings and part titles.
CONTENTS_MIN_ROWS = 3
CONTENTS_NUMBERED = 0.6
# Where at least this share of entries is numbered, unnumbered ones are titles and notes.
ENTRIES_NUMBERED = 0.5
# Wider white space than this many type sizes ends the list: a colophon or a note follows.
BLOCK_GAP = 3
# Rows closer than this many type sizes are one wrapped entry.
ENTRY_WRAP_GAP = 0.6
# Lines of one heading differ in size by at most this share (drift, not a new level).
RUN_SIZE_DRIFT = 0.1
# Lines of one wrapped heading are at most a type size apart ...
RUN_GAP = 1.0
# ... while a heading in body type stands after more white space than line spacing.
ISOLATED_GAP = 0.8
# A heading, even one wrapped under a part title, fills only a few lines.
RUN_MAX_LINES = 8
# A body-size heading may be set a little smaller than the running text.
WEAK_HEADING_SIZE = 0.95
# Sizes are compared to the half point: finer than the steps between heading levels,
# coarser than the drift extractors add.
SIZE_STEPS = 2
_HEADS = {
    "contents",
    "table of contents",
    "content",
    "contents page",
    "list of contents",
    "목차",
    "차례",
}
_NOT_ENTRIES = {"", "page", "pages", "no", "page no"}
_LEADER = re.compile(r"(?:\s*[.·…_‥]\s*){3,}")
_TRAILING_PAGE = re.compile(r"^(?P<head>.*?\S)\s+(?P<page>\d{1,4})$")
_LEADER_PAGE = re.compile(
    r"^(?P<head>.*?\S)" + _LEADER.pattern + r"(?P<page>\d{1,4}|[ivxlc]{1,6})?$"
)
# "1.", "2.1", "01", "IV.", "Chapter 3", "Annex 2:" before a heading's words.
_NUMBERING = re.compile(
    r"^\s*(?:(?:chapter|part|section|annex|appendix)\s+)?"
    r"(?:\d+(?:[.\-]\d+)*[.):]?|[IVXLC]+[.)])\s+",
    re.I,
)


@dataclass
class _Row:
    text: str
    size: float
    top: float
    bottom: float
    printed: str | None
    leader: bool


@dataclass
class _Entry:
    rows: list[_Row] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return " ".join(r.text for r in self.rows)

    @property
    def printed(self) -> str | None:
        return next((r.printed for r in self.rows if r.printed), None)


def heading_key(text: str) -> str:
    """Headings compared with their numbering set aside ("01." in the body, "01" listed)."""
    return fold(_NUMBERING.sub("", text, count=1))


def is_contents_heading(text: str) -> bool:
    text = text.strip().rstrip(":")
    # "content." ends a sentence; a heading is capitalised (Hangul has no case).
    first_ok = text[:1].isupper() or not text[:1].isascii()
    return fold(text) in _HEADS and first_ok and text[-1:].isalpha()


def find_contents_page(pages: list[Page], lines_of: LinesOf) -> tuple[int, TextLine] | None:
    for page in pages[:SCAN_PAGES]:
        for line in lines_of(page.number):
            if is_contents_heading(line.text):
                return page.number, line
    return None


def _rows(lines: list[TextLine]) -> list[_Row]:
    """Lines merged into rows (a heading and its page number are separate text runs)."""
    rows: list[list[TextLine]] = []
    for line in top_down(lines):
        if rows and any(line.same_row(other) for other in rows[-1]):
            rows[-1].append(line)
        else:
            rows.append([line])
    return [_parse_row(sorted(r, key=lambda ln: ln.x0)) for r in rows]


def _parse_row(parts: list[TextLine]) -> _Row:
    text = " ".join(p.text for p in parts).strip()
    size = max(p.size for p in parts)
    top, bottom = max(p.y1 for p in parts), min(p.y0 for p in parts)
    m = _LEADER_PAGE.match(text)
    if m:
        return _Row(m["head"].strip(), size, top, bottom, m["page"], True)
    m = _TRAILING_PAGE.match(text)
    if m and len(parts) > 1 and parts[-1].text.strip().isdigit():
        return _Row(m["head"].strip(), size, top, bottom, m["page"], False)
    return _Row(_LEADER.sub(" ", text).strip(), size, top, bottom, None, False)


_LEADING_PAGE = re.compile(r"^(\d{1,3})\s+(\D.*)$")


def _leading_pages(rows: list[_Row]) -> list[_Row]:
    """Contents set page-number-first ("18  Chapter 2: Sector Strategies"): when no row ends
    with a number and most start with one, that number is the page."""
    if any(r.printed for r in rows):
        return rows
    leading = [_LEADING_PAGE.match(r.text) for r in rows]
    if sum(m is not None for m in leading) < max(CONTENTS_MIN_ROWS, CONTENTS_NUMBERED * len(rows)):
        return rows
    return [
        _Row(m.group(2), r.size, r.top, r.bottom, m.group(1), r.leader) if m else r
        for r, m in zip(rows, leading, strict=True)
    ]


def _main_size(rows: list[_Row]) -> float:
    """The size most rows are set in, to the half point."""
    counts: dict[float, int] = {}
    for r in rows:
        size = round(r.size * SIZE_STEPS) / SIZE_STEPS
        counts[size] = counts.get(size, 0) + 1
    return max(counts.items(), key=lambda kv: kv[1])[0] if counts else 0.0


def _starts_numbered(text: str) -> bool:
    return bool(_NUMBERING.match(text))


def group_entries(rows: list[_Row]) -> list[_Entry]:
    """Rows into entries: a wrapped heading continues its row; a page number may end or start it."""
    main = _main_size(rows)
    entries: list[_Entry] = []
    pending: list[_Row] = []
    prev: _Row | None = None
    for row in rows:
        if row.size < SAME_SIZE * main or not row.text:
            continue  # chapter authors, notes
        if prev is not None and prev.bottom - row.top > BLOCK_GAP * row.size:
            break
        tight = prev is not None and prev.bottom - row.top < ENTRY_WRAP_GAP * row.size
        ends = row.printed is not None or row.leader
        if ends:
            head = pending if pending and tight else []
            entries += [_Entry([r]) for r in pending if r not in head]
            entries.append(_Entry([*head, row]))
            pending = []
        elif (
            entries and not pending and tight and not _starts_numbered(row.text)
            and entries[-1].rows[0].printed is not None
        ):  # fmt: skip
            entries[-1].rows.append(row)
        else:
            pending.append(row)
        prev = row
    entries += [_Entry([r]) for r in pending]
    return entries


def _looks_like_contents(rows: list[_Row]) -> bool:
    ends = sum(r.printed is not None or r.leader for r in rows)
    return len(rows) >= CONTENTS_MIN_ROWS and ends >= CONTENTS_NUMBERED * len(rows)


def read_entries(
    pages: list[Page], lines_of: LinesOf, page_no: int, head: TextLine
) -> tuple[list[_Entry], int]:
    """Entries below the heading, and on following pages while they still read as contents.

    Returns the entries and the last page of the contents.
    """
    lines = [ln for ln in lines_of(page_no) if ln.y1 <= head.y0 + BELOW_OVERLAP * head.height]
    page = pages[page_no - 1]
    rows = _rows([ln for ln in lines if not is_footer_zone(ln, page)])
    last = page_no
    for nxt in pages[page_no : page_no + MORE_PAGES]:
        more = _rows([ln for ln in lines_of(nxt.number) if not is_footer_zone(ln, nxt)])
        if not _looks_like_contents(more):
            break
        rows += more
        last = nxt.number
    entries = [
        e for e in group_entries(_leading_pages(rows)) if heading_key(e.heading) not in _NOT_ENTRIES
    ]
    marked = [e for e in entries if e.printed is not None or any(r.leader for r in e.rows)]
    return (marked if len(marked) >= ENTRIES_NUMBERED * len(entries) else entries), last


# ---------------------------------------------------------------- finding headings in the body


@dataclass
class _PageHeadings:
    strong: set[str]  # keys of headings set in larger type
    weak: set[str]  # keys of any body-size line or pair of lines


def _runs(lines: list[TextLine], minimum: float, isolated: bool) -> list[list[TextLine]]:
    """Consecutive lines of similar size from `minimum` up: a heading, possibly wrapped.

    With `isolated`, a run must also start after a gap wider than line spacing: a heading set
    in body type, not a line that happens to read like one inside a paragraph.
    """
    runs: list[list[TextLine]] = []
    prev: TextLine | None = None
    for line in top_down(lines):
        last = runs[-1][-1] if runs else None
        if line.size >= minimum:
            if (
                last is not None
                and last is prev
                and abs(last.size - line.size) <= RUN_SIZE_DRIFT * last.size
                and 0 <= last.gap_below(line) <= RUN_GAP * line.size
            ):
                runs[-1].append(line)
            elif not isolated or prev is None or prev.gap_below(line) >= ISOLATED_GAP * line.size:
                runs.append([line])
        prev = line
    return runs


def _run_keys(run: list[TextLine], starts: int) -> set[str]:
    """Keys of the stretches of consecutive lines that begin within the first `starts` lines:
    a chapter title may sit right under a part title in the same type, or wrap."""
    run = run[:RUN_MAX_LINES]
    return {
        heading_key(" ".join(ln.text for ln in run[i:j]))
        for i in range(min(starts, len(run)))
        for j in range(i + 1, len(run) + 1)
    }


def page_headings(page: Page, lines: list[TextLine]) -> _PageHeadings:
    body = body_size(lines)
    content = [ln for ln in lines if not is_footer_zone(ln, page)]
    strong: set[str] = set()
    for run in _runs(content, LARGER_TYPE * body, isolated=False):
        strong |= _run_keys(run, len(run))
    weak: set[str] = set()
    for run in _runs(content, WEAK_HEADING_SIZE * body, isolated=True):
        weak |= _run_keys(run, 1)
    return _PageHeadings(strong, weak)


class _Locator:
    """Finds listed headings in the body, in order, after the contents pages.

    A printed page number, shifted by the offset seen on earlier entries, is only a hint: the
    heading must be on that page. Otherwise the first page with the heading in larger type
    wins, then the first with it on a line of its own.
    """

    def __init__(self, pages: list[Page], lines_of: LinesOf, listing: int, after: int) -> None:
        self.pages, self.lines_of = pages, lines_of
        self.listing, self.after = listing, after
        self.cursor, self.offset = after + 1, 0
        self.anchored = False  # whether an offset has been measured yet
        self._cache: dict[int, _PageHeadings] = {}

    def headings(self, number: int) -> _PageHeadings:
        if number not in self._cache:
            page = self.pages[number - 1]
            self._cache[number] = page_headings(page, self.lines_of(number))
        return self._cache[number]

    def first(self, key: str, numbers: Iterable[int]) -> int | None:
        numbers = list(numbers)
        for strong in (True, False):
            for n in numbers:
                ph = self.headings(n)
                if key in (ph.strong if strong else ph.weak):
                    return n
        return None

    def find(self, entry: _Entry) -> int | None:
        key, printed = heading_key(entry.heading), _printed_number(entry.printed)
        hit = None
        if printed is not None and self.anchored:
            guess = printed + self.offset
            if self.cursor <= guess <= len(self.pages):
                ph = self.headings(guess)
                hit = guess if key in ph.strong or key in ph.weak else None
        hit = hit or self.first(key, range(self.cursor, len(self.pages) + 1))
        if hit is None and self.cursor == self.after + 1:
            # Front matter listed before anything was found: an executive summary that
            # precedes the contents page, or the contents page itself (but no other entry:
            # every entry is printed on the contents page).
            own = is_contents_heading(entry.heading)
            hit = self.first(key, (n for n in range(1, self.after + 1) if n < self.listing or own))
        if hit is not None:
            self.cursor = hit
            if printed is not None:
                self.offset, self.anchored = hit - printed, True
        return hit


def _printed_number(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


def contents(pages: list[Page], lines_of: LinesOf) -> list[tuple[str, int | None]]:
    """(heading as listed, PDF page where it starts or None) for each contents entry."""
    where = find_contents_page(pages, lines_of)
    if where is None:
        return []
    page_no, head = where
    entries, last = read_entries(pages, lines_of, page_no, head)
    locator = _Locator(pages, lines_of, page_no, last)
    located = [locator.find(e) for e in entries]
    headings = _without_ordinals([e.heading for e in entries])
    return list(zip(headings, located, strict=True))


_ORDINAL = re.compile(r"^\d\d\s+(?=\S)")


def _without_ordinals(headings: list[str]) -> list[str]:
    """Drop designers' zero-padded ordinals ("01 MRTC History"): they restart in every part,
    so they identify nothing; "I." or "2.1" numbering is structure and stays."""
    if not any(re.match(r"0\d\s", h) for h in headings):
        return headings
    return [_ORDINAL.sub("", h) for h in headings]
