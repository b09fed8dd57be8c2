"""Check the bundled sample corpus: its PDFs, read back with pdfminer, against catalog and seed."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pdfminer.high_level import extract_pages, extract_text
from pdfminer.layout import (
    LAParams,
    LTChar,
    LTFigure,
    LTImage,
    LTLayoutContainer,
    LTTextContainer,
    LTTextLine,
)
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pdfminer.utils import decode_text

from tests.conftest import corpus_generator

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "corpus"
CATALOG = CORPUS / "catalog.toml"
SEED = REPO.parent / "shared" / "seed" / "mrtc-annual-report-2021.txt"

# What the annual report says MRTC published in 2021, plus the report itself.
TYPE_COUNTS = {
    "Research Report": 7,
    "Research Collection": 1,
    "Policy Report": 3,
    "Working Paper": 2,
    "Policy Brief": 1,
    "Issue Brief": 26,
    "Annual Report": 1,
}
PAGE_RANGES = {
    "Issue Brief": (3, 8),
    "Policy Brief": (3, 8),
    "Annual Report": (30, 60),
}
REPORT_PAGE_RANGE = (8, 20)
GENERIC_HEADINGS = ["Background", "Current Situation", "Policy Implications"]
# The seed spells some people two ways; the corpus must keep both.
NAME_VARIANTS = [
    ("Downon Kim", "Dowon Kim"),
    ("Youngee Cho", "Younghee Cho"),
    ("Hye-Kyoung Lee", "HyeKyoung Lee"),
    ("Hyo-Won Choi", "Hyo-won Choi"),
    ("Su hyun Youk", "Suhyun Youk"),
]
SEED_TYPO_TITLE = "Trends in Border Mmanagement after COVID-19 Pandemic"
ORIGINAL_COUNT = 41  # the seed's 40 publications and the annual report
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def norm(text: str) -> str:
    return " ".join(text.split())


def load_catalog() -> list[dict[str, Any]]:
    if not CATALOG.exists():
        return []
    rows: list[dict[str, Any]] = tomllib.loads(CATALOG.read_text(encoding="utf-8"))["publication"]
    return rows


ENTRIES = load_catalog()
FILES = [e["file"] for e in ENTRIES]
# The seed's publications; then Korean editions of some, and an image-only scan of one.
ORIGINALS = [e for e in ENTRIES if not e.get("edition_of") and not e.get("scan_of")]
KOREAN = [e for e in ENTRIES if e.get("edition_of")]
SCANS = [e for e in ENTRIES if e.get("scan_of")]
TEXT_FILES = [e["file"] for e in ENTRIES if not e.get("scan_of")]


@dataclass(frozen=True)
class Pdf:
    """What pdfminer sees in one file."""

    pages: list[str]
    cover: str
    largest_type: str  # the cover's lines set in its largest font size
    info: dict[str, str]


def _chars(item: Any) -> Iterator[LTChar]:
    for child in item:
        if isinstance(child, LTChar):
            yield child
        elif isinstance(child, LTLayoutContainer | LTTextContainer):
            yield from _chars(child)


def _lines(item: Any) -> Iterator[LTTextLine]:
    for child in item:
        if isinstance(child, LTTextLine):
            yield child
        elif isinstance(child, LTLayoutContainer | LTTextContainer):
            yield from _lines(child)


def _largest_type(page: Any) -> str:
    top = max(c.size for c in _chars(page))
    lines = [line for line in _lines(page) if any(c.size > top - 0.5 for c in _chars(line))]
    return norm(" ".join(line.get_text() for line in lines))


def _info(path: Path) -> dict[str, str]:
    with path.open("rb") as fh:
        document = PDFDocument(PDFParser(fh))
        merged: dict[str, str] = {}
        for info in document.info:
            for key, value in info.items():
                value = resolve1(value)
                merged[key] = decode_text(value) if isinstance(value, bytes) else str(value)
    return merged


def read_pdf(path: Path) -> Pdf:
    pages, largest = [], ""
    for number, page in enumerate(extract_pages(path, laparams=LAParams())):
        # The same text extract_text gives: the page's text containers in layout order.
        pages.append("".join(e.get_text() for e in page if isinstance(e, LTTextContainer)))
        if number == 0:
            largest = _largest_type(page)
    cover = extract_text(path, page_numbers=[0], laparams=LAParams())
    return Pdf(pages, cover, largest, _info(path))


ReadPdf = Callable[[str], Pdf]


@pytest.fixture(scope="module")
def pdf() -> ReadPdf:
    """Read each file at most once for the whole module: pdfminer is the slow part."""

    @cache
    def read(file: str) -> Pdf:
        return read_pdf(CORPUS / file)

    return read


def entry_for(file: str) -> dict[str, Any]:
    return next(e for e in ENTRIES if e["file"] == file)


def researchers(entry: dict[str, Any]) -> list[str]:
    return [*entry["chief"], *entry["co_researchers"]]


# ---------------------------------------------------------------- the catalog itself


def test_one_catalog_entry_per_pdf() -> None:
    on_disk = sorted(p.name for p in CORPUS.glob("*.pdf"))
    assert len(ORIGINALS) == ORIGINAL_COUNT
    assert len(KOREAN) >= 3 and len(SCANS) == 1
    assert len(on_disk) == len(ENTRIES) == ORIGINAL_COUNT + len(KOREAN) + len(SCANS)
    assert sorted(FILES) == on_disk


def test_counts_per_type_match_the_seed() -> None:
    assert Counter(e["type"] for e in ORIGINALS) == TYPE_COUNTS


def test_numbers_run_within_each_series_and_name_the_files() -> None:
    for series in TYPE_COUNTS.keys() - {"Annual Report"}:
        rows = [e for e in ORIGINALS if e["series"] == series]
        assert [e["number"] for e in rows] == [f"2021-{i:02d}" for i in range(1, len(rows) + 1)]
        for e in rows:
            assert e["type"] == series
            assert e["file"] == f"{series.lower().replace(' ', '-')}-{e['number']}.pdf"
    annual = [e for e in ORIGINALS if e["type"] == "Annual Report"]
    assert [(e["file"], e["number"], e["year"]) for e in annual] == [
        ("annual-report-2021.pdf", "", 2022)
    ]
    assert all(e["year"] == 2021 for e in ENTRIES if e["type"] != "Annual Report")
    assert all(e["language"] == "en" for e in ORIGINALS + SCANS)


def test_name_and_title_variants_are_kept_as_the_seed_spells_them() -> None:
    names = {n for e in ORIGINALS for n in researchers(e)}
    for first, second in NAME_VARIANTS:
        assert first in names and second in names, (first, second)
    assert SEED_TYPO_TITLE in {e["title"] for e in ORIGINALS}
    two_chiefs = [e["chief"] for e in ORIGINALS if len(e["chief"]) > 1]
    assert two_chiefs == [["Jeong-Woo Rhee", "Min Yi Yoo"]]


def _seed_lines() -> list[str]:
    if not SEED.exists():
        pytest.skip("../shared/seed not present: cannot compare the catalog with the seed")
    return [line.strip().replace("**", "") for line in SEED.read_text("utf-8").splitlines()]


def test_catalog_matches_the_seed_text() -> None:
    lines = _seed_lines()
    for e in ORIGINALS:
        if e["type"] == "Annual Report":
            continue
        assert e["title"] in lines, e["title"]
        at = lines.index(e["title"])
        start = next(i for i in range(at + 1, len(lines)) if lines[i])
        following = lines[start : lines.index("", start)]  # the byline, one or two lines
        chief, _, co = " ".join(following).partition("Co-researcher")
        assert chief.removeprefix("Chief Researcher ").strip().split(", ") == e["chief"]
        assert all(name in co for name in e["co_researchers"]), e["title"]
        assert e["summary"] in lines
        headings = [c["heading"] for c in e["contents"]]
        if e["type"] == "Issue Brief":
            assert headings == GENERIC_HEADINGS
        else:
            assert all(f"- {h}" in lines for h in headings), e["title"]


# ---------------------------------------------------------------- the PDFs


@pytest.mark.parametrize("file", TEXT_FILES)
def test_cover_shows_title_series_year_and_researchers(file: str, pdf: ReadPdf) -> None:
    e, cover = entry_for(file), norm(pdf(file).cover)
    assert norm(e["title"]) in cover
    assert e["series"] in cover and e["number"] in cover
    assert str(e["year"]) in cover
    for name in researchers(e):
        assert name in cover, name


@pytest.mark.parametrize("file", TEXT_FILES)
def test_title_is_the_largest_type_on_the_cover(file: str, pdf: ReadPdf) -> None:
    assert pdf(file).largest_type == norm(entry_for(file)["title"])


def test_some_covers_split_the_title_over_lines(pdf: ReadPdf) -> None:
    split = [f for f in TEXT_FILES if norm(entry_for(f)["title"]) not in pdf(f).cover.splitlines()]
    assert len(split) >= 5


@pytest.mark.parametrize("file", TEXT_FILES)
def test_contents_entries_start_on_their_pages(file: str, pdf: ReadPdf) -> None:
    e, pages = entry_for(file), [norm(p) for p in pdf(file).pages]
    entries = [(norm(c["heading"]), c["page"]) for c in e["contents"]]
    assert entries, "every publication has contents"
    numbers = [page for _, page in entries]
    assert numbers == sorted(numbers) and numbers[-1] <= len(pages)
    listing = next(i for i, p in enumerate(pages) if all(h in p for h, _ in entries))
    assert listing + 1 < numbers[0], "the contents page comes before the chapters"
    for heading, page in entries:
        assert heading in pages[page - 1], (heading, page)
        for earlier in range(listing + 1, page - 1):
            assert heading not in pages[earlier], (heading, earlier + 1)


@pytest.mark.parametrize("file", TEXT_FILES)
def test_summary_is_printed_whole(file: str, pdf: ReadPdf) -> None:
    summary = norm(entry_for(file)["summary"])
    assert any(summary in norm(page) for page in pdf(file).pages)


def _windows(text: str, size: int = 6) -> set[str]:
    words = text.split()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


@pytest.mark.parametrize("file", [f for f in TEXT_FILES if not f.startswith("annual")])
def test_chapters_carry_the_summary_sentences_in_order(file: str, pdf: ReadPdf) -> None:
    e, pages = entry_for(file), [norm(p) for p in pdf(file).pages]
    chapters = [pages[c["page"] - 1] for c in e["contents"]]
    summary = norm(e["summary"])
    for chapter in chapters:
        assert _windows(chapter) & _windows(summary), "a chapter without summary text"
    sentences = re.split(r"(?<=[.?!])\s+(?=[A-Z0-9'‘“\uac00-\ud7a3])", summary)
    openings = [" ".join(s.split()[:6]) for s in sentences]
    found = [next(i for i, c in enumerate(chapters) if o in c) for o in openings]
    assert found == sorted(found)


@pytest.mark.parametrize("file", TEXT_FILES)
def test_pages_carry_running_headers_and_numbers(file: str, pdf: ReadPdf) -> None:
    e, pages = entry_for(file), pdf(file).pages
    label = norm(f"{e['series']} {e['number']}") if e["number"] else e["title"]
    for number, page in enumerate(pages[1:], start=2):
        assert label in norm(page), number
        assert str(number) in [line.strip() for line in page.splitlines()], number


@pytest.mark.parametrize("file", TEXT_FILES)
def test_page_count_and_range(file: str, pdf: ReadPdf) -> None:
    e = entry_for(file)
    assert len(pdf(file).pages) == e["pages"]
    low, high = PAGE_RANGES.get(e["type"], REPORT_PAGE_RANGE)
    assert low <= e["pages"] <= high


@pytest.mark.parametrize("file", TEXT_FILES)
def test_no_two_pages_alike(file: str, pdf: ReadPdf) -> None:
    pages = [norm(p) for p in pdf(file).pages]
    assert all(pages)
    assert len(set(pages)) == len(pages)


@pytest.mark.parametrize("file", TEXT_FILES)
def test_info_dictionary_matches_its_kind(file: str, pdf: ReadPdf) -> None:
    e, info = entry_for(file), pdf(file).info
    assert not {"untitled", "anonymous", "unspecified"} & set(info.values())
    if e["info"] == "correct":
        assert info["Title"] == e["title"]
        assert all(name in info["Author"] for name in e["chief"]) and info["Author"]
    elif e["info"] == "wrong":
        assert info["Title"] and info["Title"] != e["title"]
        assert "Author" in info
    else:
        assert e["info"] == "none"
        assert "Title" not in info and "Author" not in info


def test_info_kinds_are_balanced() -> None:
    kinds = Counter(e["info"] for e in ENTRIES)
    assert set(kinds) == {"correct", "wrong", "none"}
    assert min(kinds.values()) >= 12


def test_some_years_are_only_on_the_cover(pdf: ReadPdf) -> None:
    def dated(file: str) -> bool:
        info, year = pdf(file).info, str(entry_for(file)["year"])
        return any(info.get(k, "").startswith(f"D:{year}") for k in ("CreationDate", "ModDate"))

    assert sum(not dated(f) for f in TEXT_FILES) >= 3


def test_annual_report_lists_every_publication(pdf: ReadPdf) -> None:
    annual = next(f for f in FILES if entry_for(f)["type"] == "Annual Report")
    text = norm(" ".join(pdf(annual).pages))
    for e in ORIGINALS:
        if e["file"] != annual:
            assert norm(e["title"]) in text, e["title"]
            assert all(name in text for name in researchers(e)), e["title"]


def test_annual_report_carries_every_seed_paragraph(pdf: ReadPdf) -> None:
    lines = _seed_lines()
    annual = next(f for f in FILES if entry_for(f)["type"] == "Annual Report")
    furniture = {entry_for(annual)["title"], "Migration Research & Training Centre"}
    body = []
    for number, page in enumerate(pdf(annual).pages, start=1):
        # Drop running headers and page numbers so paragraphs read on across page breaks.
        kept = [s for s in page.splitlines() if s.strip() not in furniture | {str(number)}]
        body.append(" ".join(kept))
    text = norm(" ".join(body))
    paragraphs = [s.removeprefix("- ") for s in lines if len(s) > 150 and "\t" not in s]
    assert len(paragraphs) > 60
    for paragraph in paragraphs:
        assert norm(paragraph) in text, paragraph[:60]


# ---------------------------------------------------------------- Korean editions and the scan


def original_of(entry: dict[str, Any]) -> dict[str, Any]:
    return entry_for(entry.get("edition_of") or entry["scan_of"])


@pytest.mark.parametrize("file", [e["file"] for e in KOREAN])
def test_korean_edition_matches_its_original(file: str) -> None:
    e = entry_for(file)
    original = original_of(e)
    assert file == original["file"].removesuffix(".pdf") + "-ko.pdf"
    assert e["language"] == "ko" and original["language"] == "en"
    for same in ("series", "number", "type", "year"):
        assert e[same] == original[same], same
    assert len(e["contents"]) == len(original["contents"])
    # The title, the summary, the headings and every name are written in Hangul.
    assert HANGUL.search(e["title"]) and HANGUL.search(e["summary"])
    assert all(HANGUL.search(c["heading"]) for c in e["contents"])
    assert len(e["chief"]) == len(original["chief"]) and e["co_researchers"] == []
    assert all(re.fullmatch(r"[\uac00-\ud7a3]{2,4}", name) for name in e["chief"])


@pytest.mark.parametrize("file", [e["file"] for e in KOREAN])
def test_korean_edition_is_mostly_hangul(file: str, pdf: ReadPdf) -> None:
    text = "".join(pdf(file).pages)
    hangul = len(HANGUL.findall(text))
    assert hangul > 0.5 * sum(c.isalpha() for c in text)


def test_scan_is_its_original_as_images_only() -> None:
    (e,) = SCANS
    original = original_of(e)
    assert e["file"] == original["file"].removesuffix(".pdf") + "-scan.pdf"
    # The same publication in every field the catalog gives, the Info dictionary aside.
    assert {k for k in original if original[k] != e.get(k)} - {"info"} == {"file"}
    pages = list(extract_pages(CORPUS / e["file"]))
    assert len(pages) == e["pages"]
    for page in pages:
        assert not any(isinstance(item, LTTextContainer) for item in page)
        figures = [item for item in page if isinstance(item, LTFigure)]
        assert len(figures) == 1 and isinstance(next(iter(figures[0])), LTImage)
    assert extract_text(CORPUS / e["file"]).strip() == ""


# ---------------------------------------------------------------- reproducibility


def test_generator_reproduces_the_committed_corpus(tmp_path: Path) -> None:
    if not SEED.exists():
        pytest.skip("../shared/seed not present: cannot regenerate the corpus")
    missing = corpus_generator().missing_fonts()
    if missing:
        pytest.skip(f"cannot regenerate the corpus: {missing}")
    command = [sys.executable, str(CORPUS / "generate.py"), "--seed", str(SEED)]
    subprocess.run([*command, "--out", str(tmp_path)], check=True, capture_output=True)
    committed = {p.name for p in CORPUS.iterdir() if p.suffix in {".pdf", ".toml"}}
    assert {p.name for p in tmp_path.iterdir()} == committed
    for name in sorted(committed):
        assert (tmp_path / name).read_bytes() == (CORPUS / name).read_bytes(), name
