"""Bibliographic metadata (title, type, year, researchers, summary, contents) from extracted pages.

Evidence is read from the cover and the first pages, in order of trust: what is printed on the
cover, then the front matter, then the PDF Info dictionary, which authoring tools fill with file
names, account names and re-export dates and which is only believed when the text confirms it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from indexer.extract.language import document_language
from indexer.extract.scripts import text_warnings
from indexer.metadata import contents as toc
from indexer.metadata import rank
from indexer.metadata.authors import find_byline, find_organisation, names_in_prose
from indexer.metadata.confidence import fill_by_source
from indexer.metadata.cover import (
    Title,
    column_runs,
    is_type_label,
    join_lines,
    series_in,
    title_candidates,
)
from indexer.metadata.dates import PUBLISHED_RE, info_year, line_year
from indexer.metadata.document import MIN_EVIDENCE_CHARS, Document
from indexer.metadata.layout import (
    TextLine,
    is_footer_zone,
    top_down,
)
from indexer.metadata.names import (
    Byline,
    is_person_name,
)
from indexer.metadata.summary import find_summary
from indexer.model import (
    SOURCE_COVER,
    SOURCE_INFO,
    SOURCE_TEXT,
    Candidate,
    ContentsEntry,
    Extraction,
    Metadata,
)
from indexer.text import fold
from indexer.types import PubType, find_type, parse_type

log = logging.getLogger(__name__)
# A title repeated in mixed case elsewhere wraps over at most this many lines.
TITLE_MAX_LINES = 4
# A page whose best title block scores below this holds only a logo, a publisher or a date
# (an image cover): the title is looked for on the next pages.
TITLE_MIN_SCORE = 0.5
# Alternatives kept per field for review: enough to pick from, small enough to store.
MAX_CANDIDATES = 3


# ---------------------------------------------------------------- Info dictionary

_TOOL_TITLE = re.compile(
    r"^microsoft\s+\w+\s*-|\.(?:docx?|dotx?|pptx?|xlsx?|indd|idml|dvi|hwpx?|pdf|tex|rtf|odt|pages"
    r"|qxd|qxp|e?ps|ai|psd|txt|wpd)\s*$|\\|^[a-z]:|^[/~]|\buntitled\b|\bdraft\b"
    r"|do not (?:circulate|cite|quote|distribute)|^slide\s*\d*$|\bpowerpoint presentation\b"
    r"|^\S*_\S*$|^[\w\s]{0,40}\bdocument$",
    re.I,
)


def plausible_info_title(title: str, doc: Document) -> bool:
    """An Info title is believed only if it is not a tool artefact and the text prints it."""
    title = title.strip()
    if (
        len(title) < MIN_EVIDENCE_CHARS
        or _TOOL_TITLE.search(title)
        or not re.search(r"[^\W\d_]{2}", title)
    ):
        return False
    return doc.in_front_text(title)


def plausible_info_author(author: str, doc: Document) -> str:
    """A person named in Info /Author, if the name is well formed and printed in the text."""
    author = " ".join(author.split())
    if re.search(r"[\d;@_/]", author) or not is_person_name(author):
        return ""
    return author if doc.in_front_text(author) else ""


def find_titles(doc: Document, language: str) -> list[Title]:
    """Scored title blocks of the first front page with a convincing one, best first; when no
    page has one, the best of all pages."""
    pooled: list[Title] = []
    for page in doc.front:
        found = title_candidates(doc.lines(page.number), page, language)
        if found and found[0].score >= TITLE_MIN_SCORE:
            return found
        pooled += found
    return sorted(pooled, key=lambda t: -(t.score + rank.W_LATER_PAGE * (t.page - 1)))


# ---------------------------------------------------------------- year


# How far each kind of printed date can be trusted to date the publication (ranks of
# `line_year`): a labelled publication date, a date line on the cover, a copyright line, a date
# line further on, a bare year on the cover. Lower for the later kinds: those also date events.
YEAR_CONFIDENCE = (0.95, 0.9, 0.85, 0.7, 0.75)
# Two different years of the same kind disagree: the choice between them is a guess.
YEAR_DISAGREE = 0.6
# A PDF's creation date dates the file (exports, re-saves), not the publication: offered to a
# reviewer, never stored as the year.
INFO_YEAR_SCORE = 0.2


def _with_row_value(line: TextLine, lines: list[TextLine]) -> str:
    """A date label with its value set to its right in the same row ("Report Date:" | "01/31/
    2008"), as forms and press-release headers print them."""
    text = line.text
    if not PUBLISHED_RE.match(text) or re.search(r"\d", text):
        return text
    right = sorted(
        (ln for ln in lines if ln.x0 > line.x0 and ln.same_row(line)), key=lambda ln: ln.x0
    )
    return f"{text} {right[0].text}" if right else text


def find_years(doc: Document, title_page: int) -> list[tuple[int, str, float]]:
    """Printed years as (year, source, confidence), best first (see `line_year` for the
    ranks), earliest page first; the Info creation year last."""
    hits: list[tuple[int, int, int, int]] = []  # rank, page, position, year
    for page in doc.front:
        lines = top_down(doc.lines(page.number))
        for pos, line in enumerate(lines):
            footer = is_footer_zone(line, page)
            hit = line_year(_with_row_value(line, lines), page.number <= title_page, footer)
            if hit:
                hits.append((hit[0], page.number, pos, hit[1]))
    hits.sort()
    out: list[tuple[int, str, float]] = []
    for kind, number, _, year in hits:
        if any(year == y for y, _, _ in out):
            continue
        conf = YEAR_CONFIDENCE[kind]
        if out or any(r == kind and y != year for r, _, _, y in hits):
            conf = min(conf, YEAR_DISAGREE)
        out.append((year, SOURCE_COVER if number <= title_page else SOURCE_TEXT, conf))
    info = info_year(doc.ex.info)
    if info and all(y != info for y, _, _ in out):
        out.append((info, SOURCE_INFO, INFO_YEAR_SCORE))
    return out


# ---------------------------------------------------------------- series and type


@dataclass
class _Series:
    name: str
    number: str
    page: int


def find_series(doc: Document, title_page: int) -> _Series | None:
    """The first series line, title page first (running headers repeat it later)."""
    order = sorted(doc.front, key=lambda p: (p.number != title_page, p.number))
    for page in order:
        lines = top_down(doc.lines(page.number))
        for text in [ln.text for ln in lines] + column_runs(lines):
            hit = series_in(text)
            if hit:
                return _Series(hit[0], hit[1], page.number)
    return None


def _canonical_series(name: str) -> str:
    t = parse_type(name)
    return t.value if t is not None else " ".join(name.split())


def find_pub_type(series: _Series | None, title: str, cover: list[TextLine]) -> PubType:
    """The type the series line names, else a type label on the cover, else one the title
    names ("Annual Report 2021")."""
    if series is not None:
        t = find_type(series.name)
        if t is not None:
            return t
    for line in cover:
        if is_type_label(line.text):
            t = find_type(line.text)
            if t is not None:
                return t
    return find_type(title) or PubType.OTHER


# ---------------------------------------------------------------- language


def find_language(doc: Document) -> str:
    # Over every page, not the front ones: a Korean edition's colophon may be in English.
    # Page texts can be empty where lines are not (a cover only drawn), hence the fallback.
    pages = document_language(p.text for p in doc.pages)
    return pages or document_language([doc.front_text]) or "en"


# ---------------------------------------------------------------- assembly

T = TypeVar("T")


def _guarded(what: str, fn: Callable[[], T], default: T) -> T:
    """One detector failing on an odd PDF must not cost the others' results."""
    try:
        return fn()
    except Exception:
        log.warning("metadata: %s detection failed", what, exc_info=True)
        return default


def _set(meta: Metadata, name: str, value: Any, source: str) -> None:
    if value:
        setattr(meta, name, value)
        meta.sources[name] = source


def _choose_title(doc: Document, cover: Title | None) -> tuple[str, str]:
    info = doc.ex.info.get("Title", "").strip()
    info_ok = bool(info) and plausible_info_title(info, doc)
    if cover is None:
        return (info, SOURCE_INFO) if info_ok else ("", "")
    text = cover.text
    if info_ok and fold(info) == fold(text) and text.isupper() and not info.isupper():
        return info, SOURCE_INFO  # same title, the Info keeps its capitalisation
    if info_ok and fold(info).startswith(fold(text)) and len(fold(info)) > len(fold(text)):
        return info, SOURCE_INFO  # the cover split off a subtitle the Info still has
    if text.isupper():
        text = _mixed_case(doc, text) or text
    return text, SOURCE_COVER


# An Info title the text confirms has been checked twice over.
INFO_CONFIRMED = 0.9
# A title found only after the first page (an image cover) is worth a reviewer's look.
LATER_PAGE_TITLE = 0.7


def title_confidence(doc: Document, titles: list[Title], source: str) -> float:
    """How sure the title is: its score's margin over rival blocks (blocks sharing no line with
    it), raised when the Info title agrees."""
    if source == SOURCE_INFO:
        return INFO_CONFIRMED
    best = titles[0]
    if best.page > 1:
        # The first page has no convincing title (an image cover): what the text layer offers
        # later is a guess worth a reviewer's look.
        return min(LATER_PAGE_TITLE, rank.confidence(best.score, None))
    used = {ln.order for ln in best.lines}
    rivals = [
        t.score
        for t in titles[1:]
        if t.page == best.page and not used & {ln.order for ln in t.lines}
    ]
    info = doc.ex.info.get("Title", "")
    conf = rank.confidence(best.score, max(rivals, default=None))
    if rank.info_agrees(best.text, info) and plausible_info_title(info, doc):
        conf = max(conf, INFO_CONFIRMED)
    return conf


def _mixed_case(doc: Document, title: str) -> str:
    """The same title printed in mixed case elsewhere in the front matter (a title page
    after an all-capitals cover)."""
    key = fold(title)
    for page in doc.front:
        lines = top_down(doc.lines(page.number))
        for i in range(len(lines)):
            for j in range(i + 1, min(i + TITLE_MAX_LINES + 1, len(lines) + 1)):
                candidate = join_lines([ln.text for ln in lines[i:j]])
                if len(fold(candidate)) > len(key):
                    break
                if fold(candidate) == key and not candidate.isupper():
                    return candidate
    return ""


# How sure a list of researchers is, by how it was found: after a byline label; as lines of
# nothing but names under the title; from the Info author confirmed in the text.
PEOPLE_LABELLED = 0.9
PEOPLE_UNDER_TITLE = 0.8
PEOPLE_FROM_INFO = 0.6


def _apply_people(meta: Metadata, doc: Document, title: Title | None, language: str) -> Byline:
    byline = find_byline(doc, title, language)
    source = SOURCE_COVER if title is not None and byline.page <= title.page else SOURCE_TEXT
    conf = PEOPLE_LABELLED if byline.labelled else PEOPLE_UNDER_TITLE
    if not byline.people:
        author = plausible_info_author(doc.ex.info.get("Author", ""), doc)
        if author:
            people = names_in_prose(" ".join(doc.front_text.split()), author)
            byline.chief, byline.co, source = people[:1], people[1:], SOURCE_INFO
            conf = PEOPLE_FROM_INFO
    _set(meta, "chief", byline.chief, source)
    if byline.chief:
        meta.confidence["chief"] = meta.confidence["co_researchers"] = conf
    _set(meta, "co_researchers", [n for n in byline.co if n not in byline.chief], source)
    return byline


def detect(ex: Extraction) -> Metadata:
    """Best guess at every field from the cover, the first pages and a plausible Info dict."""
    meta = Metadata()
    # Text the fonts could not map is flagged for review rather than stored as if it were read.
    meta.warnings += _guarded(
        "text", lambda: text_warnings((p.number, p.text) for p in ex.pages), []
    )
    doc = _guarded("layout", lambda: Document(ex), None)
    if doc is None or not doc.pages:
        return meta
    language = _guarded("language", lambda: find_language(doc), "en")
    no_titles: list[Title] = []
    titles = _guarded("title", lambda: find_titles(doc, language), no_titles)
    title = titles[0] if titles else None
    text, source = _guarded("title", lambda: _choose_title(doc, title), ("", ""))
    _set(meta, "title", text, source)
    if text:
        meta.confidence["title"] = title_confidence(doc, titles, source)
        meta.candidates["title"] = [
            Candidate(t.text, t.score, SOURCE_COVER) for t in titles[:MAX_CANDIDATES]
        ]
    title_page = title.page if title is not None else 1
    series = _guarded("series", lambda: find_series(doc, title_page), None)
    cover = doc.lines(title_page)
    kind = _guarded("type", lambda: find_pub_type(series, meta.title, cover), PubType.OTHER)
    if kind is not PubType.OTHER:
        _set(meta, "type", kind.value, SOURCE_COVER)
    if series is not None:
        where = SOURCE_COVER if series.page == title_page else SOURCE_TEXT
        _set(meta, "series", _canonical_series(series.name), where)
        _set(meta, "number", series.number, where)
    elif kind is not PubType.OTHER:
        _set(meta, "series", kind.value, SOURCE_COVER)
    no_years: list[tuple[int, str, float]] = []
    years = _guarded("year", lambda: find_years(doc, title_page), no_years)
    meta.candidates["year"] = [Candidate(str(y), c, s) for y, s, c in years[:MAX_CANDIDATES]]
    if years and years[0][1] != SOURCE_INFO:
        _set(meta, "year", years[0][0], years[0][1])
        # The best of several kinds of date is only as sure as its margin over the next.
        meta.confidence["year"] = years[0][2]
    byline = _guarded("people", lambda: _apply_people(meta, doc, title, language), Byline())
    org = _guarded("organisation", lambda: find_organisation(doc, byline, title), ("", ""))
    _set(meta, "organisation", org[0], org[1])
    none: list[tuple[str, int | None]] = []
    entries = _guarded("contents", lambda: toc.contents(doc.pages, doc.lines), none)
    _set(meta, "contents", [ContentsEntry(h, p) for h, p in entries], SOURCE_TEXT)
    _set(meta, "summary", _guarded("summary", lambda: find_summary(doc, meta.contents), ""),
         SOURCE_TEXT)  # fmt: skip
    _set(meta, "language", language, SOURCE_TEXT)
    fill_by_source(meta)
    return meta
