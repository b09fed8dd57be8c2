"""Exports of whole result sets, read back with independent CSV, BibTeX and RIS parsers."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import bibtexparser
import rispy
from click.testing import CliRunner

from indexer.cli import cli
from indexer.library import export
from tests.conftest import load_catalog
from tests.indexer.library.test_citation import record

# Three types whose publications number 40 in the catalog: a search bigger than any page.
FORTY_TYPES = ("Issue Brief", "Research Report", "Working Paper")


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _type_args() -> list[str]:
    return [a for t in FORTY_TYPES for a in ("--type", t)]


def test_a_forty_hit_search_exports_forty_bibtex_entries(corpus_index: Path) -> None:
    assert sum(p["type"] in FORTY_TYPES for p in load_catalog()) == 40
    text = _run("search", "--index", str(corpus_index), *_type_args(), "--format", "bibtex")
    lib = bibtexparser.parse_string(text)
    assert lib.failed_blocks == []
    assert len(lib.entries) == 40
    assert len({e.key for e in lib.entries}) == 40
    numbers = sorted(e.fields_dict["number"].value for e in lib.entries)
    assert numbers == sorted(str(p["number"]) for p in load_catalog() if p["type"] in FORTY_TYPES)


def test_a_forty_hit_search_exports_forty_ris_records(corpus_index: Path) -> None:
    text = _run("search", "--index", str(corpus_index), *_type_args(), "--format", "ris")
    entries = rispy.loads(text)
    assert len(entries) == 40
    assert {e["type_of_reference"] for e in entries} == {"RPRT"}
    # Round trip: written again by rispy and read again, nothing is lost.
    assert rispy.loads(rispy.dumps(entries)) == entries
    by_number = {(e.get("tertiary_title"), e.get("issn")) for e in entries}
    catalog = {
        (str(p["series"]), str(p["number"])) for p in load_catalog() if p["type"] in FORTY_TYPES
    }
    assert by_number <= catalog


def test_a_forty_hit_search_exports_forty_csv_rows(corpus_index: Path) -> None:
    text = _run("search", "--index", str(corpus_index), *_type_args(), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 40
    assert {r["type"] for r in rows} == set(FORTY_TYPES)


def test_list_exports_every_publication(corpus_index: Path) -> None:
    catalog = load_catalog()
    for fmt, count in (
        ("csv", lambda t: len(list(csv.DictReader(io.StringIO(t))))),
        ("ris", lambda t: len(rispy.loads(t))),
        ("bibtex", lambda t: len(bibtexparser.parse_string(t).entries)),
    ):
        assert count(_run("list", "--index", str(corpus_index), "--format", fmt)) == len(catalog)


def test_one_author_one_year_gets_lettered_keys() -> None:
    twins = [record(), record(id="e" * 16), record(id="f" * 16, title="Another Title")]
    keys = export.unique_keys(twins)
    assert keys[0] != keys[1] and keys[0][:-1] == keys[1][:-1]
    assert len(set(keys)) == 3


def test_special_characters_survive_both_parsers() -> None:
    odd = replace(record(), title="Cost & Benefit: 50% {of} $migrants_#1 ~ ^", summary="a\nb")
    lib = bibtexparser.parse_string(export.export([odd], "bibtex").text)
    assert lib.failed_blocks == [] and len(lib.entries) == 1
    (ris,) = rispy.loads(export.export([odd], "ris").text)
    assert ris["title"] == "Cost & Benefit: 50% {of} $migrants_#1 ~ ^"
    assert ris["abstract"] == "a b"


def test_csv_cells_never_start_a_formula() -> None:
    evil = replace(record(), title="=HYPERLINK(1)")
    (row,) = csv.DictReader(io.StringIO(export.export([evil], "csv").text))
    assert not row["title"].startswith("=")
    assert "HYPERLINK(1)" in row["title"]
