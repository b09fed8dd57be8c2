"""Extraction: page texts match pdfminer's own text output, and layout data is kept per line."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from pdfminer.high_level import extract_text
from pdfminer.layout import LAParams

from indexer.extract import cache
from indexer.extract.pdf import ExtractionError, extract_pdf
from indexer.files import file_sha256
from tests.conftest import CORPUS, MakePdf, shared_or_skip


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("name", ["nonfree/naacl06-shinyama.pdf", "contrib/pagelabels.pdf"])
def test_page_texts_equal_plain_pdfminer_text(name: str) -> None:
    pdf = shared_or_skip("pdf-samples", "pdfminer", *name.split("/"))
    ex = extract_pdf(pdf)
    for page in ex.pages:
        plain = extract_text(str(pdf), page_numbers=[page.number - 1], laparams=LAParams())
        assert squash(page.text) == squash(plain)


def test_pages_keep_numbers_fonts_and_positions(make_pdf: MakePdf) -> None:
    pdf = make_pdf(
        "x.pdf",
        [[("Big Title", 24), ("small line", 9)], ["second page"]],
        info={"Title": "Big Title", "Author": "Min Yi Yoo"},
    )
    ex = extract_pdf(pdf, sha256="abc")
    assert [p.number for p in ex.pages] == [1, 2]
    title, small = ex.pages[0].lines
    assert (title.text, title.size) == ("Big Title", 24.0)
    assert (small.text, small.size) == ("small line", 9.0)
    assert title.y0 > small.y0  # PDF coordinates grow upwards
    assert ex.info["Title"] == "Big Title" and ex.info["Author"] == "Min Yi Yoo"
    assert "second page" in ex.pages[1].text


def test_corpus_pdf_round_trips_through_the_cache(tmp_path: Path) -> None:
    pdf = CORPUS / "issue-brief-2021-07.pdf"
    sha = file_sha256(pdf)
    ex = extract_pdf(pdf, sha256=sha)
    cache.store(tmp_path, ex)
    assert cache.load(tmp_path, sha) == ex
    assert cache.load(tmp_path, "0" * 64) is None


def test_damaged_cache_entry_is_a_miss(tmp_path: Path, make_pdf: MakePdf) -> None:
    pdf = make_pdf("x.pdf", [["text"]])
    ex = extract_pdf(pdf, sha256="ab" * 32)
    cache.store(tmp_path, ex)
    for f in tmp_path.rglob("*.json.gz"):
        f.write_bytes(b"garbage")
    assert cache.load(tmp_path, "ab" * 32) is None


def test_a_torn_cache_entry_is_a_miss(tmp_path: Path) -> None:
    # Entries are not synced to disk before the rename, so a power cut may leave one empty,
    # cut short or with a damaged compressed stream: each must read as a miss.
    pdf = CORPUS / "issue-brief-2021-07.pdf"
    sha = file_sha256(pdf)
    cache.store(tmp_path, extract_pdf(pdf, sha256=sha))
    (entry,) = tmp_path.rglob("*.json.gz")
    whole = entry.read_bytes()
    damaged = bytearray(whole)
    damaged[len(whole) // 2 : len(whole) // 2 + 64] = bytes(64)
    for blob in (b"", whole[: len(whole) // 2], bytes(damaged)):
        entry.write_bytes(blob)
        assert cache.load(tmp_path, sha) is None


def test_a_cache_entry_is_written_without_waiting_for_the_disk(
    tmp_path: Path, make_pdf: MakePdf, monkeypatch: pytest.MonkeyPatch
) -> None:
    ex = extract_pdf(make_pdf("x.pdf", [["text"]]), sha256="cd" * 32)

    def no_sync(fd: int) -> None:
        raise AssertionError("the cache synced a file")

    monkeypatch.setattr(os, "fsync", no_sync)
    cache.store(tmp_path, ex)
    assert cache.load(tmp_path, "cd" * 32) == ex


def test_not_a_pdf_raises_extraction_error(tmp_path: Path) -> None:
    bogus = tmp_path / "x.pdf"
    bogus.write_text("%PDF-1.4 but nothing else")
    with pytest.raises(ExtractionError, match="corrupt"):
        extract_pdf(bogus)
