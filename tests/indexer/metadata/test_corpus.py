"""Metadata detection on the bundled corpus, field by field against corpus/catalog.toml.

Only this test reads the catalog; the indexer sees nothing but the PDFs.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from indexer.extract.pdf import extract_pdf
from indexer.metadata.assemble import detect
from indexer.model import Metadata

CORPUS = Path(__file__).resolve().parents[3] / "corpus"
FIELDS = ("title", "type", "series", "number", "year", "chief", "co_researchers", "language")


def catalog() -> list[dict[str, Any]]:
    path = CORPUS / "catalog.toml"
    if not path.exists():
        pytest.skip("corpus/catalog.toml not present")
    return list(tomllib.loads(path.read_text(encoding="utf-8"))["publication"])


@pytest.fixture(scope="module")
def detected() -> dict[str, Metadata]:
    return {e["file"]: detect(extract_pdf(CORPUS / e["file"])) for e in catalog()}


def test_the_catalog_covers_the_whole_corpus() -> None:
    assert sorted(e["file"] for e in catalog()) == sorted(p.name for p in CORPUS.glob("*.pdf"))


@pytest.mark.parametrize("field", FIELDS)
def test_field_matches_the_catalog_for_every_publication(
    detected: dict[str, Metadata], field: str
) -> None:
    wrong = [
        f"{e['file']}: {getattr(detected[e['file']], field)!r} != {e[field]!r}"
        for e in catalog()
        if getattr(detected[e["file"]], field) != e[field]
    ]
    assert wrong == []


def test_every_contents_entry_is_found_on_its_page(detected: dict[str, Metadata]) -> None:
    wrong = []
    for e in catalog():
        ours = [(c.heading, c.page) for c in detected[e["file"]].contents]
        want = [(c["heading"], c["page"]) for c in e["contents"]]
        if ours != want:
            wrong.append(f"{e['file']}: {ours} != {want}")
    assert wrong == []
    assert sum(len(e["contents"]) for e in catalog()) > 100  # the check is not vacuous


def test_sources_say_where_fields_came_from(detected: dict[str, Metadata]) -> None:
    for e in catalog():
        meta = detected[e["file"]]
        assert meta.sources["title"] == "cover", e["file"]
        if e["chief"]:
            assert meta.sources["chief"] == "cover", e["file"]
        assert meta.summary, e["file"]
