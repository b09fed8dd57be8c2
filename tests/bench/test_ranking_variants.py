"""The benchmark's scoring variants against what their definitions say on a tiny index."""

from __future__ import annotations

from math import log
from pathlib import Path
from typing import Any

import pytest

from bench import ranking_variants
from bench.ranking_variants import Levers, VariantBM25F
from indexer.search import ranking
from indexer.search.ranking import PubBM25F, TextQuery
from tests.bench.test_ir_metrics import DOCS, make_index


def scores(ix: Any, model: PubBM25F, words: list[str]) -> dict[str, float]:
    with ix.searcher(weighting=model) as s:
        q = ranking.build_query(ix.schema, TextQuery(words), model=model)
        return {hit["doc_id"]: hit.score for hit in s.search(q, limit=None)}


@pytest.fixture
def ix(tmp_path: Path) -> Any:
    return make_index(tmp_path, DOCS)


def test_production_levers_give_the_production_model() -> None:
    assert ranking_variants.model() == ranking.weighting()
    faster = ranking_variants.model(k1=0.9)
    assert type(faster) is PubBM25F and faster.params.k1 == 0.9
    assert isinstance(ranking_variants.model(idf="whoosh"), VariantBM25F)


def test_all_document_statistics_count_the_pages(tmp_path: Path) -> None:
    ix = make_index(tmp_path, DOCS, page_docs=True)
    with ix.searcher() as s:
        assert ranking.weighting().n_docs(s) == len(DOCS)
        assert ranking_variants.model(pub_stats=False).n_docs(s) == 2 * len(DOCS)


def test_whoosh_idf() -> None:
    assert VariantBM25F(ranking.PARAMS, Levers(idf="whoosh")).idf_of(9, 2) == log(3) + 1


def test_per_field_sum_equals_pooling_when_words_are_in_one_field(ix: Any) -> None:
    # The documents have a body only, of weight 1: pooling one field is scoring that field.
    words = ["undocumented", "measles", "foreigners"]
    pooled = scores(ix, ranking.weighting(), words)
    summed = scores(ix, ranking_variants.model(combine="sum"), words)
    assert summed.keys() == pooled.keys() and pooled
    assert all(summed[d] == pytest.approx(pooled[d], rel=1e-12) for d in pooled)


def test_coordination_factor_scales_by_the_share_of_idf_matched(ix: Any) -> None:
    words = ["measles", "undocumented"]
    plain = scores(ix, ranking.weighting(), words)
    coord = scores(ix, ranking_variants.model(coord=1.0), words)
    # "measles" is in two of the five documents, "undocumented" in three.
    idf_measles = ranking.weighting().idf_of(5, 2)
    idf_undocumented = ranking.weighting().idf_of(5, 3)
    total = idf_measles + idf_undocumented
    assert coord["all-words"] == pytest.approx(plain["all-words"])
    assert coord["one-word"] == pytest.approx(plain["one-word"] * idf_measles / total)
    assert coord["phrase"] == pytest.approx(plain["phrase"] * idf_undocumented / total)
