"""OCR of pages without a text layer: Tesseract through pdftoppm, cached, marked, optional."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from indexer.cli.options import cli
from indexer.extract import cache
from indexer.extract.ocr import DPI, languages, parse_hocr
from indexer.extract.pdf import extract_pdf
from indexer.model import Extraction, Page
from indexer.search.searcher import Searcher, SearchRequest
from tests.conftest import CORPUS, corpus_generator

SCAN = "issue-brief-2021-16-scan.pdf"


def _ocr_missing() -> str:
    if shutil.which("tesseract") is None or shutil.which("pdftoppm") is None:
        return "Tesseract or pdftoppm not installed (make test installs them)"
    return ""


needs_ocr = pytest.mark.skipif(bool(_ocr_missing()), reason=_ocr_missing() or "ok")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def scanned_pdf(path: Path, lines: list[tuple[str, float]]) -> Path:
    """A one-page image-only PDF of the given lines (text, size), drawn as the corpus scan is."""
    gen = corpus_generator()
    if gen.missing_fonts():
        pytest.skip(gen.missing_fonts())
    drawn, y = [], 760.0
    for text, size in lines:
        drawn.append(gen.Drawn(72.0, y, text, gen.REGULAR, size, "left"))
        y -= 1.5 * size
    path.write_bytes(gen.image_pdf([gen.scan_page(drawn, path.name)]))
    return path


# A paragraph, not a lone line: Tesseract's page layout analysis needs some text to go on.
KOREAN_LINES = [
    ("2013년 난민법 제정 이후 한국 정부는 이미 해외에서 난민으로 인정된 사람을", 11.0),
    ("안전한 제3국으로 이주시키는 재정착 난민 제도를 시행하고 있다.", 11.0),
    ("시민 자원봉사자 간의 유기적인 협력이 매우 중요하다.", 11.0),
]


def no_ocr_tools(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A PATH on which neither Tesseract nor pdftoppm can be found."""
    empty = tmp_path / "empty-bin"
    empty.mkdir(exist_ok=True)
    monkeypatch.setenv("PATH", str(empty))


# ---------------------------------------------------------------- reading hOCR


HOCR = """<?xml version="1.0" encoding="UTF-8"?>
<html><body><div class='ocr_page' title='bbox 0 0 1654 2339'>
<div class='ocr_carea' title="bbox 200 200 1500 400">
<p class='ocr_par' title="bbox 200 200 1500 300">
<span class='ocr_line' title="bbox 200 200 1500 250; baseline 0 -10; x_size 40; x_descenders 8">
<span class='ocrx_word' title='bbox 200 200 400 250; x_wconf 95'>Background</span>
<span class='ocrx_word' title='bbox 1460 200 1500 250; x_wconf 96'>4</span>
</span>
<span class='ocr_line' title="bbox 200 260 900 300; x_size 40">
<span class='ocrx_word' title='bbox 200 260 500 300'><strong>Current</strong></span>
<span class='ocrx_word' title='bbox 520 260 900 300'>Situation &amp; 난민</span>
</span></p>
<p class='ocr_par' title="bbox 200 350 900 400">
<span class='ocr_line' title="bbox 200 350 900 400; x_size 40">
<span class='ocrx_word' title='bbox 200 350 900 400'>Policy</span>
</span></p></div></div></body></html>
"""


def test_hocr_gives_lines_in_points_split_at_column_gaps() -> None:
    page = parse_hocr(HOCR, page_height=842.0)
    assert page.text == "Background 4\nCurrent Situation & 난민\n\nPolicy"
    texts = [ln.text for ln in page.lines]
    # The page number at the right margin is its own line, as pdfminer gives it.
    assert texts == ["Background", "4", "Current Situation & 난민", "Policy"]
    first = page.lines[0]
    scale = 72 / DPI
    assert (first.x0, first.x1) == (round(200 * scale, 1), round(400 * scale, 1))
    assert (first.y0, first.y1) == (round(842 - 250 * scale, 1), round(842 - 200 * scale, 1))
    assert first.size == round(40 * scale, 1)
    assert page.confident == len("Background4")  # only those words carry a confidence


def test_hocr_without_words_gives_an_empty_page() -> None:
    assert parse_hocr("<html><body></body></html>", 842.0).text == ""


# ---------------------------------------------------------------- cached extractions


def _extraction(mode: str, texts: list[str], ocr: bool = False, missing: str = "") -> Extraction:
    pages = [Page(n, t, 595, 842, [], ocr=ocr) for n, t in enumerate(texts, start=1)]
    return Extraction("ab" * 32, pages, {}, ocr_mode=mode, ocr_missing=missing)


def test_a_cached_extraction_serves_only_the_ocr_mode_it_was_made_for() -> None:
    text_only = _extraction("auto", ["words", "more words"])
    assert text_only.serves("auto") and text_only.serves("never")
    assert not text_only.serves("always")
    blank = _extraction("never", ["words", ""])
    assert blank.serves("never") and not blank.serves("auto")
    assert not _extraction("auto", ["", ""], missing="Tesseract is not installed").serves("auto")


def test_ocr_text_round_trips_through_the_cache(tmp_path: Path) -> None:
    ex = _extraction("auto", ["read from the image"], ocr=True)
    cache.store(tmp_path, ex)
    assert cache.load(tmp_path, ex.sha256, "auto") == ex
    assert cache.load(tmp_path, ex.sha256, "never") is None


