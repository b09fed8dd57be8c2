"""The cover and title page: what each line is, the title block, series and type labels."""

from __future__ import annotations

import re
from dataclasses import dataclass

from indexer.metadata import rank
from indexer.metadata.dates import (
    DATE_RE,
    NUMERIC_DATE_RE,
    YEAR_ONLY_RE,
    date_overlaps,
    is_dating_line,
)
from indexer.metadata.layout import (
    BELOW_OVERLAP,
    LARGER_TYPE,
    SAME_SIZE,
    TextLine,
    is_footer_zone,
    strip_marks,
    top_down,
)
from indexer.metadata.names import (
    is_by_label,
    is_strong_byline,
    match_label,
    parse_names,
)
from indexer.model import Page
from indexer.text import fold

# Type labels are short: a kind of document and perhaps a qualifier or two.
LABEL_MAX_WORDS = 5
# A label may carry one word outside the label vocabulary (an acronym, a programme's name).
LABEL_STRAY_WORDS = 1
# More words than this before a series noun make a sentence that mentions a report.
SERIES_MAX_PREFIX_WORDS = 4
# A series name is a few capitalised words before its noun (an acronym, "Working").
SERIES_LEAD_WORDS = 3
# Lines stacked in one column start at the same x, give or take rounding (points).
COLUMN_ALIGN = 2.0
# A stacked label's lines are no further apart than one line of their type.
COLUMN_GAP = 1.0
# How many short lines may follow the first in a stacked label, and how long each may be.
COLUMN_MORE_LINES = 3
COLUMN_LINE_WORDS = 3
# A title needs a few letters; shorter text is a number, an initial or an ornament.
TITLE_MIN_LETTERS = 3
# Case cannot be told from fewer letters than this.
CASE_MIN_LETTERS = 2
# Title lines wrap well before this many words; a longer line is running text.
TITLE_LINE_MAX_WORDS = 14
# White space between wrapped lines of one block is at most this many times their size.
WRAP_GAP = 1.5
# Lines of clearly different sizes (kicker over title, title over subtitle) sit closer.
MIXED_SIZE = 0.5
MIXED_SIZE_GAP = 0.9
# A one- or two-word line (a country, a programme, a year) set in display type within one
# line of its own size of a title line qualifies that title, whatever the size difference.
QUALIFIER_MAX_WORDS = 2
QUALIFIER_GAP = 1.0
# A drop in type size this large between title lines starts a subtitle.
SUBTITLE_SIZE = 0.8

_URL = re.compile(r"https?://|www\.|\S+@\S+\.\w+|\bdoi\b", re.I)
_BOILERPLATE = re.compile(
    r"for official use only|public disclosure authori[sz]ed|\bconfidential\b"
    r"|do not (?:cite|circulate|quote|distribute)|all rights reserved|personal repec archive"
    r"|make your publications visible|\bdisclaimer\b|^\s*draft\b",
    re.I,
)
FRONT_HEADINGS = {
    "contents", "table of contents", "abstract", "summary", "executive summary", "foreword",
    "preface", "acknowledgements", "acknowledgments", "acknowledgement", "introduction",
    "disclaimer", "keywords", "key words", "list of abbreviations", "abbreviations", "acronyms",
    "list of acronyms", "about the authors", "about the researchers", "highlights", "key messages",
    "references", "bibliography",
    "목차", "차례", "요약", "국문요약", "요약문", "초록",
}  # fmt: skip

# Words that make a line a document-type label ("EVALUATION BRIEF", "Research Report").
_LABEL_HEADS = {
    "paper", "papers", "report", "reports", "brief", "briefs", "article", "note", "notes",
    "series", "collection", "study", "document", "presentation", "slides",
}  # fmt: skip
_LABEL_WORDS = _LABEL_HEADS | {
    "working", "discussion", "research", "policy", "issue", "occasional", "technical",
    "background", "evaluation", "final", "special", "annual", "original", "consigned", "case",
    "country", "progress", "synthesis", "briefing", "staff", "interim", "inception", "review",
    "no", "number", "vol", "volume", "draft", "summary", "executive",
}  # fmt: skip
# A series noun, then its number: "Working Paper 1234", "Discussion Paper No. 56", "Report No:
# 52920-MX", "Issue Brief 2021-07".
_SERIES_HEAD = re.compile(
    r"\b(papers?|reports?|briefs?|notes?|collection|series|bulletin|monograph)"
    r"\s*,?\s*(?:no\.?|number|nr\.?|#)?\s*[:.]?\s*(\d[\w]*(?:[-/.][\w]+)*)",
    re.I,
)


def is_type_label(text: str) -> bool:
    """A line that names the kind of document, possibly with a series number, and nothing else."""
    words = fold(text).split()
    if words and re.fullmatch(r"(?:19|20)\d\d", words[-1]):
        return False  # "Annual Report 2021" is a title; "Issue Brief 2021-07" a series line
    words = [w for w in words if not any(c.isdigit() for c in w)]
    if not 1 <= len(words) <= LABEL_MAX_WORDS or not any(w in _LABEL_HEADS for w in words):
        return False
    return sum(w in _LABEL_WORDS for w in words) >= max(1, len(words) - LABEL_STRAY_WORDS)


