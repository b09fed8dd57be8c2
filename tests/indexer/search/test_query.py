"""The query language: what each construct means, and hostile input that must never fail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.cli.options import cli
from indexer.search.query import parse


def test_words_phrases_exclusions_and_fields() -> None:
    pq = parse(
        'refugee "temporary protection" -Sweden title:visa researcher:"Min Yi Yoo" '
        "type:Issue year:2019..2021"
    )
    assert pq.words == ["refugee"]
    assert pq.phrases == ["temporary protection"]
    assert pq.exclude_words == ["Sweden"]
    assert pq.titles == ["visa"]
    assert pq.researchers == ["Min Yi Yoo"]
    assert pq.types == ["Issue"]
    assert (pq.year_from, pq.year_to) == (2019, 2021)
    assert pq.notes == []


def test_year_forms() -> None:
    assert (parse("year:2020").year_from, parse("year:2020").year_to) == (2020, 2020)
    assert (parse("year:2021-2019").year_from, parse("year:2021-2019").year_to) == (2019, 2021)
    assert (parse("year:..2020").year_from, parse("year:..2020").year_to) == (None, 2020)
    assert "not a year" in parse("year:soon").notes[0]


def test_question_words_are_dropped_but_never_everything() -> None:
    assert parse("what did we conclude about vaccination?").words == ["vaccination"]
    assert parse("what did we do").words == ["what", "did", "we", "do"]


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ('refugee "resettlement', "unbalanced quote"),
        ("(refugee OR asylum", "unbalanced brackets"),
        ("colour:blue refugees", "unknown field 'colour:'"),
        ("title: refugees", "'title:' has no value"),
        ("*", "'*' ignored"),
        ("refugees -", "dangling '-'"),
    ],
)
def test_malformed_queries_fall_back_to_words_with_a_note(query: str, note: str) -> None:
    pq = parse(query)
    assert any(note in n for n in pq.notes), pq.notes


def test_operators_are_read_as_loose_words_and_not_as_exclusion() -> None:
    pq = parse("refugees AND asylum OR protection NOT Sweden")
    assert pq.words == ["refugees", "asylum", "protection"]
    assert pq.exclude_words == ["Sweden"]


HOSTILE = [
    "",
    " ",
    "*",
    "?",
    "-",
    "--",
    '"',
    '""',
    '"""',
    "(",
    ")",
    "[[[",
    "AND",
    "OR OR OR",
    "NOT",
    "refugee AND",
    "title:",
    "researcher:",
    "year:",
    "year:abcd",
    "year:99999",
    "type:Comic",
    "foo:bar:baz",
    ":::",
    "\x00\x01\x02 refugees \x1b[31m",
    "refugees\ttab\nnewline\r",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%s %d {0} ${x}",
    "\\",
    "re*fu?gee~2^3",
    "ünïcödé 난민 難民 لاجئ",
    "\u202erefugee\u202c",
    "a" * 5000,
    " ".join(["refugee"] * 2000),
    '"' + "word " * 500 + '"',
    "-refugee -asylum -protection",
    'title:"" researcher:"" type:""',
]


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_return_results_or_nothing_with_exit_0(
    corpus_index: Path, query: str
) -> None:
    # After "--" a query may start with "-", as with any command line tool.
    args = ["search", "--index", str(corpus_index), "--json", "--", query]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    data = json.loads(result.stdout)
    assert isinstance(data["hits"], list) and data["total"] >= len(data["hits"])
    assert set(data) >= {"total", "query", "interpreted_as", "hits", "facets", "suggestion"}
