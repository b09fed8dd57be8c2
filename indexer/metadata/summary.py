"""The summary or abstract: the text under its heading on the first pages or the contents."""

from __future__ import annotations

import re

from indexer.metadata import contents as toc
from indexer.metadata.cover import (
    join_lines,
)
from indexer.metadata.document import Document
from indexer.metadata.layout import (
    TextLine,
    is_footer_zone,
    top_down,
)
from indexer.model import (
    ContentsEntry,
    Page,
)
from indexer.text import fold

# Enough to judge a report by in a list of results; a long executive summary is cut here.
SUMMARY_WORDS = 300
# Text under a summary heading starts level with it or lower; the slack (points) absorbs
# boxes of different fonts on one row.
SUMMARY_HEAD_SLACK = 2
# The first line of a summary paragraph has at least this many words (not a date or a name).
SUMMARY_FIRST_WORDS = 4
# A line in the summary's column overlaps it by at least this share of the narrower width.
SUMMARY_COLUMN_OVERLAP = 0.5
# A change of type size beyond this share ends the summary (a heading, a caption, a note).
SUMMARY_SIZE_DRIFT = 0.2
# White space wider than this many type sizes ends the summary (a new block follows).
SUMMARY_GAP = 2.5
# Fewer words under a summary heading are a stub or a pointer elsewhere.
SUMMARY_MIN_WORDS = 15


_SUMMARY_HEADS = {
    "summary", "abstract", "executive summary", "summary of findings", "synopsis",
    "요약", "국문요약", "요약문", "초록",
}  # fmt: skip
_PREFACE_HEADS = {"preface", "foreword"}
_INLINE_SUMMARY = re.compile(r"^(?:abstract|summary|executive summary)\s*[:.—–-]\s*(\S.*)$", re.I)
_SUMMARY_STOP = re.compile(
    r"^(?:key\s*words?|jel\b|acknowledg|introduction|contents|table of contents|references|doi\b"
    r"|corresponding|e-?mail|suggested citation)",
)
_NUMBERED_HEADING = re.compile(r"^\d+(?:\.\d+)*\.?\s+\S+(?:\s+\S+){0,6}$")


def _summary_heading(line: TextLine, heads: set[str]) -> tuple[bool, str]:
    text = line.text
    if re.search(r"[._·]{4,}", text):
        return False, ""  # a contents entry, not the heading itself
    if toc.heading_key(text) in heads or fold(text) in heads:
        return True, ""
    m = _INLINE_SUMMARY.match(text)
    return (True, m.group(1)) if m and heads is _SUMMARY_HEADS else (False, "")


def _summary_lines(head: TextLine, lines: list[TextLine], page: Page) -> list[str]:
    """Lines of the paragraph(s) under `head` in its column, until type size, a heading or a
    wide gap says the summary is over."""
    below = [
        ln
        for ln in top_down(lines)
        if ln is not head and ln.y1 <= head.y1 + SUMMARY_HEAD_SLACK and not is_footer_zone(ln, page)
    ]
    body = next((ln for ln in below if len(ln.text.split()) >= SUMMARY_FIRST_WORDS), None)
    if body is None:
        return []
    texts: list[str] = []
    prev: TextLine | None = None
    left, right = body.x0, body.x1
    for ln in below[below.index(body) :]:
        width = min(ln.x1 - ln.x0, right - left)
        if width <= 0 or min(ln.x1, right) - max(ln.x0, left) < SUMMARY_COLUMN_OVERLAP * width:
            continue  # another column
        drift = abs(ln.size - body.size) > SUMMARY_SIZE_DRIFT * body.size
        if drift or _SUMMARY_STOP.match(fold(ln.text)):
            break
        if _NUMBERED_HEADING.match(ln.text) and texts:
            break  # "1 Introduction" after an abstract
        if prev is not None and prev.gap_below(ln) > SUMMARY_GAP * body.size:
            break
        texts.append(ln.text)
        prev = ln
        if sum(len(t.split()) for t in texts) >= SUMMARY_WORDS:
            break
    return texts


def _trim_words(text: str, limit: int) -> str:
    words = text.split()
    return " ".join(words[:limit])


def find_summary(doc: Document, entries: list[ContentsEntry]) -> str:
    """The text under a summary or abstract heading; failing that, a preface's opening."""
    pages = [p.number for p in doc.front]
    pages += [e.page for e in entries if e.page and toc.heading_key(e.heading) in _SUMMARY_HEADS]
    for heads in (_SUMMARY_HEADS, _PREFACE_HEADS):
        for number in dict.fromkeys(pages):
            text = _summary_on_page(doc, number, heads)
            if text:
                return text
    return ""


def _summary_on_page(doc: Document, number: int, heads: set[str]) -> str:
    lines = doc.lines(number)
    for line in lines:
        is_head, inline = _summary_heading(line, heads)
        if not is_head:
            continue
        texts = [inline] if inline else []
        texts += _summary_lines(line, lines, doc.page(number))
        text = join_lines(texts)
        if len(text.split()) >= SUMMARY_MIN_WORDS:
            return _trim_words(text, SUMMARY_WORDS)
    return ""
