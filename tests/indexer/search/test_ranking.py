"""Production ranking: pooled scores equal the BM25F formula written out term by term."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from math import log
from pathlib import Path
from typing import Any

import pytest

from indexer.search import ranking
from indexer.search._postings import score_all
from indexer.search.query import QUESTION_WORDS, parse
from indexer.store import schema


@pytest.fixture(scope="module")
def whoosh_searcher(corpus_index: Path) -> Iterator[Any]:
    with schema.open_index(corpus_index).searcher(weighting=ranking.weighting()) as s:
        yield s


def bm25f_by_hand(s: Any, qterms: dict[str, float], fields: dict[str, float]) -> dict[int, float]:
    """BM25F from Whoosh's public API: per term, each field's frequency length-normalised and
    weighted, summed over the fields, saturated once; N and lengths over publications only."""
    p = ranking.PARAMS
    reader = s.reader()
    n = s.doc_frequency("kind", "pub")
    scores: dict[int, float] = {}
    for term, qweight in qterms.items():
        tf: dict[int, float] = {}
        for f, w in fields.items():
            btext = s.schema[f].to_bytes(term)
            if (f, btext) not in reader:
                continue
            avg = s.field_length(f) / n
            b = p.field_b[f]
            m = reader.postings(f, btext)
            while m.is_active():
                d = m.id()
                norm = (1 - b) + b * reader.doc_field_length(d, f, 1) / avg
                tf[d] = tf.get(d, 0.0) + w * m.weight() / norm
                m.next()
        idf = log(1 + (n - len(tf) + 0.5) / (len(tf) + 0.5))
        for d, t in tf.items():
            scores[d] = scores.get(d, 0.0) + qweight * idf * t * (p.k1 + 1) / (t + p.k1)
    return scores


@pytest.mark.parametrize(
    "text", ["refugee resettlement census", "refugees and more refugees", "vaccine"]
)
def test_pooled_scores_equal_the_formula(whoosh_searcher: Any, text: str) -> None:
    fields = {f: w for f, w in ranking.FIELD_WEIGHTS.items() if f not in ranking.NAME_FIELDS}
    analysed = [t.text for t in whoosh_searcher.schema["body"].analyzer(text)]
    qterms = {t: float(c) for t, c in Counter(analysed).items()}
    q = ranking.PooledTerms(qterms, fields)
    got = {hit.docnum: hit.score for hit in whoosh_searcher.search(q, limit=None)}
    expected = bm25f_by_hand(whoosh_searcher, qterms, fields)
    assert got.keys() == expected.keys() and got
    assert all(abs(got[d] - expected[d]) < 1e-9 for d in got)


def test_a_repeated_word_weighs_double(whoosh_searcher: Any) -> None:
    q = ranking.build_query(whoosh_searcher.schema, ranking.TextQuery(["refugees", "refugee"]))
    pooled = [c for c in q.subqueries if isinstance(c, ranking.PooledTerms)]
    assert [p.qterms for p in pooled] == [{"refuge": 2.0}]


@pytest.mark.parametrize("word", sorted(QUESTION_WORDS))
def test_the_query_language_and_the_ranking_drop_the_same_words(word: str) -> None:
    assert parse(f"{word} vaccines").words == ["vaccines"]
    assert ranking.content_words([word, "vaccines"]).split() == ["vaccines"]
    assert parse(word).words == [word]
    assert ranking.content_words([word]) == word


def test_stop_words_are_indexed_so_phrases_are_exact_and_loose_ones_select_nothing(
    tmp_path: Path,
) -> None:
    ix = schema.create_index(tmp_path)
    with ix.writer() as w:
        w.add_document(doc_id="1", kind="pub", pub="1", title="The rule of law")
        w.add_document(doc_id="2", kind="pub", pub="2", title="Rule law")
        w.add_document(doc_id="3", kind="pub", pub="3", title="Notes of the census")
    with ix.searcher(weighting=ranking.weighting()) as s:

        def ids(text: str) -> set[str]:
            found = score_all(s, ranking.search_query(ix.schema, parse(text)))
            return {s.stored_fields(d)["doc_id"] for d in found}

        # "of" is in the index, so the phrase needs it between the two words.
        assert ids('"rule of law"') == {"1"}
        # Loose stop words are left out of the query: "of the" does not bring in the census.
        assert ids("the rule of law") == {"1", "2"}
        # Unless nothing else remains.
        assert ids("the") == {"1", "3"}
