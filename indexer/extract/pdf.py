"""Text and layout extraction from PDF files with pdfminer.six, one pass per file."""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path
from typing import Any

from pdfminer.layout import LAParams, LTChar, LTFigure, LTPage, LTTextBox, LTTextLine
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser

from indexer.extract import ocr as ocr_engine
from indexer.extract.content import FastInterpreter
from indexer.extract.glyphs import FastAggregator, line_text
from indexer.extract.scripts import has_rtl, logical_line
from indexer.model import Extraction, Line, Page

# Explicit layout parameters: pdfminer's defaults, written out so a library upgrade cannot
# silently change how pages are read.
LAPARAMS = LAParams(
    line_overlap=0.5,
    char_margin=2.0,
    line_margin=0.5,
    word_margin=0.1,
    boxes_flow=0.5,
    detect_vertical=False,
    all_texts=False,
)

# Pages whose fonts (bold, names) are read character by character; cover detection needs them,
# the body does not, and reading every character is the expensive part.
COVER_PAGES = 3

# pdfminer logs every oddity of every PDF it reads; a user gets one line per failed file instead,
# so its log is silenced wherever extraction runs (worker processes included).
logging.getLogger("pdfminer").setLevel(logging.CRITICAL)


class ExtractionError(Exception):
    """A PDF that cannot be read; the message is the one-line reason shown to the user."""


def _decode_info_value(value: Any) -> str:
    """PDF Info values are byte strings in PDFDocEncoding or UTF-16 with a BOM."""
    if hasattr(value, "resolve"):
        value = value.resolve()
    if isinstance(value, bytes):
        if value.startswith((b"\xfe\xff", b"\xff\xfe")):
            text = value.decode("utf-16", errors="replace")
        else:
            text = value.decode("latin-1", errors="replace")
    elif isinstance(value, str):
        text = value
    else:
        text = str(value)
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text).strip()


def _read_info(doc: PDFDocument) -> dict[str, str]:
    info: dict[str, str] = {}
    for entry in doc.info or []:
        if not isinstance(entry, dict):
            continue
        for key, value in entry.items():
            try:
                text = _decode_info_value(value)
            except Exception:  # a broken Info entry must not lose the document
                continue
            if text:
                info[str(key)] = text
    return info


def _line_fonts(line: LTTextLine) -> tuple[float, bool]:
    """Dominant font size and boldness of a line, by character count."""
    sizes: dict[float, int] = {}
    bold = 0
    total = 0
    for ch in line:
        if isinstance(ch, LTChar):
            size = round(ch.size, 1)
            sizes[size] = sizes.get(size, 0) + 1
            total += 1
            name = ch.fontname.lower()
            if "bold" in name or "black" in name or "heavy" in name:
                bold += 1
    if not sizes:
        return round(line.height, 1), False
    return max(sizes.items(), key=lambda kv: kv[1])[0], bold * 2 > total


def _visual_text(line: LTTextLine) -> str:
    """A line's characters left to right by position, with a space at each word gap.

    Producers write right-to-left glyphs in either direction, so stream order says nothing;
    position on the page is the visual order every producer agrees on.
    """
    chars = sorted((c for c in line if isinstance(c, LTChar)), key=lambda c: c.x0)
    parts: list[str] = []
    prev: LTChar | None = None
    for ch in chars:
        if prev is not None and ch.x0 - prev.x1 > LAPARAMS.word_margin * max(ch.width, ch.height):
            parts.append(" ")
        parts.append(ch.get_text())
        prev = ch
    return "".join(parts)


def _line_text(line: LTTextLine) -> str:
    """The line's text in reading order (right-to-left lines put in logical order)."""
    raw = line_text(line)
    if not has_rtl(raw):
        return raw
    return logical_line(" ".join(_visual_text(line).split())) + "\n"


def _figure_text(fig: LTFigure) -> str:
    """Characters drawn inside a figure (chart labels, logos) are not laid out into lines by
    pdfminer, but plain text extraction keeps them, and so do we."""
    parts = []
    for item in fig:
        if isinstance(item, LTFigure):
            parts.append(_figure_text(item))
        elif isinstance(item, LTChar):
            parts.append(item.get_text())
    text = "".join(parts).strip()
    return text + "\n" if text else ""


