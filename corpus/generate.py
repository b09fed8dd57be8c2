"""Generate the sample corpus: MRTC's 40 publications of 2021 and its annual report, as PDFs,
with Korean editions of four Issue Briefs and one image-only scan.

Korean text is set in Nanum Gothic (Debian: fonts-nanum), which the generator requires.
"""

from __future__ import annotations

import argparse
import functools
import io
import random
import re
import subprocess
import sys
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path
from typing import BinaryIO

import tomli_w
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFString
from reportlab.pdfbase.pdfmetrics import registerFont, stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SEED = REPO.parent / "shared" / "seed" / "mrtc-annual-report-2021.txt"
DEFAULT_OUT = Path(__file__).resolve().parent

CENTRE = "Migration Research & Training Centre"
YEAR = 2021
ANNUAL_YEAR = 2022  # the annual report is printed in May 2022
ANNUAL_TITLE = "Annual Report 2021"

# Series in the order the seed lists them, with the counts the issue fixes.
SERIES_COUNTS = {
    "Research Report": 7,
    "Research Collection": 1,
    "Policy Report": 3,
    "Working Paper": 2,
    "Policy Brief": 1,
    "Issue Brief": 26,
}
GENERIC_HEADINGS = ("Background", "Current Situation", "Policy Implications")
BRIEFS = {"Issue Brief", "Policy Brief"}
PAGE_RANGES = {"Issue Brief": (3, 8), "Policy Brief": (3, 8)}
DEFAULT_PAGE_RANGE = (8, 20)
ANNUAL_PAGE_RANGE = (30, 60)

# Spelled out rather than taken from `calendar`, whose names follow the locale.
MONTHS = (
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
)

PAGE_W, PAGE_H = A4
MARGIN = 72.0
TEXT_W = PAGE_W - 2 * MARGIN
TOP = PAGE_H - 90.0
BOTTOM = 80.0

REGULAR = "Helvetica"
BOLD = "Helvetica-Bold"
ITALIC = "Helvetica-Oblique"

# Lines with Hangul are set in Nanum Gothic; everything else keeps the core fonts, so the
# English publications come out exactly as before the Korean editions existed.
HANGUL_FACES = {REGULAR: "NanumGothic", BOLD: "NanumGothic-Bold", ITALIC: "NanumGothic"}
FONT_FILES = {"NanumGothic": "NanumGothic.ttf", "NanumGothic-Bold": "NanumGothicBold.ttf"}
FONT_DIR = Path("/usr/share/fonts/truetype/nanum")  # where Debian's fonts-nanum installs them
FONT_HINT = "the corpus needs the Nanum Gothic fonts (Debian: apt install fonts-nanum)"


# ---------------------------------------------------------------- fonts


class MissingFont(RuntimeError):
    pass


def font_file(face: str) -> Path | None:
    """The TrueType file of a Nanum face, from fonts-nanum's folder or fontconfig."""
    wanted = FONT_FILES[face]
    if (FONT_DIR / wanted).is_file():
        return FONT_DIR / wanted
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", face], capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        return None
    # fc-match answers with its best substitute when the font is absent: check the name.
    return Path(found) if found and Path(found).name == wanted else None


def missing_fonts() -> str:
    """Why the corpus cannot be generated on this machine, or "" when it can."""
    absent = [face for face in FONT_FILES if font_file(face) is None]
    return f"{FONT_HINT}; not found: {', '.join(absent)}" if absent else ""


@functools.cache
def _registered(face: str) -> str:
    path = font_file(face)
    if path is None:
        raise MissingFont(missing_fonts())
    registerFont(TTFont(face, str(path)))
    return face


def has_hangul(text: str) -> bool:
    return any("\uac00" <= c <= "\ud7a3" for c in text)


def face(font: str, text: str) -> str:
    """The font a line of text is set in: a Nanum face when it holds Hangul."""
    return _registered(HANGUL_FACES[font]) if has_hangul(text) else font


# ---------------------------------------------------------------- seed parsing


@dataclass(frozen=True)
class Publication:
    series: str
    number: int  # position within its series, in seed order, from 1
    title: str
    chief: tuple[str, ...]
    co_researchers: tuple[str, ...]
    co_label: str  # "Co-researcher" or "Co-researchers", as the seed words it
    contents: tuple[str, ...]
    summary: str
    language: str = "en"

    @property
    def code(self) -> str:
        return f"{YEAR}-{self.number:02d}"

    @property
    def label(self) -> str:
        return f"{self.series} {self.code}"

    @property
    def file(self) -> str:
        edition = "" if self.language == "en" else f"-{self.language}"
        return f"{self.series.lower().replace(' ', '-')}-{self.code}{edition}.pdf"

    @property
    def words(self) -> Words:
        return WORDS[self.language]

    @property
    def headings(self) -> tuple[str, ...]:
        return self.contents or GENERIC_HEADINGS


@dataclass
class _Draft:
    """A publication while its lines are still being read."""

    series: str
    title: str
    contents: list[str]
    chief: list[str] = field(default_factory=list)
    co: list[str] = field(default_factory=list)
    co_label: str = "Co-researchers"
    summary: str = ""


def read_seed(path: Path) -> list[str]:
    return [line.rstrip() for line in path.read_text(encoding="utf-8").splitlines()]


def _unbold(text: str) -> str:
    return text.replace("**", "").strip()


def _names(text: str) -> list[str]:
    return [n.strip() for n in _unbold(text).split(",") if n.strip()]


def research_section(lines: Sequence[str]) -> list[str]:
    """The non-blank lines describing the 2021 publications, after the per-series tallies."""
    start = lines.index("02. Research Projects in 2021")
    end = lines.index("03. Education and Training Projects in 2021")
    return [s.strip() for s in lines[start + 1 : end] if s.strip()]