# ---------------------------------------------------------------- Tesseract itself


@needs_ocr
def test_installed_tesseract_reads_english_and_korean() -> None:
    assert languages() == "eng+kor"


@needs_ocr
def test_image_only_page_is_read_in_both_languages(tmp_path: Path) -> None:
    pdf = scanned_pdf(
        tmp_path / "scan.pdf", [("Resettled refugees in local communities", 16.0), *KOREAN_LINES]
    )
    ex = extract_pdf(pdf)
    (page,) = ex.pages
    assert page.ocr and not ex.has_text_layer and ex.has_text
    assert "Resettled refugees in local communities" in page.text
    # Tesseract's word spacing in Korean is loose ("협 력이"); the letters are what count.
    squashed = "".join(page.text.split())
    assert "재정착난민제도를시행하고있다" in squashed
    assert "유기적인협력이매우중요하다" in squashed
    assert [ln.text for ln in page.lines][:1] == ["Resettled refugees in local communities"]
    assert extract_pdf(pdf, ocr="never").pages[0].text == ""


@needs_ocr
def test_always_reads_pages_that_have_text(make_pdf: Any) -> None:
    pdf = make_pdf("text.pdf", [[("Immigration levels in Korea", 20.0)]])
    ex = extract_pdf(pdf, ocr="always")
    assert ex.pages[0].ocr and "Immigration levels in Korea" in ex.pages[0].text


# ---------------------------------------------------------------- indexing


@needs_ocr
def test_index_marks_ocr_pages_and_caches_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    scanned_pdf(docs / "scan.pdf", [("Planning of immigration levels", 18.0)])
    index = str(tmp_path / "ix")
    assert run("index", str(docs), "--index", index, "--workers", "1").exit_code == 0
    row = json.loads(run("list", "--index", index, "--json").stdout)[0]
    assert row["flags"] == ["ocr"] and row["ocr_pages"] == [1]
    shown = run("show", row["id"], "--index", index)
    assert "OCR pages: 1" in shown.stdout
    # A rebuild finds the OCR text in the cache: no Tesseract needed the second time.
    no_ocr_tools(monkeypatch, tmp_path)
    rebuilt = run("index", str(docs), "--index", index, "--full", "--workers", "1")
    assert rebuilt.exit_code == 0 and rebuilt.stderr == ""
    row = json.loads(run("list", "--index", index, "--json").stdout)[0]
    assert row["flags"] == ["ocr"]


def test_missing_tesseract_warns_once_and_indexes_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportlab.pdfgen.canvas import Canvas

    docs = tmp_path / "docs"
    docs.mkdir()
    canvas = Canvas(str(docs / "old-report.pdf"), invariant=1)
    canvas.rect(100, 100, 300, 400, fill=1)
    canvas.showPage()
    canvas.save()
    no_ocr_tools(monkeypatch, tmp_path)
    index = str(tmp_path / "ix")
    result = run("index", str(docs), "--index", index, "--workers", "1")
    assert result.exit_code == 0
    warnings = result.stderr.splitlines()
    assert len(warnings) == 1
    assert warnings[0].startswith(f"WARNING {(docs / 'old-report.pdf').resolve()}: ")
    assert "Tesseract is not installed" in warnings[0]
    row = json.loads(run("list", "--index", index, "--json").stdout)[0]
    assert row["flags"] == ["no text layer"] and row["title"] == "old report"


@needs_ocr
def test_ocr_never_leaves_a_scan_without_text(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(CORPUS / SCAN, docs / SCAN)
    index = str(tmp_path / "ix")
    result = run("index", str(docs), "--index", index, "--ocr", "never", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["warnings"] == []
    row = json.loads(run("list", "--index", index, "--json").stdout)[0]
    assert row["flags"] == ["no text layer"] and row["ocr_pages"] == []


@needs_ocr
def test_the_file_timeout_covers_ocr(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(CORPUS / SCAN, docs / SCAN)
    index = str(tmp_path / "ix")
    result = run("index", str(docs), "--index", index, "--workers", "1", "--timeout", "0.5")
    assert result.exit_code == 1
    assert "timed out after 0.5 s" in result.stderr


# ---------------------------------------------------------------- the corpus scan


@needs_ocr
def test_scanned_sample_is_found_by_a_phrase_on_the_right_page(corpus_index: Path) -> None:
    phrase = "predict the influx of new permanent immigrants"
    original = extract_pdf(CORPUS / SCAN.replace("-scan", ""))
    printed_on = [p.number for p in original.pages if phrase in " ".join(p.text.split())]
    assert printed_on, "the phrase is printed in the original"
    hits = Searcher(corpus_index).search(SearchRequest(f'"{phrase}"', limit=5)).hits
    found = {Path(h.path).name: h for h in hits}
    assert SCAN in found, list(found)
    pages = found[SCAN].pages
    # The best passage is on a page that prints the phrase (other pages share its words).
    assert pages and pages[0].page in printed_on
    assert all(p.ocr for p in pages) and "<mark>" in pages[0].snippet
    assert not any(p.ocr for p in found[SCAN.replace("-scan", "")].pages)