def _layout_page(layout: LTPage, number: int) -> Page:
    texts: list[str] = []
    lines: list[Line] = []
    detailed = number <= COVER_PAGES
    for box in layout:
        if isinstance(box, LTFigure):
            texts.append(_figure_text(box))
            continue
        if not isinstance(box, LTTextBox):
            continue
        # Each line's text is read once and serves both the page text and the line list;
        # the box's own get_text() would assemble the same characters a second time.
        for line in box:
            if not isinstance(line, LTTextLine):
                continue
            raw = _line_text(line)
            texts.append(raw)
            text = raw.strip()
            if not text:
                continue
            if detailed:
                size, bold = _line_fonts(line)
            else:
                # Line height tracks font size closely enough for heading detection.
                size, bold = round(line.height, 1), False
            lines.append(
                Line(
                    text,
                    size,
                    round(line.x0, 1),
                    round(line.y0, 1),
                    round(line.x1, 1),
                    round(line.y1, 1),
                    bold,
                )
            )
        texts.append("\n")
    text = "".join(texts).rstrip("\n")
    return Page(number, text, round(layout.width, 1), round(layout.height, 1), lines)


def _open_document(fh: Any, passwords: list[str]) -> tuple[PDFDocument, bool, str]:
    """Open the document, trying the empty password then each given one; returns the
    document, whether it is encrypted, and the password that opened it."""
    tried_any = False
    for pw in ["", *passwords]:
        fh.seek(0)
        parser = PDFParser(fh)
        try:
            doc = PDFDocument(parser, password=pw)
        except PDFPasswordIncorrect:
            tried_any = tried_any or bool(pw)
            continue
        return doc, doc.encryption is not None, pw
    if tried_any:
        raise ExtractionError("encrypted: wrong password (none of the given passwords opens it)")
    raise ExtractionError("encrypted: password required (pass it with --password)")


def check_header(path: Path) -> None:
    """Cheap checks before parsing, so obvious non-PDFs get a precise reason."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(1024)
    except FileNotFoundError:
        raise ExtractionError("file not found") from None
    except PermissionError:
        raise ExtractionError("unreadable: permission denied") from None
    except IsADirectoryError:
        raise ExtractionError("is a directory, not a PDF file") from None
    except OSError as exc:
        raise ExtractionError(f"unreadable: {exc.strerror or exc}") from None
    if size == 0:
        raise ExtractionError("empty file (0 bytes)")
    if b"%PDF-" not in head:
        raise ExtractionError("not a PDF (no %PDF- header)")


def extract_pdf(
    path: Path,
    passwords: list[str] | None = None,
    sha256: str = "",
    ocr: str = "auto",
    deadline: float | None = None,
) -> Extraction:
    """Read every page's text and line layout plus the Info dictionary.

    `ocr` says which pages are read from their image: "auto" those without text, "always"
    every page, "never" none. `deadline` (time.monotonic) bounds the time spent on OCR.
    Raises ExtractionError with a one-line reason for anything that is not a readable PDF,
    and ocr.OcrTimeout when the deadline passes during OCR.
    """
    check_header(path)
    passwords = passwords or []
    try:
        with path.open("rb") as fh:
            doc, encrypted, password = _open_document(fh, passwords)
            info = _read_info(doc)
            rsrc = PDFResourceManager(caching=True)
            device = FastAggregator(rsrc, laparams=LAPARAMS)
            interpreter = FastInterpreter(rsrc, device)
            pages: list[Page] = []
            for number, pdfpage in enumerate(PDFPage.create_pages(doc), start=1):
                interpreter.process_page(pdfpage)
                pages.append(_layout_page(device.get_result(), number))
    except ExtractionError:
        raise
    except PDFEncryptionError as exc:
        raise ExtractionError(f"encrypted: unsupported encryption ({exc})") from None
    except RecursionError:
        raise ExtractionError(
            "corrupt PDF: objects nest or refer to themselves endlessly"
        ) from None
    except MemoryError:
        raise ExtractionError("too large to read in memory") from None
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        reason = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
        kind = type(exc).__name__
        raise ExtractionError(
            f"corrupt or truncated PDF ({kind}{': ' + reason if reason else ''})"
        ) from None
    if not pages:
        raise ExtractionError("corrupt PDF: no pages found")
    ex = Extraction(sha256=sha256, pages=pages, info=info, encrypted=encrypted, ocr_mode=ocr)
    _read_images(ex, path, password, deadline)
    return ex


def _needs_ocr(page: Page, mode: str) -> bool:
    return mode == "always" or (mode == "auto" and not page.text.strip())


def _read_images(ex: Extraction, path: Path, password: str, deadline: float | None) -> None:
    """Replace the text of the pages `ex.ocr_mode` selects with what OCR reads on them."""
    wanted = [p for p in ex.pages if _needs_ocr(p, ex.ocr_mode)]
    if not wanted:
        return
    try:
        lang = ocr_engine.languages()
        for page in wanted:
            if deadline is not None and time.monotonic() > deadline:
                raise ocr_engine.OcrTimeout()
            read = ocr_engine.read_page(path, page.number, page.height, lang, password, deadline)
            page.text, page.ocr = read.text, True
            page.lines = read.lines
    except ocr_engine.OcrUnavailable as exc:
        ex.ocr_missing = str(exc)
