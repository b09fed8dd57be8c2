"""Best pages of a hit and a short passage from each, with the matched words marked.

Works on the whole stored page text (no truncated prefix), analysed with the same analyzer
as the index, so a marked word is exactly a word the query matched.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from indexer.text import HANGUL_SYLLABLES

MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"
WINDOW_CHARS = 240
# Passages sharing this share of the shorter one's words say the same thing: a summary repeats
# its conclusions word for word, and a reader needs to see that sentence once.
NEAR_IDENTICAL = 0.8
# Where a page's text is broken by a line that is not part of it (a running header): passages
# never cross it. The same character as indexer.parts.RUNNING_MARK, which this module does not
# import so that any caller may mark its own breaks.
SEGMENT_BREAK = "\x00"


@dataclass
class Snippet:
    page: int
    text: str  # HTML-escaped page text with matched words inside <mark>…</mark>
    score: float


@dataclass
class _Tok:
    term: str
    start: int
    end: int


Analyse = Callable[[str], Iterable[tuple[str, int, int]]]


def _prefix(term: str) -> str:
    # A stem is nearly always a prefix of the words it comes from once its last letter is
    # dropped ("polici" from "policy").
    return term[: max(3, len(term) - 1)]


# Hangul: the analyzer reads Hangul words joined by single spaces as one run of syllable
# bigrams, so a Korean term can span a space and a word is not analysed on its own.
_HANGUL = re.compile(f"[{HANGUL_SYLLABLES}]")


def _near_spans(text: str, keys: list[str]) -> list[tuple[int, int]]:
    """The words of `text` holding an occurrence of a key, merged, on whitespace boundaries.

    A matched word holds its key (a stem's prefix), and no token of the text analyzer crosses
    whitespace, so the words themselves are all that needs analysing; with a Korean key,
    whose bigrams can span a space, the stretch around each occurrence is analysed instead."""
    pattern = re.compile("|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True)), re.I)
    margin = WINDOW_CHARS if any(_HANGUL.search(k) for k in keys) else 0
    spans: list[tuple[int, int]] = []
    for m in pattern.finditer(text):
        lo, hi = max(0, m.start() - margin), min(len(text), m.end() + margin)
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    out = []
    for lo, hi in spans:
        while lo > 0 and not text[lo - 1].isspace():
            lo -= 1
        while hi < len(text) and not text[hi].isspace():
            hi += 1
        out.append((lo, hi))
    return out


def _tokens(analyse: Analyse, text: str, keys: list[str]) -> list[_Tok]:
    """The analysed words that may match: no other word can be marked or weigh in a passage,
    and analysing a page word by word is what costs time."""
    toks: list[_Tok] = []
    last_end = -1
    for lo, hi in _near_spans(text, keys):
        for term, s, e in analyse(text[lo:hi]):
            if s + lo >= last_end:
                toks.append(_Tok(term, s + lo, e + lo))
        last_end = toks[-1].end if toks else last_end
    return toks


def _best_window(toks: list[_Tok], wanted: dict[str, float]) -> tuple[int, int, float]:
    """Character span of at most WINDOW_CHARS covering the most query weight."""
    hits = [t for t in toks if t.term in wanted]
    best = (0, 0, 0.0)
    j = 0
    for i, first in enumerate(hits):
        j = max(j, i)
        while j + 1 < len(hits) and hits[j + 1].end - first.start <= WINDOW_CHARS:
            j += 1
        window = hits[i : j + 1]
        # Distinct terms count fully, repeats only a little: a passage naming several of the
        # query's words beats one repeating a single word.
        seen: set[str] = set()
        score = 0.0
        for t in window:
            score += wanted[t.term] if t.term not in seen else 0.1 * wanted[t.term]
            seen.add(t.term)
        if score > best[2]:
            best = (first.start, window[-1].end, score)
    return best


def _expand(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span to about WINDOW_CHARS, on word boundaries."""
    spare = max(0, WINDOW_CHARS - (end - start))
    lo = max(0, start - spare // 2)
    hi = min(len(text), end + spare - (start - lo))
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    return lo, hi


def mark(text: str, toks: list[_Tok], wanted: dict[str, float], lo: int, hi: int) -> str:
    """Escape text[lo:hi] and wrap the matched words in <mark>."""
    spans: list[list[int]] = []
    for t in toks:
        if t.term in wanted and t.start >= lo and t.end <= hi:
            # Korean bigrams overlap (난민법: 난민, 민법): one mark over the run they cover.
            if spans and t.start <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], t.end)
            else:
                spans.append([t.start, t.end])
    out: list[str] = []
    pos = lo
    for start, end in spans:
        out.append(html.escape(text[pos:start]))
        out.append(MARK_OPEN + html.escape(text[start:end]) + MARK_CLOSE)
        pos = end
    out.append(html.escape(text[pos:hi]))
    body = " ".join("".join(out).split())
    return ("… " if lo > 0 else "") + body + (" …" if hi < len(text) else "")


