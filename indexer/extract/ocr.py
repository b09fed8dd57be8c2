"""OCR for pages without a text layer: poppler's pdftoppm renders a page, Tesseract reads it.

Both are external programs (Debian: poppler-utils, tesseract-ocr, tesseract-ocr-kor), called
once per page. Tesseract's hOCR output gives the words with their lines and positions, so OCR
pages carry positioned lines like pdfminer's and the cover detectors work on scans too.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from indexer.model import Line
from indexer.text import is_hangul_syllable

# The centre publishes in English and Korean; Tesseract reads both scripts in one pass.
LANGUAGES = ("eng", "kor")
# Tesseract's recommended resolution, for small type (notes, tables); the sample corpus, set at
# 9 pt and up, reads as well at 200 dpi in half the time (bench/README.md).
DPI = 300
# Words further apart than this many times the line's text size are separate lines, as
# pdfminer makes them (a contents entry and its page number at the right margin).
COLUMN_GAP = 2.0
# Tesseract's automatic page layout (psm 3) loses Korean paragraphs on sparse pages (a chapter
# opening, a cover): a page read with fewer confident characters than this is read again as
# one column of text (psm 4), and the better reading kept. Dense pages are read once.
SPARSE_PAGE = 150
CONFIDENT = 60  # word confidence (0-100) from which its characters count as read
# Tesseract cuts Korean words into syllables ("지 속 되는"); syllables closer than this many
# times the text size are one word (a real space measures 0.2 to 0.4).
HANGUL_GAP = 0.17
INSTALL_HINT = "install Debian's tesseract-ocr, tesseract-ocr-kor and poppler-utils"


class OcrUnavailable(Exception):
    """OCR cannot run on this machine; the message says why, in one line."""


class OcrTimeout(Exception):
    """The file's time ran out while a page was being read."""


@dataclass
class OcrPage:
    text: str
    lines: list[Line] = field(default_factory=list)
    confident: int = 0  # characters in words read with confidence CONFIDENT or more


