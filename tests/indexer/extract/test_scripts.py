"""Scripts other than Latin: Arabic in reading order, complex scripts whole, unreadable text.

The PDFs are drawn with reportlab in real TrueType fonts from Debian's font packages (see the
Makefile's APT_PACKAGES); a test skips, saying which, when its font is not installed.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

import pytest

import indexer.metadata
from indexer.extract.pdf import extract_pdf
from indexer.extract.scripts import logical_line, text_warnings
from indexer.model import Extraction, Page

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))


def font(name: str, package: str) -> Path:
    for root in FONT_DIRS:
        found = sorted(root.rglob(name)) if root.is_dir() else []
        if found:
            return found[0]
    pytest.skip(f"font {name} not installed (Debian package {package})")


def draw(path: Path, font_file: Path, lines: list[tuple[str, float, float]]) -> Path:
    """One page: each (text, size, baseline) drawn from the left margin in the given font."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(TTFont(font_file.stem, str(font_file)))
    canvas = Canvas(str(path), invariant=1)
    for text, size, y in lines:
        canvas.setFont(font_file.stem, size)
        canvas.drawString(72, y, text)
    canvas.showPage()
    canvas.save()
    return path


def as_printed(logical: str) -> str:
    """What a PDF producer draws for Arabic: letters shaped into their joined forms, then laid
    out left to right across the page (visual order)."""
    import arabic_reshaper
    from bidi import get_display

    return str(get_display(arabic_reshaper.reshape(logical)))


# ---------------------------------------------------------------- right to left

ARABIC_TITLE = "الهجرة والعمل في المدن الكبرى"
ARABIC_BODY = "يتناول هذا التقرير أوضاع العمال المهاجرين في عام 2023 وفرص العمل المتاحة لهم"


def test_arabic_page_text_and_title_are_stored_in_logical_order(tmp_path: Path) -> None:
    naskh = font("NotoNaskhArabic-Regular.ttf", "fonts-noto-core")
    pdf = draw(
        tmp_path / "arabic.pdf",
        naskh,
        [(as_printed(ARABIC_TITLE), 24, 700), (as_printed(ARABIC_BODY), 11, 640)],
    )
    ex = extract_pdf(pdf)
    lines = [ln.text for ln in ex.pages[0].lines]
    # A reader sees the title first word first: the stored text starts where the reader does.
    assert lines == [ARABIC_TITLE, ARABIC_BODY]
    assert ARABIC_BODY in ex.pages[0].text
    meta = indexer.metadata.detect(ex)
    assert meta.title == ARABIC_TITLE
    assert meta.warnings == []


@pytest.mark.parametrize(
    ("logical", "visual"),
    [
        ("سلام عليكم", "مكيلع مالس"),  # reversed, word by word
        ("عام 2023", "2023 ماع"),  # digits keep their own order
        ("تقرير UNICEF السنوي", "يونسلا UNICEF ريرقت"),  # so does a Latin word inside
        ("שלום עולם", "םלוע םולש"),  # Hebrew
        ("Annual report", "Annual report"),  # left-to-right lines are untouched
    ],
)
def test_visual_lines_are_put_in_logical_order(logical: str, visual: str) -> None:
    assert logical_line(visual) == logical


def test_shaped_letters_come_back_as_the_letters_typed() -> None:
    shaped = "\ufedf\ufee0\ufe8e"  # initial lam, medial lam, final alef as drawn
    assert logical_line(shaped[::-1]) == unicodedata.normalize("NFKC", shaped)


# ---------------------------------------------------------------- complex scripts

COMPLEX = [
    ("NotoSansThai-Regular.ttf", "รายงานการย้ายถิ่นของแรงงานในประเทศไทย"),
    ("NotoSansDevanagari-Regular.ttf", "प्रवासी श्रमिकों पर वार्षिक रिपोर्ट"),
    ("NotoSansKhmer-Regular.ttf", "របាយការណ៍ស្តីពីការធ្វើចំណាកស្រុក"),
]


def _letters(text: str) -> Counter[str]:
    return Counter(c for c in text if not c.isspace())


@pytest.mark.parametrize(("font_name", "text"), COMPLEX)
def test_complex_scripts_keep_every_character_of_the_text_layer(
    tmp_path: Path, font_name: str, text: str
) -> None:
    pdfium = pytest.importorskip("pypdfium2")
    pdf = draw(tmp_path / "complex.pdf", font(font_name, "fonts-noto-core"), [(text, 18, 700)])
    ours = extract_pdf(pdf).pages[0].text
    doc = pdfium.PdfDocument(str(pdf))
    theirs = doc[0].get_textpage().get_text_range()
    doc.close()
    # What the text layer holds, a second extractor reads too; pubkb must lose none of it.
    assert _letters(theirs) == _letters(text)
    assert _letters(ours) == _letters(text)


# ---------------------------------------------------------------- unreadable text


def test_pages_of_unmapped_glyphs_are_warned_about() -> None:
    cids = " ".join(f"(cid:{n})" for n in range(40, 80))
    warnings = text_warnings([(1, "Annual Report 2021"), (2, cids), (3, "Plain text " * 10)])
    assert len(warnings) == 1 and "page(s) 2:" in warnings[0]


def test_a_few_stray_symbols_are_not_a_warning() -> None:
    text = "Migration and labour markets in 2021 " * 5 + "(cid:3)"
    assert text_warnings([(1, text)]) == []


def test_detection_records_the_warning_so_review_lists_the_record() -> None:
    text = "\ufffd" * 30 + " Report"
    ex = Extraction("", [Page(1, text, 595, 842, [])], {})
    assert indexer.metadata.detect(ex).warnings