def _candidate_pages(pages: list[str], weights: dict[str, float], keep: int) -> list[int]:
    """Indexes of the pages most likely to match, found with substring counts (C speed): a
    page holding no stem prefix cannot match and is never analysed word by word."""
    keys = {term: _prefix(term) for term in weights}
    rough = []
    for i, text in enumerate(pages):
        low = text.lower()
        score = sum(weights[t] * min(low.count(k), 5) for t, k in keys.items())
        if score > 0:
            rough.append((score, i))
    rough.sort(key=lambda si: (-si[0], si[1]))
    return [i for _, i in rough[:keep]]


def page_snippets(
    pages: list[str],
    analyse: Analyse,
    weights: dict[str, float],
    limit: int = 3,
) -> list[Snippet]:
    """The `limit` best pages (by matched query weight) with one marked passage each."""
    scored: list[Snippet] = []
    keys = sorted({_prefix(t) for t in weights})
    # A few spare pages, for those whose passage repeats a better one's.
    for index in _candidate_pages(pages, weights, keep=2 * limit + 1):
        best: Snippet | None = None
        # A passage stays within one stretch of the page between its running lines.
        for text in pages[index].split(SEGMENT_BREAK):
            toks = _tokens(analyse, text, keys)
            start, end, score = _best_window(toks, weights)
            if score <= 0:
                continue
            # Whole-stretch evidence breaks ties between pages with equally good passages.
            total = sum(weights.get(t.term, 0.0) for t in toks)
            lo, hi = _expand(text, start, end)
            found = Snippet(
                index + 1, mark(text, toks, weights, lo, hi), score + 0.01 * math.log1p(total)
            )
            if best is None or found.score > best.score:
                best = found
        if best is not None:
            scored.append(best)
    scored.sort(key=lambda s: (-s.score, s.page))
    return _distinct(scored)[:limit]


def _words(snippet: str) -> set[str]:
    return set(html.unescape(snippet.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")).split())


def _distinct(snippets: list[Snippet]) -> list[Snippet]:
    """Best first, without the passages that nearly repeat a better one."""
    kept: list[tuple[Snippet, set[str]]] = []
    for s in snippets:
        words = _words(s.text) - {"…"}
        if any(
            len(words & other) >= NEAR_IDENTICAL * max(1, min(len(words), len(other)))
            for _, other in kept
        ):
            continue
        kept.append((s, words))
    return [s for s, _ in kept]


def marked_words(snippet: str) -> list[str]:
    """The words a snippet marks, unescaped (for tests and plain-text output)."""
    out = []
    rest = snippet
    while MARK_OPEN in rest:
        _, rest = rest.split(MARK_OPEN, 1)
        word, rest = rest.split(MARK_CLOSE, 1)
        out.append(html.unescape(word))
    return out


def to_plain(snippet: str, open_mark: str = "[", close_mark: str = "]") -> str:
    """A snippet for a terminal: marks as brackets, entities unescaped."""
    text = snippet.replace(MARK_OPEN, "\x00").replace(MARK_CLOSE, "\x01")
    return html.unescape(text).replace("\x00", open_mark).replace("\x01", close_mark)
