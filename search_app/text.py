"""Text from PDFs made safe to show: Markdown-escaped, with a snippet's marks as highlights."""

from __future__ import annotations

import html
import re

from search_app.backend import MARK_CLOSE, MARK_OPEN

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping them all
# leaves no Markdown, HTML, LaTeX ($) or Streamlit directive (:red[...]) syntax in the text.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
HIGHLIGHT = "orange-background"


def md(text: object) -> str:
    """Any text as Markdown that renders exactly that text, on one line."""
    flat = _SPACE.sub(" ", _CONTROL.sub("", str(text))).strip()
    return _PUNCTUATION.sub(r"\\\1", flat)


def _inline(text: str) -> str:
    """Like `md`, but a leading or trailing space is kept (it separates marked words)."""
    flat = _SPACE.sub(" ", _CONTROL.sub("", text))
    return _PUNCTUATION.sub(r"\\\1", flat)


def snippet_segments(snippet: str) -> list[tuple[str, bool]]:
    """A library snippet (escaped text with <mark>…</mark>) as (plain text, marked) pairs."""
    out: list[tuple[str, bool]] = []
    first, *rest = snippet.split(MARK_OPEN)
    out.append((html.unescape(first), False))
    for piece in rest:
        marked, _, after = piece.partition(MARK_CLOSE)
        out.append((html.unescape(marked), True))
        out.append((html.unescape(after), False))
    return [(text, marked) for text, marked in out if text]


def snippet_md(snippet: str) -> str:
    """A snippet as Markdown: its text escaped, its matched words bold and highlighted."""
    parts = []
    for text, marked in snippet_segments(snippet):
        escaped = _inline(text)
        parts.append(f":{HIGHLIGHT}[**{escaped.strip()}**]" if marked else escaped)
    return "".join(parts).strip()


def plain(markdown: str) -> str:
    """The text an escaped Markdown string shows (for tests and plain-text labels)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)