def seed_tallies(section: Sequence[str]) -> dict[str, int]:
    """The "N cases" figures the report gives for each series."""
    tallies: dict[str, int] = {}
    for label, count in pairwise(section):
        m = re.fullmatch(r"(\d+) cases", count)
        if m:
            tallies[label] = int(m.group(1))
    return tallies


def _apply_byline(draft: _Draft, line: str) -> None:
    if line.startswith("Chief Researcher"):
        chief, _, co = line.removeprefix("Chief Researcher").partition("Co-researcher")
        draft.chief = _names(chief)
        line = "Co-researcher" + co if co else ""
    if line.startswith("Co-researcher"):
        rest = line.removeprefix("Co-researcher")
        draft.co_label = "Co-researchers" if rest.startswith("s") else "Co-researcher"
        draft.co = _names(rest.removeprefix("s"))


def parse_publications(lines: Sequence[str]) -> list[Publication]:
    section = research_section(lines)
    drafts: list[_Draft] = []
    series = ""
    pending: list[str] = []  # contents read before the title they belong to
    for i, line in enumerate(section):
        following = section[i + 1] if i + 1 < len(section) else ""
        if line in SERIES_COUNTS:
            series = line
        elif following.startswith("Chief Researcher"):
            drafts.append(_Draft(series, line, pending))
            pending = []
        elif line.startswith(("Chief Researcher", "Co-researcher")):
            _apply_byline(drafts[-1], line)
        elif line.startswith("- "):
            entry = _unbold(line[2:])
            if drafts and not drafts[-1].summary:
                drafts[-1].contents.append(entry)
            else:
                pending.append(entry)
        elif drafts and drafts[-1].chief and not drafts[-1].summary:
            drafts[-1].summary = line
    return _number(drafts, seed_tallies(section))


def _number(drafts: Sequence[_Draft], tallies: dict[str, int]) -> list[Publication]:
    counts = Counter(d.series for d in drafts)
    assert len(drafts) == 40, f"expected 40 publications, found {len(drafts)}"
    assert dict(counts) == SERIES_COUNTS, f"series counts {dict(counts)}"
    for series, count in SERIES_COUNTS.items():
        assert tallies.get(series) == count, f"seed says {tallies.get(series)} {series}"
    seen: Counter[str] = Counter()
    pubs = []
    for d in drafts:
        assert d.chief and d.summary, f"incomplete entry: {d.title}"
        seen[d.series] += 1
        pubs.append(
            Publication(
                d.series, seen[d.series], d.title, tuple(d.chief), tuple(d.co), d.co_label,
                tuple(d.contents), d.summary,
            )
        )  # fmt: skip
    return pubs


# ---------------------------------------------------------------- text shaping


def normalise(text: str) -> str:
    return " ".join(text.split())


