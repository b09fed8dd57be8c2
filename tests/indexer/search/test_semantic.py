"""Fusion of BM25 with embedding similarity: the formula on hand-built cases, and the Searcher."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from indexer.search import semantic
from indexer.search.searcher import Searcher, SearchRequest
from indexer.search.semantic import DocVectors, Fusion

# Four documents (numbers 3, 5, 8, 9) whose cosines with the query vector (1, 0) are these.
COSINES = {3: 0.1, 5: 0.5, 8: 0.3, 9: 0.9}
QUERY = np.array([1.0, 0.0], dtype=np.float32)


def hand_vectors() -> DocVectors:
    rows = [np.array([c, math.sqrt(1 - c * c)], dtype=np.float32) for c in COSINES.values()]
    return DocVectors(list(COSINES), rows, 2)


def test_cosines_are_read_by_document_number() -> None:
    got = hand_vectors().cosines(np.array([8, 3, 4, 50]), QUERY)
    # 4 and 50 have no vector (a page, a document past the last publication): cosine 0.
    np.testing.assert_allclose(got, [0.3, 0.1, 0.0, 0.0], atol=1e-3)


def test_minmax_fusion_follows_the_formula() -> None:
    # BM25 10, 8, 2 -> 1, 0.75, 0; cosines 0.1, 0.5, 0.3 -> 0, 1, 0.5; w = 0.4:
    # 0.6 * 1 + 0.4 * 0 = 0.6; 0.6 * 0.75 + 0.4 * 1 = 0.85; 0.6 * 0 + 0.4 * 0.5 = 0.2.
    got = semantic.fused_scores(np.array([10.0, 8.0, 2.0]), np.array([0.1, 0.5, 0.3]), 0.4)
    np.testing.assert_allclose(got, [0.6, 0.85, 0.2])


def test_max_fusion_follows_the_formula() -> None:
    # BM25 / its maximum: 1, 0.8, 0.2; raw cosines; w = 0.4:
    # 0.6 + 0.04 = 0.64; 0.48 + 0.2 = 0.68; 0.12 + 0.12 = 0.24.
    got = semantic.fused_scores(
        np.array([10.0, 8.0, 2.0]), np.array([0.1, 0.5, 0.3]), 0.4, norm="max"
    )
    np.testing.assert_allclose(got, [0.64, 0.68, 0.24])


def test_rerank_reorders_the_top_and_keeps_the_rest() -> None:
    ranked = [(3, 10.0), (5, 8.0), (8, 2.0), (9, 1.0)]
    got = semantic.rerank(ranked, QUERY, hand_vectors(), Fusion(depth=3, weight=0.4))
    # Fused 0.6, 0.85, 0.2 (above): 5 first, then 3, then 8; 9 lies below the depth and stays
    # last with its BM25 score although its cosine is the highest.
    assert [n for n, _ in got] == [5, 3, 8, 9]
    # Scores laid over the candidates' BM25 range [2, 10]: 0.85 -> 10, 0.2 -> 2,
    # 0.6 -> 2 + 8 * (0.6 - 0.2) / (0.85 - 0.2).
    expected = [10.0, 2 + 8 * 0.4 / 0.65, 2.0, 1.0]
    np.testing.assert_allclose([s for _, s in got], expected, atol=0.02)


def test_rerank_with_weight_zero_keeps_the_bm25_order() -> None:
    ranked = [(3, 10.0), (5, 8.0), (8, 2.0), (9, 1.0)]
    got = semantic.rerank(ranked, QUERY, hand_vectors(), Fusion(weight=0.0))
    assert [n for n, _ in got] == [3, 5, 8, 9]


def test_the_hangul_rule_and_the_query_text() -> None:
    f = Fusion()
    assert f.applies("refugee resettlement")
    assert not f.applies("난민 resettlement")
    assert not f.applies("   ")
    assert Fusion(hangul=True).applies("난민 resettlement")
    assert not Fusion(weight=0.0).applies("refugee resettlement")
    # Every word as typed, question words too (unlike BM25's query).
    words = ["what", "did", "we", "conclude", "about", "refugees?"]
    assert semantic.query_text(words) == "what did we conclude about refugees?"
    assert semantic.query_text(["refugee"], ["local community"]).split() == [
        "refugee",
        "local",
        "community",
    ]


QUERIES = [
    "vaccination of undocumented foreigners",
    "refugee resettlement",
    "what did we conclude about employment visas?",
    "local government budgets for foreign residents",
    '"social cohesion" indicators',
]


@pytest.fixture(scope="module")
def searchers(corpus_index: Path) -> tuple[Searcher, Searcher]:
    fused, plain = Searcher(corpus_index), Searcher(corpus_index)
    plain.reranker = semantic.Reranker(Fusion(weight=0.0))
    return fused, plain


@pytest.mark.parametrize("query", QUERIES)
def test_fusion_keeps_the_hits_and_counts(searchers: tuple[Searcher, Searcher], query: str) -> None:
    fused, plain = searchers
    req = SearchRequest(query, limit=100)
    a, b = fused.search(req), plain.search(req)
    assert a.total == b.total > 0
    assert a.facets == b.facets
    assert {h.id for h in a.hits} == {h.id for h in b.hits}
    assert sorted(fused.ranked_ids(req)) == sorted(plain.ranked_ids(req))
    scores = [h.score for h in a.hits]
    assert scores == sorted(scores, reverse=True)


def test_fusion_changes_the_order_of_english_queries_only(
    searchers: tuple[Searcher, Searcher],
) -> None:
    fused, plain = searchers

    def order(s: Searcher, q: str) -> list[str]:
        return [h.id for h in s.search(SearchRequest(q, limit=20)).hits]

    assert any(order(fused, q) != order(plain, q) for q in QUERIES)
    for q in ("난민 resettlement", "백신 접종"):
        assert order(fused, q) == order(plain, q)
