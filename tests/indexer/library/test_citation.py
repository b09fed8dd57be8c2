"""Citations in APA, BibTeX and RIS from publication records, hand-made and from the corpus."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from indexer.library import citation
from indexer.library.results import PublicationDetail
from indexer.model import Metadata, PubRecord
from indexer.store.index import IndexReader
from indexer.types import PubType
from tests.conftest import load_catalog

BASE = PublicationDetail(
    id="d82440380c8e00ac",
    path="/reports/research-report-2021-02.pdf",
    title="The Direction of Immigration Policy according to Demographic Changes",
    type="Research Report",
    series="Research Report",
    number="2021-02",
    year=2021,
    chief=["Jeong-Woo Rhee"],
    co_researchers=["Min Yi Yoo", "Seonmi Shin", "Hyo-Won Choi"],
    researchers=["Jeong-Woo Rhee", "Min Yi Yoo", "Seonmi Shin", "Hyo-Won Choi"],
    organisation="Migration Research & Training Centre",
    pages=10,
    language="en",
    flags=[],
    ocr_pages=[],
    sources={},
    summary="In times of transition\nand crisis.",
    contents=[],
    page_count=10,
    page_languages=[],
    sha256="d82440380c8e00ac" + "0" * 48,
    size=1000,
    indexed_at="2021-06-01T00:00:00Z",
)


def record(**overrides: Any) -> PublicationDetail:
    return replace(BASE, **overrides)


@pytest.mark.parametrize(
    ("name", "family", "given"),
    [
        ("Min Yi Yoo", "Yoo", "Min Yi"),
        ("Yoo, Min Yi", "Yoo", "Min Yi"),
        ("Jeong-Woo Rhee", "Rhee", "Jeong-Woo"),
        ("  Seo  yeon Park ", "Park", "Seo yeon"),
        ("Given van Family", "van Family", "Given"),
        ("Family", "Family", ""),
    ],
)
def test_split_name(name: str, family: str, given: str) -> None:
    assert citation.split_name(name) == citation.PersonName(family, given)


def test_initials_keep_hyphens_and_capitalise() -> None:
    assert citation.initials("Min Yi") == "M. Y."
    assert citation.initials("Jeong-Woo") == "J.-W."
    assert citation.initials("Seo yeon") == "S. Y."


def test_apa_report() -> None:
    assert citation.apa(record()) == (
        "Rhee, J.-W., Yoo, M. Y., Shin, S., & Choi, H.-W. (2021). The Direction of Immigration "
        "Policy according to Demographic Changes (Research Report No. 2021-02). "
        "Migration Research & Training Centre."
    )


def test_apa_author_counts_and_missing_parts() -> None:
    assert citation.apa(record(researchers=["Min Yi Yoo"], year=None)).startswith(
        "Yoo, M. Y. (n.d.). "
    )
    two = citation.apa(record(researchers=["Min Yi Yoo", "Seori Choi"]))
    assert two.startswith("Yoo, M. Y., & Choi, S. (2021).")
    # A group author is the organisation, not repeated as publisher.
    group = citation.apa(record(researchers=[], number="", title="Annual Report 2021?"))
    assert group == "Migration Research & Training Centre. (2021). Annual Report 2021?"
    many = [f"Given{chr(65 + i)} Family{chr(65 + i)}" for i in range(22)]
    listed = citation.apa_authors(many)
    assert listed.count(", . . . ") == 1 and listed.endswith("FamilyV, G.")
    assert "FamilyT" not in listed and "FamilyS, G." in listed


def test_bibtex_entry_is_escaped_and_balanced() -> None:
    entry = citation.bibtex(record(title="Costs of 50% {more} & less_than $1 #2"))
    assert entry.startswith("@techreport{rhee2021costs,\n")
    assert r"{Costs of 50\% \{more\} \& less\_than \$1 \#2}" in entry
    assert (
        "author      = {Rhee, Jeong-Woo and Yoo, Min Yi and Shin, Seonmi and Choi, Hyo-Won}"
        in entry
    )
    assert r"institution = {Migration Research \& Training Centre}" in entry
    assert "number      = {2021-02}" in entry
    body = re.sub(r"\\[{}]", "", entry)
    assert body.count("{") == body.count("}")
    assert entry.endswith("}\n")


def test_bibtex_misc_for_non_reports_and_ascii_key() -> None:
    entry = citation.bibtex(record(type="Annual Report", researchers=["Given Ångström"]))
    assert entry.startswith("@misc{angstrom2021direction,")
    assert "publisher   = {Migration Research \\& Training Centre}" in entry
    lone = citation.bibtex(record(researchers=["Family"]))
    assert "author      = {{Family}}" in lone


def test_ris_one_tag_per_line() -> None:
    text = citation.ris(record(title="A title\nover two lines"))
    lines = text.splitlines()
    assert lines[0] == "TY  - RPRT"
    assert lines[1:5] == [
        "AU  - Rhee, Jeong-Woo",
        "AU  - Yoo, Min Yi",
        "AU  - Shin, Seonmi",
        "AU  - Choi, Hyo-Won",
    ]
    assert "TI  - A title over two lines" in lines
    assert "PY  - 2021" in lines and "SN  - 2021-02" in lines
    assert "AB  - In times of transition and crisis." in lines
    assert lines[-1] == "ER  - "
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines)


def test_control_characters_never_reach_a_citation() -> None:
    rec = record(title="Bad\x00title\x1b[31m", researchers=["Min\tYi\x07 Yoo"])
    for text in citation.citations(rec).values():
        assert not re.search(r"[\x00-\x08\x0b-\x1f]", text)
    assert "Yoo, Min Yi" in citation.ris(rec)


def test_a_record_cites_as_its_detail_does() -> None:
    rec = PubRecord(
        id=BASE.id,
        path=BASE.path,
        sha256=BASE.sha256,
        size=BASE.size,
        mtime_ns=0,
        pages=BASE.pages,
        meta=Metadata(
            title=BASE.title,
            type=BASE.type,
            series=BASE.series,
            number=BASE.number,
            year=BASE.year,
            chief=["Jeong-Woo Rhee"],
            co_researchers=["Min Yi Yoo", "Seonmi Shin", "Hyo-Won Choi"],
            organisation=BASE.organisation,
            summary=BASE.summary,
        ),
    )
    assert citation.citations(rec) == citation.citations(BASE)
    assert citation.cite_key(rec) == "rhee2021direction"


def test_report_types_come_from_the_type_vocabulary() -> None:
    assert all(isinstance(t, PubType) for t in citation.REPORT_TYPES)
    assert PubType.OTHER not in citation.REPORT_TYPES
    assert citation.ris(record(type=PubType.WORKING_PAPER.value)).startswith("TY  - RPRT\n")
    assert citation.ris(record(type=PubType.RESEARCH_COLLECTION.value)).startswith("TY  - GEN\n")


def test_every_corpus_publication_cites_its_catalog_authors(corpus_index: Path) -> None:
    catalog = {str(p["file"]): p for p in load_catalog()}
    for rec in IndexReader(corpus_index).records():
        truth = catalog[Path(rec.path).name]
        names = [*truth["chief"], *truth["co_researchers"]]  # type: ignore[misc]
        cites = citation.citations(rec)
        assert set(cites) == {"APA", "BibTeX", "RIS"}
        ris_authors = [ln[6:] for ln in cites["RIS"].splitlines() if ln.startswith("AU  - ")]
        assert [citation.split_name(a).family for a in ris_authors] == [
            citation.split_name(n).family for n in names
        ]
        assert f"({truth['year']})." in cites["APA"]
        assert cites["BibTeX"].startswith(("@techreport{", "@misc{"))