def split_sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.?!])\s+(?=[A-Z0-9‘“'\"(\uac00-\ud7a3])", text.strip())


def _cuts(text: str, pattern: str) -> list[int]:
    cuts = [m.start() + len(m.group(1)) for m in re.finditer(pattern, text)]
    return [c for c in cuts if len(text[:c].split()) >= 4 and len(text[c:].split()) >= 4]


def _split_clause(text: str) -> tuple[str, str] | None:
    """Cut a sentence at the clause boundary nearest its middle: punctuation, else a conjunction."""
    cuts = _cuts(text, r"([,;:]) ") or _cuts(text, r"( )(?:and|as|which|that|while|to) ")
    if not cuts:
        return None
    cut = min(cuts, key=lambda c: abs(2 * c - len(text)))
    return text[:cut].strip(), text[cut:].strip()


def fragments(summary: str, minimum: int) -> list[str]:
    """Summary sentences; too few for the chapters, then the longest are cut into clauses."""
    parts = split_sentences(summary)
    while len(parts) < minimum:
        for i in sorted(range(len(parts)), key=lambda j: -len(parts[j])):
            halves = _split_clause(parts[i])
            if halves:
                parts[i : i + 1] = list(halves)
                break
        else:
            raise AssertionError(f"cannot cut {summary!r} into {minimum} parts")
    return parts


# Words too common in this corpus to tie a sentence to a heading.
_STOP = frozenset(
    {"about", "after", "also", "among", "based", "been", "being", "between", "from", "into"}
    | {"more", "most", "such", "than", "that", "their", "there", "these", "they", "this"}
    | {"those", "through", "under", "what", "when", "which", "while", "with"}
)


def _stems(text: str) -> set[str]:
    words = re.findall(r"[a-z][a-z-]{3,}", text.lower())
    return {w[:5] for w in words if w not in _STOP}


def partition(sentences: Sequence[str], headings: Sequence[str]) -> list[list[str]]:
    """Share sentences out in order, each chapter non-empty, favouring word overlap with headings.

    A dynamic programme over cut points: relevance is the number of word stems a sentence
    shares with its chapter heading, with a small penalty for lopsided chapters.
    """
    n, k = len(sentences), len(headings)
    assert n >= k
    score = [[len(_stems(h) & _stems(s)) for s in sentences] for h in headings]
    ideal = n / k
    best: dict[tuple[int, int], tuple[float, int]] = {(0, 0): (0.0, 0)}
    for c in range(1, k + 1):
        for j in range(c, n - (k - c) + 1):
            options = []
            for i in range(c - 1, j):
                if (c - 1, i) in best:
                    gain = sum(score[c - 1][i:j]) - 0.25 * (j - i - ideal) ** 2
                    options.append((best[(c - 1, i)][0] + gain, i))
            best[(c, j)] = max(options, key=lambda o: (o[0], -o[1]))
    cuts = [n]
    for c in range(k, 0, -1):
        cuts.append(best[(c, cuts[-1])][1])
    cuts.reverse()
    return [list(sentences[a:b]) for a, b in pairwise(cuts)]


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap on spaces only, so no word or name is ever split."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if current and stringWidth(trial, face(font, trial), size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


def short_title(title: str) -> str:
    """Running-header title: the main title before any colon, cut near 45 characters."""
    head = title.split(":")[0].strip()
    if len(head) <= 48:
        return head
    cut = head[:45].rsplit(" ", 1)[0]
    return cut + "…"


# ---------------------------------------------------------------- PDF Info


@dataclass(frozen=True)
class InfoSpec:
    kind: str  # "correct", "wrong" or "none"
    entries: tuple[tuple[str, str], ...]


class _ExactInfo(PDFInfo):  # type: ignore[misc]
    """An Info dictionary holding exactly the given keys: reportlab's defaults
    ('untitled', 'anonymous', today's date) would otherwise fill in every gap."""

    def __init__(self, entries: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.entries = tuple(entries)

    def digest(self, md5object: object) -> None:
        for key, value in self.entries:
            md5object.update(f"{key}={value}".encode())  # type: ignore[attr-defined]

    def format(self, document: object) -> bytes:
        pairs = {key: PDFString(value) for key, value in self.entries}
        return PDFDictionary(pairs).format(document)  # type: ignore[no-any-return]


WRONG_TITLES = (
    "Microsoft Word - final_v3.docx",
    "C:\\Users\\mrtc\\Desktop\\IB_draft2.hwp",
    "Draft - do not circulate",
    "Microsoft Word - report_layout_rev2.docx",
    "PowerPoint Presentation",
    "D:\\MRTC\\2021\\print\\cover_final.indd",
)
WRONG_AUTHORS = ("user", "mrtc", "Administrator", "designteam", "MRTC-PC", "owner")
PRODUCERS = ("Hancom PDF 1.3.0.542", "Microsoft Word 2016", "Adobe PDF Library 15.0")


def pdf_date(year: int, month: int, day: int) -> str:
    return f"D:{year:04d}{month:02d}{day:02d}093000+09'00'"


def info_kind(position: int) -> str:
    return ("correct", "wrong", "none")[position % 3]


def info_spec(kind: str, position: int, title: str, author: str, month: int) -> InfoSpec:
    """Metadata as real files carry it: right, left over from a draft, or stripped."""
    rank = position // 3  # position within its kind, so each kind cycles through its variants
    producer = PRODUCERS[rank % len(PRODUCERS)]
    if kind == "correct":
        date = pdf_date(YEAR, month, 1 + rank % 27)
        return InfoSpec(
            kind,
            (("Title", title), ("Author", author), ("Producer", producer),
             ("CreationDate", date), ("ModDate", date)),
        )  # fmt: skip
    if kind == "wrong":
        entries = [("Title", WRONG_TITLES[rank % len(WRONG_TITLES)])]
        entries.append(("Author", WRONG_AUTHORS[rank % len(WRONG_AUTHORS)]))
        entries.append(("Producer", producer))
        # A re-export years later, or no dates at all: the year is then only on the cover.
        if rank % 2:
            entries.append(("CreationDate", pdf_date(2023, 3, 14)))
        return InfoSpec(kind, tuple(entries))
    return InfoSpec(kind, (("Producer", producer),) if rank % 2 else ())


# ---------------------------------------------------------------- page writer


@dataclass(frozen=True)
class Style:
    font: str = REGULAR
    size: float = 10.5
    leading: float = 15.0


BODY = Style()
SMALL = Style(REGULAR, 9, 12.5)
HEADING = Style(BOLD, 16, 20)
SUBHEADING = Style(BOLD, 11, 15)
BYLINE = Style(ITALIC, 10, 14)
TABLE = Style(REGULAR, 8, 10.5)


@dataclass(frozen=True)
class Drawn:
    """Text put on a page, kept so that a scan of the page can be drawn from it."""

    x: float
    y: float
    text: str
    font: str
    size: float
    align: str


@dataclass(frozen=True)
class Rule:
    x0: float
    y0: float
    x1: float
    y1: float
    width: float


class Book:
    """A reportlab canvas that also remembers the text it put on each page."""

    def __init__(self, target: Path | BinaryIO, info: InfoSpec, header: tuple[str, str]) -> None:
        self.canvas = Canvas(
            str(target) if isinstance(target, Path) else target,
            pagesize=A4,
            invariant=1,
            pageCompression=0,
        )
        self.canvas._doc.info = _ExactInfo(info.entries)
        self.header = header
        self.pages: list[list[str]] = []
        self.drawn: list[list[Drawn | Rule]] = []
        self.y = TOP

    @property
    def page(self) -> int:
        return len(self.pages)

    def new_page(self, furniture: bool = True) -> None:
        if self.pages:
            self.canvas.showPage()
        self.pages.append([])
        self.drawn.append([])
        self.y = TOP
        if furniture:
            self._furniture()

    def _furniture(self) -> None:
        left, right = self.header
        self.put(MARGIN, PAGE_H - 50, left, REGULAR, 8)
        self.put(PAGE_W - MARGIN, PAGE_H - 50, right, REGULAR, 8, align="right")
        self.rule(MARGIN, PAGE_H - 56, PAGE_W - MARGIN, PAGE_H - 56, 0.5)
        self.put(PAGE_W / 2, 40, str(self.page), REGULAR, 9, align="centre")

    def rule(self, x0: float, y0: float, x1: float, y1: float, width: float) -> None:
        self.canvas.setLineWidth(width)
        self.canvas.line(x0, y0, x1, y1)
        self.drawn[-1].append(Rule(x0, y0, x1, y1, width))

    def put(
        self, x: float, y: float, text: str, font: str, size: float, align: str = "left"
    ) -> None:
        self.canvas.setFont(face(font, text), size)
        self.drawn[-1].append(Drawn(x, y, text, font, size, align))
        if align == "right":
            self.canvas.drawRightString(x, y, text)
        elif align == "centre":
            self.canvas.drawCentredString(x, y, text)
        else:
            self.canvas.drawString(x, y, text)
        self.pages[-1].append(text)

    def room(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.new_page()

    def lines(self, lines: Sequence[str], style: Style, x: float = MARGIN) -> None:
        for line in lines:
            self.room(style.leading)
            self.put(x, self.y, line, style.font, style.size)
            self.y -= style.leading

    def paragraph(
        self, text: str, style: Style = BODY, indent: float = 0.0, after: float = 8.0
    ) -> None:
        lines = wrap(text, style.font, style.size, TEXT_W - indent)
        if len(lines) <= 8:  # keep short blocks, titles above all, on one page
            self.room(style.leading * len(lines))
        self.lines(lines, style, MARGIN + indent)
        self.y -= after

    def heading(self, text: str, style: Style = HEADING) -> None:
        """A heading never ends a page: it moves over with the text it introduces."""
        lines = wrap(text, style.font, style.size, TEXT_W)
        self.room(style.leading * len(lines) + 3 * BODY.leading)
        self.paragraph(text, style, after=4)

    def save(self) -> None:
        self.canvas.showPage()
        self.canvas.save()

    def text(self, page: int) -> str:
        return normalise(" ".join(self.pages[page - 1]))


# ---------------------------------------------------------------- publications


@dataclass(frozen=True)
class Colophon:
    """The publisher's block of the seed, reused on every publication."""

    director: str
    publisher: str
    address: str
    contact: str
    copyright: str


def read_colophon(lines: Sequence[str]) -> Colophon:
    def first(prefix: str) -> str:
        return next(s.strip() for s in lines if s.strip().startswith(prefix))

    return Colophon(
        first("Publishing Director"),
        first("Publisher "),
        first("Annex Building"),
        first("T +82"),
        first("Copyright"),
    )


@dataclass(frozen=True)
class Words:
    """What a publication prints in its own language around the text of the seed."""

    centre: str
    chief: str
    co: str  # "" for English, whose label follows the seed ("Co-researcher(s)")
    contents: str
    summary: str
    about_one: str
    about_many: str


WORDS = {
    "en": Words(
        CENTRE, "Chief Researcher", "", "Contents", "Summary",
        "About the researcher", "About the researchers",
    ),
    "ko": Words(
        "IOM이민정책연구원", "책임연구원", "공동연구원", "목차", "요약", "연구진", "연구진",
    ),
}  # fmt: skip


def prepared_by(pub: Publication, plural: bool) -> str:
    if pub.language == "ko":
        return f"이 보고서는 {pub.words.centre} 연구진이 작성하였다."
    who = "The researchers" if plural else "The researcher"
    return f"{who} prepared this {pub.series.lower()} at the {CENTRE}."


def month_of(pub: Publication) -> int:
    """Spread each series over the year in seed order."""
    return 1 + (pub.number - 1) * 12 // SERIES_COUNTS[pub.series]


def _byline(pub: Publication) -> list[tuple[str, str]]:
    rows = [(pub.words.chief, ", ".join(pub.chief))]
    if pub.co_researchers:
        rows.append((pub.words.co or pub.co_label, ", ".join(pub.co_researchers)))
    return rows


def title_lines(title: str, size: float, width: float) -> list[str]:
    """A subtitle after a colon always starts a new line, as designers set them."""
    head, colon, tail = title.partition(": ")
    if not colon:
        return wrap(title, BOLD, size, width)
    return wrap(head + ":", BOLD, size, width) + wrap(tail, BOLD, size, width)


def title_size(title: str, two_column: bool) -> float:
    size = 26.0 if len(title) <= 50 else 22.0 if len(title) <= 100 else 19.0
    return size - 2 if two_column else size


def cover_single(book: Book, pub: Publication) -> None:
    book.put(MARGIN, PAGE_H - 80, pub.words.centre, REGULAR, 12)
    book.put(MARGIN, PAGE_H - 110, pub.label, BOLD, 14)
    book.rule(MARGIN, PAGE_H - 124, PAGE_W - MARGIN, PAGE_H - 124, 2)
    size = title_size(pub.title, False)
    y = PAGE_H - 240
    for line in title_lines(pub.title, size, TEXT_W):
        book.put(MARGIN, y, line, BOLD, size)
        y -= size * 1.2
    y -= 30
    for label, names in _byline(pub):
        for line in wrap(f"{label} {names}", REGULAR, 11, TEXT_W):
            book.put(MARGIN, y, line, REGULAR, 11)
            y -= 15
    book.put(PAGE_W - MARGIN, 90, str(YEAR), BOLD, 14, align="right")


def cover_two_column(book: Book, pub: Publication) -> None:
    """Series band on the left, title and researchers on the right."""
    c = book.canvas
    c.setFillColorRGB(0.12, 0.27, 0.45)
    c.rect(0, 0, 190, PAGE_H, stroke=0, fill=1)
    c.setFillColorRGB(1, 1, 1)
    y = PAGE_H - 120
    for line in wrap(pub.series, BOLD, 15, 140):
        book.put(30, y, line, BOLD, 15)
        y -= 19
    book.put(30, y - 6, pub.code, REGULAR, 15)
    book.put(30, 70, str(YEAR), BOLD, 14)
    c.setFillColorRGB(0, 0, 0)
    x, width = 220.0, PAGE_W - 220 - 50
    book.put(x, PAGE_H - 80, pub.words.centre, REGULAR, 11)
    size = title_size(pub.title, True)
    y = PAGE_H - 260
    for line in title_lines(pub.title, size, width):
        book.put(x, y, line, BOLD, size)
        y -= size * 1.2
    y -= 30
    for label, names in _byline(pub):
        book.put(x, y, label, BOLD, 10)
        y -= 14
        for line in wrap(names, REGULAR, 11, width):
            book.put(x, y, line, REGULAR, 11)
            y -= 15
        y -= 6


def colophon_lines(colophon: Colophon, month: int) -> list[str]:
    return [
        colophon.director,
        colophon.publisher,
        colophon.address,
        colophon.contact,
        f"Publication Date {MONTHS[month - 1]} {YEAR}",
        colophon.copyright,
    ]


def colophon_page(book: Book, pub: Publication, colophon: Colophon) -> None:
    book.new_page()
    book.y = PAGE_H / 2
    book.paragraph(pub.title, SUBHEADING)
    book.paragraph(pub.label, SMALL, after=16)
    for line in colophon_lines(colophon, month_of(pub)):
        book.paragraph(line, SMALL, after=3)


def contents_page(
    book: Book, entries: Sequence[tuple[str, int]], heading: str = "Contents"
) -> None:
    """Headings left, page numbers at the right margin, one entry per block."""
    book.new_page()
    book.paragraph(heading, HEADING, after=18)
    for heading, page in entries:
        lines = wrap(heading, REGULAR, 11, TEXT_W - 70)
        book.room(15 * len(lines))
        book.put(PAGE_W - MARGIN, book.y, str(page), REGULAR, 11, align="right")
        book.lines(lines, Style(REGULAR, 11, 15))
        book.y -= 8


def brief_publication_block(book: Book, pub: Publication, colophon: Colophon) -> None:
    book.y = 200
    for line in colophon_lines(colophon, month_of(pub)):
        book.paragraph(line, SMALL, after=2)


def summary_page(book: Book, summary: str, heading: str = "Summary") -> None:
    book.new_page()
    book.paragraph(heading, HEADING, after=14)
    book.paragraph(summary)


def chapter_pages(book: Book, pub: Publication) -> list[tuple[str, int]]:
    headings = pub.headings
    shares = partition(fragments(pub.summary, len(headings)), headings)
    placed = []
    for heading, sentences in zip(headings, shares, strict=True):
        book.new_page()
        placed.append((heading, book.page))
        book.paragraph(heading, after=14, style=HEADING)
        book.paragraph(" ".join(sentences))
    return placed


def researchers_page(book: Book, pub: Publication) -> None:
    book.new_page()
    plural = len(pub.chief) + len(pub.co_researchers) > 1
    words = pub.words
    book.paragraph(words.about_many if plural else words.about_one, HEADING, after=14)
    for label, names in _byline(pub):
        book.paragraph(label, SUBHEADING, after=4)
        for name in names.split(", "):
            book.paragraph(name, BODY, indent=12, after=2)
        book.y -= 10
    book.paragraph(prepared_by(pub, plural))


def has_researchers_page(pub: Publication) -> bool:
    # Briefs are tight on space: only some Issue Briefs close with one.
    return pub.series not in BRIEFS or (pub.series == "Issue Brief" and pub.number % 2 == 1)


def layout_publication(book: Book, pub: Publication, colophon: Colophon) -> list[tuple[str, int]]:
    """Draw every page; return where each contents heading landed."""
    book.new_page(furniture=False)
    (cover_two_column if pub.number % 3 == 2 else cover_single)(book, pub)
    brief = pub.series in BRIEFS
    if not brief:
        colophon_page(book, pub, colophon)
    first_chapter = book.page + 3  # contents, then summary, then chapters
    n = len(pub.headings)
    listed = [(h, first_chapter + i) for i, h in enumerate(pub.headings)]
    contents_page(book, listed, pub.words.contents)
    if brief:
        brief_publication_block(book, pub, colophon)
    summary_page(book, pub.summary, pub.words.summary)
    placed = chapter_pages(book, pub)
    assert [p for _, p in placed] == list(range(first_chapter, first_chapter + n)), placed
    if has_researchers_page(pub):
        researchers_page(book, pub)
    return placed


# ---------------------------------------------------------------- catalog and checks


@dataclass(frozen=True)
class Entry:
    """One row of catalog.toml."""

    file: str
    series: str
    number: str
    title: str
    type: str
    year: int
    chief: tuple[str, ...]
    co_researchers: tuple[str, ...]
    pages: int
    info: str
    summary: str
    contents: tuple[tuple[str, int], ...]
    language: str = "en"
    edition_of: str = ""  # a translation: the file of the original edition
    scan_of: str = ""  # an image-only scan: the file it is a scan of

    def to_toml(self) -> dict[str, object]:
        row: dict[str, object] = dict(self.__dict__)
        row["chief"] = list(self.chief)
        row["co_researchers"] = list(self.co_researchers)
        row["contents"] = [{"heading": h, "page": p} for h, p in self.contents]
        for optional in ("edition_of", "scan_of"):
            if not row[optional]:
                del row[optional]
        return row


def check_book(book: Book, entry: Entry, page_range: tuple[int, int]) -> None:
    """Fail generation, not just the tests, when a layout breaks the corpus's promises."""
    texts = [book.text(p) for p in range(1, book.page + 1)]
    low, high = page_range
    assert low <= len(texts) <= high, f"{entry.file}: {len(texts)} pages"
    assert len(set(texts)) == len(texts), f"{entry.file}: repeated page"
    headings = [normalise(h) for h, _ in entry.contents]
    toc = next(i for i, t in enumerate(texts) if all(h in t for h in headings))
    for heading, page in zip(headings, (p for _, p in entry.contents), strict=True):
        assert heading in texts[page - 1], f"{entry.file}: {heading!r} not on page {page}"
        for earlier in range(toc + 1, page - 1):
            assert heading not in texts[earlier], f"{entry.file}: {heading!r} early"


def write_publication(pub: Publication, position: int, out: Path, colophon: Colophon) -> Entry:
    kind = info_kind(position)
    info = info_spec(kind, position, pub.title, ", ".join(pub.chief), month_of(pub))
    book = Book(out / pub.file, info, (pub.label, short_title(pub.title)))
    placed = layout_publication(book, pub, colophon)
    original = replace(pub, language="en").file if pub.language != "en" else ""
    entry = Entry(
        pub.file, pub.series, pub.code, pub.title, pub.series, YEAR, pub.chief,
        pub.co_researchers, book.page, kind, pub.summary, tuple(placed), pub.language, original,
    )  # fmt: skip
    check_book(book, entry, PAGE_RANGES.get(pub.series, DEFAULT_PAGE_RANGE))
    book.save()
    return entry


# ---------------------------------------------------------------- annual report


@dataclass(frozen=True)
class TocEntry:
    heading: str  # as the catalog and the contents page give it
    number: str  # "01".."04" for sections, "" otherwise
    part: bool

    @property
    def key(self) -> str:
        return heading_key(self.heading)


def heading_key(text: str) -> str:
    """Compare headings with numbering, parentheticals and spacing set aside."""
    text = re.sub(r"^(?:[IVX]+\.|\d\d\.?)\s+", "", normalise(text))
    return normalise(re.sub(r"\([^)]*\)", " ", text))


def parse_toc(lines: Sequence[str]) -> list[TocEntry]:
    start = lines.index("CONTENTS")
    entries = []
    for line in lines[start + 1 :]:
        if line.startswith("--"):
            break
        if re.match(r"[IVX]+\. ", line):
            entries.append(TocEntry(line.strip(), "", True))
        elif m := re.fullmatch(r"(?:(\d\d) )?(.+?)\t\d+", line.strip()):
            entries.append(TocEntry(m.group(2).strip(), m.group(1) or "", False))
    return entries


def blocks(lines: Sequence[str]) -> Iterator[list[str]]:
    """Runs of non-blank lines, the seed's paragraphs, tables and lists."""
    block: list[str] = []
    for line in lines:
        if line.strip():
            block.append(line.strip())
        elif block:
            yield block
            block = []
    if block:
        yield block


def is_subheading(line: str) -> bool:
    return len(line) <= 200 and not line.endswith((".", ":"))


TABLE_WIDTHS = (28.0, 112.0, 210.0, 101.0)


def draw_table_row(book: Book, cells: Sequence[str]) -> None:
    widths = TABLE_WIDTHS if len(cells) == 4 else (TEXT_W / len(cells),) * len(cells)
    style = Style(BOLD, 8, 10.5) if cells[0] == "No." else TABLE
    wrapped = [wrap(c, style.font, style.size, w - 6) for c, w in zip(cells, widths, strict=True)]
    height = max(len(w) for w in wrapped) * style.leading
    book.room(height + 4)
    x = MARGIN
    for cell_lines, width in zip(wrapped, widths, strict=True):
        for i, line in enumerate(cell_lines):
            book.put(x, book.y - i * style.leading, line, style.font, style.size)
        x += width
    book.y -= height + 4


class AnnualReport:
    """Lays out the seed text itself, section by section."""

    def __init__(self, book: Book, toc: Sequence[TocEntry]) -> None:
        self.book = book
        self.toc = list(toc)
        self.placed: list[tuple[str, int]] = []

    def start_section(self, entry: TocEntry, printed: str) -> None:
        self.book.new_page()
        self.placed.append((entry.heading, self.book.page))
        if entry.part:
            self.book.y = PAGE_H * 0.6
            self.book.paragraph(entry.heading, Style(BOLD, 24, 29), after=20)
        else:
            self.book.paragraph(printed, HEADING, after=14)

    def block(self, block: Sequence[str]) -> None:
        joined = _unbold(" ".join(block))
        upcoming = self.toc[len(self.placed)] if len(self.placed) < len(self.toc) else None
        if upcoming and heading_key(joined) == upcoming.key:
            self.start_section(upcoming, joined)
        elif any("\t" in line for line in block):
            for row in block:
                draw_table_row(self.book, [_unbold(c) for c in row.split("\t")])
            self.book.y -= 8
        elif all(line.startswith("- ") for line in block):
            self.bullets(block)
        else:
            for line in block:
                self.line(_unbold(line))

    def bullets(self, block: Sequence[str]) -> None:
        # The part pages' lists of their sections repeat the contents page: leave them out.
        if all(re.match(r"- \d\d\.\*\*", line) for line in block):
            return
        for line in block:
            self.book.paragraph("– " + _unbold(line[2:]), indent=10, after=3)
        self.book.y -= 6

    def line(self, line: str) -> None:
        if line.startswith(("Chief Researcher", "Co-researcher")):
            self.book.paragraph(line, BYLINE, after=6)
        elif is_subheading(line) and not re.fullmatch(r"\d+ cases", line):
            self.book.heading(line, SUBHEADING)
        else:
            self.book.paragraph(line)


def annual_cover(book: Book, colophon_date: str) -> None:
    book.put(MARGIN, PAGE_H - 80, CENTRE, REGULAR, 13)
    book.put(MARGIN, PAGE_H - 300, ANNUAL_TITLE, BOLD, 34)
    book.put(MARGIN, PAGE_H - 340, "Research, Education and Cooperation", REGULAR, 14)
    book.put(MARGIN, 90, colophon_date, REGULAR, 12)


def annual_front(book: Book, front: Sequence[list[str]]) -> None:
    """Colophon page, then the Director's message, as the seed orders them."""
    colophon = [b for b in front if b[0].startswith(("Publishing Director", "Copyright"))]
    book.new_page()
    book.y = PAGE_H / 2
    for block in colophon:
        for line in block:
            book.paragraph(line, SMALL, after=3)
    book.new_page()
    rest = [b for b in front if b not in colophon and b != [CENTRE]]
    for block in rest:
        for line in block:
            style = HEADING if line == "Director's Message" else BODY
            book.paragraph(line, style)


def annual_summary(lines: Sequence[str]) -> str:
    """The preface's opening paragraph says what the report is for."""
    start = lines.index("Preface")
    return next(s.strip() for s in lines[start + 1 :] if s.strip())


def annual_info(position: int) -> InfoSpec:
    """Correct metadata, dated from its printing in May 2022."""
    spec = info_spec("correct", position, ANNUAL_TITLE, CENTRE, 5)
    date = pdf_date(ANNUAL_YEAR, 5, 20)
    return InfoSpec(
        spec.kind, tuple((k, date if k.endswith("Date") else v) for k, v in spec.entries)
    )


def layout_annual(book: Book, lines: Sequence[str], pages: Sequence[int]) -> list[tuple[str, int]]:
    """Draw the annual report; `pages` are the contents page's numbers (zeros on a dry run)."""
    toc = parse_toc(lines)
    contents_at = lines.index("CONTENTS")
    body_at = next(i for i in range(contents_at, len(lines)) if lines[i].startswith("--")) + 1
    book.new_page(furniture=False)
    annual_cover(book, next(s for s in lines if s.startswith("Publication Date")).strip())
    annual_front(book, list(blocks(lines[:contents_at])))
    listed = [f"{t.number} {t.heading}".strip() for t in toc]
    contents_page(book, list(zip(listed, pages, strict=True)))
    report = AnnualReport(book, toc)
    for block in blocks(lines[body_at:]):
        report.block(block)
    assert len(report.placed) == len(toc), f"sections found: {report.placed}"
    return report.placed


def write_annual(lines: Sequence[str], out: Path, position: int) -> Entry:
    # The contents page comes before the sections it points to: a dry run finds their pages.
    dry = Book(io.BytesIO(), InfoSpec("none", ()), (ANNUAL_TITLE, CENTRE))
    pages = [p for _, p in layout_annual(dry, lines, [0] * len(parse_toc(lines)))]
    info = annual_info(position)
    file = "annual-report-2021.pdf"
    book = Book(out / file, info, (ANNUAL_TITLE, CENTRE))
    placed = layout_annual(book, lines, pages)
    assert [p for _, p in placed] == pages
    entry = Entry(
        file, "Annual Report", "", ANNUAL_TITLE, "Annual Report", ANNUAL_YEAR, (), (),
        book.page, info.kind, annual_summary(lines), tuple(placed),
    )  # fmt: skip
    check_book(book, entry, ANNUAL_PAGE_RANGE)
    book.save()
    return entry


# ---------------------------------------------------------------- Korean editions


@dataclass(frozen=True)
class KoreanEdition:
    """A Korean edition of a seed publication: its own title and summary, the researchers'
    names in Hangul, the contents in Korean."""

    original: str  # file of the English edition
    title: str
    chief: tuple[str, ...]
    summary: str


KOREAN_HEADINGS = ("배경", "현황", "정책적 시사점")  # Background, Current Situation, Policy Impl.

KOREAN_EDITIONS = (
    KoreanEdition(
        "issue-brief-2021-02.pdf",
        "외국인 대상 코로나19 백신 접종 관련 쟁점",
        ("박현민",),
        "코로나19 백신 접종이 시작되면서 길고 어두운 코로나19 팬데믹의 터널도 끝이 머지않았다. "
        "그러나 백신 접종에서 체류자격에 따른 차별이 발생한다면 인도적 측면뿐 아니라 국내의 "
        "집단 방역을 확립하는 데에도 걸림돌이 될 것이다. 코로나19 백신에 대한 평등하고 보편적인 "
        "접근이라는 국제사회의 원칙에 따라 국내에서도 체류자격과 관계없이 모든 사람에게 차별 "
        "없는 백신 접종이 이루어져야 하며, 이를 위해 사회적 갈등을 예방하는 선제적 조치가 "
        "마련되어야 한다.",
    ),
    KoreanEdition(
        "issue-brief-2021-04.pdf",
        "이주민의 건강권 증진 방안",
        ("장주영",),
        "코로나19 팬데믹으로 전 세계에서 이주민의 건강권에 관한 논의가 활발해졌다. 건강권의 "
        "일환으로 이주민이 보건의료 서비스에 실질적으로 접근하려면 감염병 유행 시기뿐 아니라 "
        "평상시에도 접근을 보장하는 보건의료 체계를 구축하고 운영하는 것이 매우 중요하다. 이 "
        "브리프에서는 이주민의 보건의료 서비스 이용에 영향을 미치는 요인을 검토하고, 이주민의 "
        "건강권 증진을 위한 개선 방안을 제시하였다.",
    ),
    KoreanEdition(
        "issue-brief-2021-08.pdf",
        "재정착 난민의 지역사회 정착을 위한 과제",
        ("채보근",),
        "2013년 난민법 제정 이후 한국 정부는 이미 해외에서 난민으로 인정된 사람을 안전한 "
        "제3국으로 이주시키는 재정착 난민 제도를 시행하고 있다. 사전에 정해진 수용 정책에 따라 "
        "한국에 입국한 재정착 난민이 지역사회에 잘 정착하여 살아갈 수 있는지는 한국 난민 제도와 "
        "정책의 전반적인 성공을 가늠하는 중요한 변수가 될 수 있다. 이러한 점에서 재정착 난민의 "
        "정착을 위해서는 중앙정부와 지방자치단체, 민간단체, 시민 자원봉사자 간의 유기적인 "
        "협력이 매우 중요하다.",
    ),
    KoreanEdition(
        "issue-brief-2021-13.pdf",
        "외국인 주민 규모를 반영한 지방자치단체 공공재정 확보: 경기도 안산시 사례",
        ("김도원",),
        "지속되는 저출산과 고령화로 인구 감소, 인구구조 변화, 지방 소멸에 대한 우려가 커지면서 "
        "그 대안으로 외국인을 지역사회에 유치하고 정착시키는 방안이 논의되기 시작하였다. 지방 "
        "소멸 위기에 대응하는 방안으로 외국인을 유치하거나 이주민을 정착시키려는 목적을 "
        "달성하려면 지방자치단체 차원에서 지역별 특성과 수요를 반영한 이민정책을 시행하는 것이 "
        "매우 중요하다. 아울러 지방자치단체가 주도하는 이민정책의 수립과 시행에 필요한 재원을 "
        "확보하는 것이 전제되어야 한다. 이 브리프는 외국인 밀집 지역 중 하나인 경기도 안산시의 "
        "성공 사례를 통해 지방자치단체의 외국인 관련 재원이 어떻게 확보되는지 간략히 살펴보고, "
        "외국인 유치와 정착 지원을 검토하는 다른 지방자치단체에 참고 자료를 제공한다.",
    ),
)


def korean_edition(edition: KoreanEdition, pubs: Sequence[Publication]) -> Publication:
    original = next(p for p in pubs if p.file == edition.original)
    # Only names the seed gives are written in Hangul, and only for people it names alone.
    assert len(edition.chief) == len(original.chief) and not original.co_researchers
    return replace(
        original,
        title=edition.title,
        chief=edition.chief,
        contents=KOREAN_HEADINGS,
        summary=edition.summary,
        language="ko",
    )


# ---------------------------------------------------------------- a scanned publication

SCANNED = "issue-brief-2021-16.pdf"
SCAN_DPI = 300
# Specks of dust per page: a scan is never quite clean, and OCR must cope.
SPECKS = 60


@functools.cache
def _pixel_font(font: str, size: int) -> ImageFont.FreeTypeFont:
    path = font_file(HANGUL_FACES[font])
    if path is None:
        raise MissingFont(missing_fonts())
    return ImageFont.truetype(str(path), size)


def scan_page(drawn: Sequence[Drawn | Rule], seed: str) -> Image.Image:
    """A bilevel page image of what was drawn, as a scanner at SCAN_DPI would give it."""
    scale = SCAN_DPI / 72.0
    image = Image.new("1", (round(PAGE_W * scale), round(PAGE_H * scale)), 1)
    pen = ImageDraw.Draw(image)
    pen.fontmode = "1"  # no anti-aliasing: pixels that do not depend on the rasteriser's mood
    anchors = {"left": "ls", "right": "rs", "centre": "ms"}
    for item in drawn:
        if isinstance(item, Rule):
            ends = [(item.x0 * scale, (PAGE_H - item.y0) * scale)]
            ends.append((item.x1 * scale, (PAGE_H - item.y1) * scale))
            pen.line(ends, fill=0, width=max(1, round(item.width * scale)))
        else:
            font = _pixel_font(item.font, round(item.size * scale))
            xy = (item.x * scale, (PAGE_H - item.y) * scale)
            pen.text(xy, item.text, fill=0, font=font, anchor=anchors[item.align])
    rng = random.Random(seed)
    for _ in range(SPECKS):
        x, y = rng.randrange(image.width - 2), rng.randrange(image.height - 2)
        pen.rectangle((x, y, x + rng.randrange(2), y + rng.randrange(2)), fill=0)
    return image


def image_pdf(images: Sequence[Image.Image]) -> bytes:
    """A PDF of one full-page bilevel image per page and nothing else: no text layer."""
    width, height = f"{PAGE_W:.4f}".encode(), f"{PAGE_H:.4f}".encode()
    bodies: list[bytes] = [b"", b""]  # the catalog and the page tree, written last
    kids: list[int] = []
    for image in images:
        data = zlib.compress(image.tobytes(), 9)
        bodies.append(
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray"
            b" /BitsPerComponent 1 /Filter /FlateDecode /Length %d >>\nstream\n"
            % (image.width, image.height, len(data))
            + data
            + b"\nendstream"
        )
        draw = b"q " + width + b" 0 0 " + height + b" 0 0 cm /Scan Do Q"
        bodies.append(b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream")
        bodies.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + width + b" " + height + b"]"
            b" /Resources << /XObject << /Scan %d 0 R >> >> /Contents %d 0 R >>"
            % (len(bodies) - 1, len(bodies))
        )
        kids.append(len(bodies))
    bodies[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    refs = b" ".join(b"%d 0 R" % k for k in kids)
    bodies[1] = b"<< /Type /Pages /Kids [" + refs + b"] /Count %d >>" % len(kids)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1,
        xref,
    )
    return bytes(out)


def write_scan(pub: Publication, out: Path, colophon: Colophon) -> Entry:
    """The publication as an archive keeps it: printed, scanned, pages as images only."""
    assert pub.number % 3 != 2, "scans are drawn from single-column covers (no colour band)"
    book = Book(io.BytesIO(), InfoSpec("none", ()), (pub.label, short_title(pub.title)))
    placed = layout_publication(book, pub, colophon)
    file = pub.file.removesuffix(".pdf") + "-scan.pdf"
    images = [scan_page(drawn, f"{file}:{n}") for n, drawn in enumerate(book.drawn, start=1)]
    (out / file).write_bytes(image_pdf(images))
    return Entry(
        file, pub.series, pub.code, pub.title, pub.series, YEAR, pub.chief, pub.co_researchers,
        book.page, "none", pub.summary, tuple(placed), scan_of=pub.file,
    )  # fmt: skip


# ---------------------------------------------------------------- main


def generate(seed: Path, out: Path) -> list[Entry]:
    lines = read_seed(seed)
    pubs = parse_publications(lines)
    colophon = read_colophon(lines)
    out.mkdir(parents=True, exist_ok=True)
    entries = [write_publication(p, i, out, colophon) for i, p in enumerate(pubs)]
    entries.append(write_annual(lines, out, len(pubs)))
    for edition in KOREAN_EDITIONS:
        pub = korean_edition(edition, pubs)
        entries.append(write_publication(pub, len(entries), out, colophon))
    entries.append(write_scan(next(p for p in pubs if p.file == SCANNED), out, colophon))
    catalog = {"publication": [e.to_toml() for e in entries]}
    (out / "catalog.toml").write_text(tomli_w.dumps(catalog), encoding="utf-8")
    return entries


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=Path, default=DEFAULT_SEED, help="annual report text")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args(argv)
    missing = missing_fonts()
    if missing:
        sys.exit(f"generate.py: {missing}")
    entries = generate(args.seed, args.out)
    kinds = Counter(e.info for e in entries)
    print(f"wrote {len(entries)} PDFs and catalog.toml to {args.out} ({dict(kinds)})")


if __name__ == "__main__":
    main()
