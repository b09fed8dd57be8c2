"""The text fields' quick indexing gives exactly the terms, positions and weights of Whoosh's
own analysis with the same analyzer."""

from __future__ import annotations

import pickle
import random
from pathlib import Path
from typing import Any

from whoosh.analysis import LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.fields import TEXT

from indexer.store import schema
from indexer.store.analysis import TOKEN_PATTERN, HangulBigramFilter, QuickText, _is_text_chain
from indexer.store.index import IndexReader

# Texts where tokenising, case folding, Hangul bigrams and stemming have edges.
EDGES = [
    "",
    "   \n\t ",
    "Refugees' resettlement: the U.S.A. and e.g. 3.5% of 1,200 migrants (2019-2021).",
    "Running running runs ran RUNNER Runners' nationalities NATIONALITY",
    "재정착 난민의 지역사회 정착을 위한 과제",
    "지방\n자치단체 지방  자치 COVID19에 3국으로 난민법.",
    "한 글 자",
    "İstanbul STRASSE straße ΟΔΟΣ Ὀδυσσεύς ﬁnance Ǆemal",
    "e*mail wild*card **stars** under_score __init__ a.b.c. .dot. 1.2.3",
    "移民政策 研究院 العربية اللاجئين हिन्दी ไทย",
    "Combining: e\u0301te\u0301 cafe\u0301, n\u0303",
    "Numbers ¹²³ ½ ⅔ ٣٤٥ and full-width ＡＢＣ１２３",
]


def _whoosh(field: Any, text: str) -> list[tuple[bytes, int, float, bytes]]:
    """The postings TEXT's own index() makes of `text` with the same analyzer and format."""
    return sorted(TEXT.index(field, text))


def _quick(field: Any, text: str) -> list[tuple[bytes, int, float, bytes]]:
    return sorted(field.index(text))


def test_the_text_fields_take_the_quick_path_and_other_analyzers_do_not() -> None:
    fields = schema.build_schema()
    for name in ("title", "summary", "headings", "body", "passage"):
        assert type(fields[name]) is QuickText
        assert _is_text_chain(fields[name].analyzer)
    assert not _is_text_chain(schema.text_analyzer(frozenset({"the"})))
    assert not _is_text_chain(schema.name_analyzer())
    french = RegexTokenizer(TOKEN_PATTERN) | HangulBigramFilter() | LowercaseFilter()
    assert not _is_text_chain(french | StemFilter(lang="fr"))
    assert _is_text_chain(french | StemFilter(lang="en"))


def test_edge_texts_index_as_whoosh_indexes_them() -> None:
    field = schema.build_schema()["body"]
    for text in EDGES:
        assert _quick(field, text) == _whoosh(field, text), text


def test_random_texts_index_as_whoosh_indexes_them() -> None:
    """Random mixtures of scripts, cases, digits, dots, stars and spaces."""
    pool = [*"aAbBzZ019._*'-,  \n\t한국어난민정착ßİΣσ日本éü", "\u0301", "ﬁ"]
    words = ["running", "Nationalities", "policy", "U.S.", "3.5", "재정착", "the", "A"]
    rng = random.Random(20261202)
    field = schema.build_schema()["passage"]
    for _ in range(400):
        parts = [
            rng.choice(words) if rng.random() < 0.3 else rng.choice(pool)
            for _ in range(rng.randint(0, 80))
        ]
        text = "".join(parts)
        assert _quick(field, text) == _whoosh(field, text), repr(text)


def test_every_corpus_page_and_body_index_as_whoosh_indexes_them(corpus_index: Path) -> None:
    field = schema.build_schema()["body"]
    reader = IndexReader(corpus_index)
    records = reader.records()
    assert records
    for rec in records:
        pages = reader.page_texts(rec.id)
        for text in pages:
            assert _quick(field, text) == _whoosh(field, text)
        body = "\n".join(pages)
        assert _quick(field, body) == _whoosh(field, body)


def test_another_analyzer_is_indexed_by_whoosh_itself() -> None:
    analyzer = schema.text_analyzer(frozenset({"the", "of"}))
    field = QuickText(analyzer=analyzer, phrase=True)
    text = "the rule of law and the rules"
    expected = sorted(TEXT(analyzer=analyzer, phrase=True).index(text))
    assert _quick(field, text) == expected
    assert b"the" not in {term for term, *_ in expected}


def test_a_pickled_field_leaves_its_path_choice_behind_and_still_indexes() -> None:
    field = schema.build_schema()["title"]
    list(field.index("Resettled refugees"))
    assert field.__dict__["_quick"] is True
    copy = pickle.loads(pickle.dumps(field))
    assert "_quick" not in copy.__dict__
    assert _quick(copy, "Resettled refugees") == _whoosh(field, "Resettled refugees")