def _is_byline(text: str) -> bool:
    hit = match_label(text)
    if hit is None:
        return False
    # "BY THE SPANISH CARBON FUND" continues a title; "by Jane Doe" is a byline.
    return not is_by_label(text) or parse_names(hit[1]) is not None


def line_role(line: TextLine) -> str:
    """What a cover line is, when it is not (part of) the title."""
    text = line.text
    folded = fold(text)
    if not folded:
        return "empty"
    if folded in FRONT_HEADINGS or folded.rstrip(" 0123456789") in FRONT_HEADINGS:
        return "heading"
    if _is_byline(text):
        return "byline"
    if _URL.search(text) or _BOILERPLATE.search(text):
        return "furniture"
    if is_dating_line(text):
        return "date"
    if is_type_label(text) or series_in(text) is not None:
        return "label"
    if not re.search(r"[^\W\d_]", text):
        return "year" if YEAR_ONLY_RE.match(text) else "number"
    names = parse_names(text)
    if names is not None and not names.orgs:
        return "names" if len(names.people) > 1 or re.search(r",|\band\b|&", text) else "name"
    return "text"


def series_in(text: str) -> tuple[str, str] | None:
    """("Working Paper", "1234") from a series line such as "ABC Working Paper No. 1234"."""
    for m in _SERIES_HEAD.finditer(text):
        number = m.group(2).rstrip(".")
        if re.fullmatch(r"(?:19|20)\d\d", number) or date_overlaps(text, m.start(2)):
            continue
        words = text[: m.start(1)].split()
        if len(words) > SERIES_MAX_PREFIX_WORDS:
            return None
        lead: list[str] = []
        for w in reversed(words[-SERIES_LEAD_WORDS:]):
            if not w[:1].isupper() or w.endswith((",", ":", ";")):
                break
            lead.insert(0, w)
        return " ".join([*lead, m.group(1)]), number
    return None


def column_runs(lines: list[TextLine]) -> list[str]:
    """Short lines stacked in one column joined ("Research" / "Report" / "2021-02")."""
    ordered = top_down(lines)
    runs: list[str] = []
    for line in ordered:
        text, prev = line.text, line
        for _ in range(COLUMN_MORE_LINES):
            nxt = next(
                (
                    ln
                    for ln in ordered
                    if abs(ln.x0 - prev.x0) < COLUMN_ALIGN
                    and 0 <= prev.gap_below(ln) <= COLUMN_GAP * prev.size
                ),
                None,
            )
            if nxt is None or len(nxt.text.split()) > COLUMN_LINE_WORDS:
                break
            text, prev = f"{text} {nxt.text}", nxt
            runs.append(text)
    return runs


@dataclass
class Title:
    text: str
    page: int
    lines: list[TextLine]
    score: float = 0.0

    @property
    def bottom(self) -> float:
        return min(ln.y0 for ln in self.lines)


def _neighbour(line: TextLine, lines: list[TextLine], below: bool) -> TextLine | None:
    """The largest line of the nearest row above or below `line` that shares its columns."""
    tol = BELOW_OVERLAP * line.height
    if below:
        pool = [ln for ln in lines if ln.y1 <= line.y0 + tol and ln.y0 < line.y0]
    else:
        pool = [ln for ln in lines if ln.y0 >= line.y1 - tol and ln.y1 > line.y1]
    pool = [ln for ln in pool if ln.overlaps_x(line)]
    if not pool:
        return None
    nearest = max(pool, key=lambda ln: ln.y1) if below else min(pool, key=lambda ln: ln.y0)
    row = [ln for ln in pool if ln is nearest or ln.same_row(nearest)]
    return max(row, key=lambda ln: (ln.size, min(ln.x1, line.x1) - max(ln.x0, line.x0)))


def _case_style(text: str) -> bool | None:
    letters = [c for c in text if c.isalpha()]
    return None if len(letters) < CASE_MIN_LETTERS else all(c.isupper() for c in letters)


def _joins(a: TextLine, b: TextLine, roles: dict[int, str]) -> bool:
    """Whether `b`, next to title line `a`, continues the title (wrapped line, subtitle, kicker)."""
    role = roles[b.order]
    big, small = max(a.size, b.size), min(a.size, b.size)
    if role in ("name", "names") and not is_strong_byline(b.text):
        # A name-like line continues a title only in the same size and capitalisation (some
        # covers set the title in capitals and each author right under it, same size).
        styles = (_case_style(a.text), _case_style(b.text))
        if small < SAME_SIZE * big or (None not in styles and styles[0] != styles[1]):
            return False
    elif role not in ("text", "year"):
        return False
    if len(b.text.split()) > TITLE_LINE_MAX_WORDS:
        return False
    gap = a.gap_below(b) if a.y0 >= b.y0 else b.gap_below(a)
    if small >= SAME_SIZE * big:
        return gap <= WRAP_GAP * big
    if small >= MIXED_SIZE * big:
        return gap <= MIXED_SIZE_GAP * big
    # Only a short line set larger than its neighbour qualifies it; a small short line next to a
    # title is a tab, a label or a caption.
    short = a if a.size >= b.size else b
    return len(short.text.split()) <= QUALIFIER_MAX_WORDS and gap <= QUALIFIER_GAP * short.size