@functools.cache
def _installed_languages(tesseract: str) -> tuple[str, ...]:
    try:
        out = subprocess.run(
            [tesseract, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    # The first line is a heading ("List of available languages in ...").
    return tuple(line.strip() for line in out.splitlines()[1:] if line.strip())


def languages() -> str:
    """Tesseract's language argument ("eng+kor"), or OcrUnavailable saying what is missing."""
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        raise OcrUnavailable(f"Tesseract is not installed ({INSTALL_HINT})")
    if shutil.which("pdftoppm") is None:
        raise OcrUnavailable(f"pdftoppm is not installed ({INSTALL_HINT})")
    found = [lang for lang in LANGUAGES if lang in _installed_languages(tesseract)]
    if not found:
        raise OcrUnavailable(f"Tesseract has no {'/'.join(LANGUAGES)} language data")
    return "+".join(found)


def _run(command: list[str], deadline: float | None) -> str:
    timeout = None if deadline is None else deadline - time.monotonic()
    if timeout is not None and timeout <= 0:
        raise OcrTimeout()
    # One thread per Tesseract: pages are already read in parallel, one file per process.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout, env=env, check=False)
    except subprocess.TimeoutExpired:
        raise OcrTimeout() from None
    except OSError as exc:
        raise OcrUnavailable(f"cannot run {command[0]}: {exc.strerror or exc}") from None
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrUnavailable(f"{Path(command[0]).name} failed: {err[-1] if err else 'no reason'}")
    return done.stdout.decode("utf-8", "replace")


def read_page(
    pdf: Path,
    number: int,
    page_height: float,
    lang: str,
    password: str = "",
    deadline: float | None = None,
) -> OcrPage:
    """Render page `number` (from 1) to a grey PNG and read it with Tesseract."""
    with tempfile.TemporaryDirectory(prefix="pubkb-ocr-") as tmp:
        image = Path(tmp) / "page"
        render = ["pdftoppm", "-r", str(DPI), "-gray", "-png", "-singlefile"]
        render += ["-f", str(number), "-l", str(number)]
        if password:
            render += ["-upw", password]
        _run([*render, str(pdf), str(image)], deadline)
        page = _recognise(image.with_suffix(".png"), lang, "3", page_height, deadline)
        if page.confident < SPARSE_PAGE:
            column = _recognise(image.with_suffix(".png"), lang, "4", page_height, deadline)
            if column.confident > page.confident:
                return column
    return page


def _recognise(
    image: Path, lang: str, psm: str, page_height: float, deadline: float | None
) -> OcrPage:
    hocr = _run(["tesseract", str(image), "stdout", "-l", lang, "--psm", psm, "hocr"], deadline)
    return parse_hocr(hocr, page_height)


# ---------------------------------------------------------------- hOCR


Box = tuple[int, int, int, int]  # left, top, right, bottom in pixels


@dataclass
class _RawLine:
    paragraph: int
    x_size: float
    words: list[tuple[str, Box]] = field(default_factory=list)
    confident: int = 0


def _title_props(title: str) -> dict[str, list[str]]:
    """hOCR's title attribute: "bbox 1 2 3 4; x_size 48; ..." as {name: values}."""
    props: dict[str, list[str]] = {}
    for part in title.split(";"):
        bits = part.split()
        if bits:
            props[bits[0]] = bits[1:]
    return props


_LINE_CLASSES = frozenset({"ocr_line", "ocr_caption", "ocr_header", "ocr_textfloat"})


class _HocrReader(HTMLParser):
    """Collects lines (with paragraph, box and text size) and their words from hOCR."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[_RawLine] = []
        self.paragraph = 0
        self.in_word = 0  # depth inside an ocrx_word span
        self.word: list[str] = []
        self.word_box: Box = (0, 0, 0, 0)
        self.word_conf = 0.0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        cls, props = a.get("class") or "", _title_props(a.get("title") or "")
        box = _box(props)
        if self.in_word:
            self.in_word += 1
        elif cls == "ocr_par":
            self.paragraph += 1
        elif cls in _LINE_CLASSES and box is not None:
            size = float(props.get("x_size", ["0"])[0]) or float(box[3] - box[1])
            self.lines.append(_RawLine(self.paragraph, size))
        elif cls == "ocrx_word" and self.lines and box is not None:
            self.in_word, self.word, self.word_box = 1, [], box
            self.word_conf = float(props.get("x_wconf", ["0"])[0])

    def handle_endtag(self, tag: str) -> None:
        if not self.in_word:
            return
        self.in_word -= 1
        if not self.in_word:
            word = "".join(self.word).strip()
            if word:
                self.lines[-1].words.append((word, self.word_box))
                if self.word_conf >= CONFIDENT:
                    self.lines[-1].confident += len(word)

    def handle_data(self, data: str) -> None:
        if self.in_word:
            self.word.append(data)


def _box(props: dict[str, list[str]]) -> Box | None:
    values = props.get("bbox", [])
    if len(values) < 4:
        return None
    left, top, right, bottom = (int(v) for v in values[:4])
    return left, top, right, bottom


def _segments(raw: _RawLine) -> list[list[tuple[str, Box]]]:
    """The line's words cut where a gap is wide enough to be a column break."""
    runs: list[list[tuple[str, Box]]] = []
    for word in raw.words:
        if runs and word[1][0] - runs[-1][-1][1][2] <= COLUMN_GAP * raw.x_size:
            runs[-1].append(word)
        else:
            runs.append([word])
    return runs


def _join(words: list[tuple[str, Box]], x_size: float) -> str:
    """The words as text, with the syllables of one Korean word put back together."""
    parts: list[str] = []
    for i, (text, box) in enumerate(words):
        if i:
            prev_text, prev_box = words[i - 1]
            close = box[0] - prev_box[2] < HANGUL_GAP * x_size
            if not (close and is_hangul_syllable(prev_text[-1]) and is_hangul_syllable(text[0])):
                parts.append(" ")
        parts.append(text)
    return "".join(parts)


def _line(words: list[tuple[str, Box]], x_size: float, page_height: float) -> Line:
    scale = 72.0 / DPI
    top = min(box[1] for _, box in words)
    bottom = max(box[3] for _, box in words)
    return Line(
        _join(words, x_size),
        round(x_size * scale, 1),
        round(words[0][1][0] * scale, 1),
        round(page_height - bottom * scale, 1),
        round(words[-1][1][2] * scale, 1),
        round(page_height - top * scale, 1),
    )


def parse_hocr(hocr: str, page_height: float) -> OcrPage:
    """Lines in PDF points, and the page text: lines one per row, paragraphs apart."""
    reader = _HocrReader()
    reader.feed(hocr)
    reader.close()
    lines: list[Line] = []
    parts: list[str] = []
    paragraph = None
    confident = sum(raw.confident for raw in reader.lines)
    for raw in reader.lines:
        if not raw.words:
            continue
        if paragraph is not None and raw.paragraph != paragraph:
            parts.append("")
        paragraph = raw.paragraph
        parts.append(_join(raw.words, raw.x_size))
        lines += [_line(run, raw.x_size, page_height) for run in _segments(raw)]
    return OcrPage("\n".join(parts), lines, confident)