def _roles(lines: list[TextLine]) -> dict[int, str]:
    roles = {ln.order: line_role(ln) for ln in lines}
    # "Document of" / "Conducted by:" alone on a line: the line under it is its value.
    for ln in lines:
        hit = match_label(ln.text) if roles[ln.order] == "byline" else None
        if hit is not None and not hit[1].strip():
            below = _neighbour(ln, lines, below=True)
            if below is not None and ln.gap_below(below) <= WRAP_GAP * ln.size:
                roles[below.order] = "byline"
    return roles


def _seed_ok(line: TextLine, role: str) -> bool:
    if sum(c.isalpha() for c in line.text) < TITLE_MIN_LETTERS:
        return False
    if role == "text":
        return True
    # A title may carry its date ("2025년 주요 업무보고", "Annual Report 2021"): it is a seed when
    # words remain besides the date; scoring weighs the date against it.
    rest = NUMERIC_DATE_RE.sub(" ", DATE_RE.sub(" ", line.text))
    return role in ("date", "year") and len(re.findall(r"[^\W\d_]{2,}", rest)) >= 2


class _Neighbours:
    """`_neighbour` over one page's usable lines, each answer worked out once: the seeds of a
    page grow through the same lines, and each question scans the whole page."""

    def __init__(self, lines: list[TextLine]) -> None:
        self.lines = lines
        self._known: dict[tuple[int, bool], TextLine | None] = {}

    def of(self, line: TextLine, below: bool) -> TextLine | None:
        key = (id(line), below)
        if key not in self._known:
            self._known[key] = _neighbour(line, self.lines, below)
        return self._known[key]


def _grow(seed: TextLine, usable: _Neighbours, roles: dict[int, str]) -> list[TextLine]:
    block = [seed]
    for below in (True, False):
        edge = seed
        while (nxt := usable.of(edge, below)) is not None and _joins(edge, nxt, roles):
            if nxt in block:
                break  # degenerate boxes: never loop
            block.append(nxt)
            edge = nxt
    block = top_down(block)
    # A publisher's name over the title is its imprint, not part of the title. An organisation's
    # name ends in its head noun ("... Safety Board"); a title line merely mentioning one
    # ("PROJECT APPRAISAL DOCUMENT") does not.
    while len(block) > 1 and rank.is_imprint(block[0].text):
        block = block[1:]
    return block


def title_candidates(lines: list[TextLine], page: Page, language: str = "en") -> list[Title]:
    """Candidate title blocks on a page, best first: each seed line grown into the lines that
    continue it, scored on size, position, script and what the text is (see `rank`)."""
    usable = [ln for ln in lines if not is_footer_zone(ln, page)]
    roles = _roles(usable)
    seeds = [ln for ln in usable if _seed_ok(ln, roles[ln.order])]
    # A lone name can be a title ("Ticket Resale") when it clearly dominates the page.
    names = [ln for ln in usable if roles[ln.order] in ("name", "names")]
    for ln in names:
        rivals = [o.size for o in seeds + names if o is not ln]
        if not is_strong_byline(ln.text) and ln.size > LARGER_TYPE * max(rivals, default=0.0):
            seeds.append(ln)
    if not seeds:
        return []
    top_size = max(ln.size for ln in seeds)
    found: dict[tuple[int, ...], Title] = {}
    neighbours = _Neighbours(usable)
    for seed in seeds:
        block = _grow(seed, neighbours, roles)
        key = tuple(ln.order for ln in block)
        if key in found:
            continue
        text = _join_title(block)
        feats = rank.title_features(text, block, top_size, page.height, language)
        found[key] = Title(text, page.number, block, round(sum(feats.values()), 3))
    return sorted(found.values(), key=lambda t: -t.score)


def _join_title(block: list[TextLine]) -> str:
    """The title's lines as one string; a change of type size marks a subtitle (": ")."""
    text = ""
    for prev, line in zip([None, *block], block, strict=False):
        part = strip_marks(line.text)
        if prev is not None and not text.endswith((":", ".", "?", "!", "-", "–", "—")):
            small, big = sorted((prev.size, line.size))
            if small < SUBTITLE_SIZE * big:
                text += ":"
        text = join_lines([text, part]) if text else part
    return text


def join_lines(texts: list[str]) -> str:
    """Join wrapped lines; a word hyphenated across a break is rejoined."""
    out = ""
    for raw in texts:
        text = strip_marks(raw)
        if out.endswith("-") and text[:1].islower():
            out += text
        else:
            out = f"{out} {text}" if out else text
    return " ".join(out.split())
