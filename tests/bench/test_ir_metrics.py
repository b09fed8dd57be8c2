"""The relevance measures against hand-computed cases, and the ranking on tiny real indexes."""

from __future__ import annotations

from math import log2
from pathlib import Path
from typing import Any

import pytest

from bench.ir_metrics import mean_over_queries, ndcg_at_k, recall_at_k
from indexer.search import ranking
from indexer.search.ranking import TextQuery
from indexer.store import schema
from tests.conftest import shared_or_skip

# -- nDCG@10 and Recall@100 --------------------------------------------------------------


def test_ndcg_two_relevant_at_ranks_1_and_3() -> None:
    got = ndcg_at_k(["a", "x", "b", "y"], {"a", "b"}, 10)
    expected = (1 / log2(2) + 1 / log2(4)) / (1 / log2(2) + 1 / log2(3))
    assert got == pytest.approx(expected)


def test_ndcg_one_relevant_at_rank_3() -> None:
    assert ndcg_at_k(["x", "y", "a"], {"a"}, 10) == pytest.approx((1 / log2(4)) / (1 / log2(2)))


def test_ndcg_counts_nothing_past_the_cutoff() -> None:
    ranked = [f"x{i}" for i in range(10)] + ["a"]
    assert ndcg_at_k(ranked, {"a"}, 10) == 0.0


def test_ndcg_ideal_ranking_is_cut_at_k() -> None:
    # Twelve relevant documents: the ideal list has ten of them, so ten found is perfect.
    relevant = {f"r{i}" for i in range(12)}
    assert ndcg_at_k(sorted(relevant)[:10], relevant, 10) == pytest.approx(1.0)
    # Relevant at ranks 1 and 2 of 3 judged: DCG 1/log2(2) + 1/log2(3) over all three ideal.
    got = ndcg_at_k(["r0", "r1", "x"], {"r0", "r1", "r2"}, 10)
    expected = (1 / log2(2) + 1 / log2(3)) / (1 / log2(2) + 1 / log2(3) + 1 / log2(4))
    assert got == pytest.approx(expected)


def test_recall_at_100() -> None:
    ranked = ["a"] + [f"x{i}" for i in range(98)] + ["b", "c"]  # b at rank 100, c at 101
    assert recall_at_k(ranked, {"a", "b", "c"}, 100) == pytest.approx(2 / 3)
    assert recall_at_k([], {"a"}, 100) == 0.0


def test_mean_scores_a_judged_query_without_results_as_zero() -> None:
    qrels = {"q1": {"a"}, "q2": {"b"}}
    runs = {"q1": ["x", "a"]}
    assert mean_over_queries(runs, qrels, "ndcg", 10) == pytest.approx(
        ((1 / log2(3)) / (1 / log2(2)) + 0) / 2
    )
    assert mean_over_queries(runs, qrels, "recall", 100) == pytest.approx((1 + 0) / 2)


# -- build_query on a real index -----------------------------------------------------------

DOCS = {
    "all-words": "Vaccinating undocumented foreigners against measles in the capital region.",
    "one-word": "Vaccinating children against measles in the capital region and the provinces.",
    "question-words": "What did we conclude? We did conclude what we knew about it, we did.",
    "words-apart": "Foreigners who are undocumented were surveyed about their housing needs.",
    "phrase": "Health care for undocumented foreigners was the subject of the survey.",
}


def make_index(root: Path, docs: dict[str, str], page_docs: bool = False, segments: int = 1) -> Any:
    ix = schema.create_index(root)
    items = list(docs.items())
    per = -(-len(items) // segments)
    for start in range(0, len(items), per):
        writer = ix.writer()
        for pid, text in items[start : start + per]:
            writer.add_document(doc_id=pid, kind=schema.KIND_PUB, pub=pid, title="", body=text)
            if page_docs:
                writer.add_document(
                    doc_id=f"{pid}:1", kind=schema.KIND_PAGE, pub=pid, page=1, page_text=text
                )
        writer.commit(merge=False)
    return ix


def ranked(ix: Any, tq: TextQuery) -> list[tuple[str, float]]:
    with ix.searcher(weighting=ranking.weighting()) as s:
        hits = s.search(ranking.build_query(ix.schema, tq), limit=None)
        return [(hit["doc_id"], hit.score) for hit in hits]


@pytest.fixture
def ix(tmp_path: Path) -> Any:
    return make_index(tmp_path, DOCS)


def test_more_query_words_matched_ranks_higher(ix: Any) -> None:
    ids = [pid for pid, _ in ranked(ix, TextQuery(["vaccinating undocumented foreigners"]))]
    assert ids.index("all-words") < ids.index("one-word")
    assert ids[0] == "all-words"


def test_question_words_do_not_match(ix: Any) -> None:
    question = "what did we conclude about vaccinating undocumented foreigners?"
    ids = [pid for pid, _ in ranked(ix, TextQuery(question.split()))]
    assert ids[0] == "all-words"
    assert "question-words" not in ids


def test_a_question_of_question_words_only_still_searches_them(ix: Any) -> None:
    ids = [pid for pid, _ in ranked(ix, TextQuery(["conclude"]))]
    assert ids == ["question-words"]


def test_phrase_matches_only_the_exact_phrase(ix: Any) -> None:
    ids = {pid for pid, _ in ranked(ix, TextQuery(phrases=["undocumented foreigners"]))}
    assert ids == {"all-words", "phrase"}


def test_page_documents_do_not_change_publication_scores(tmp_path: Path) -> None:
    # `pubkb index` stores each page as a document beside its publication; they hold no
    # indexed text and must not shift idf or the average lengths.
    alone = dict(ranked(make_index(tmp_path / "a", DOCS), TextQuery(["undocumented measles"])))
    with_pages = make_index(tmp_path / "b", DOCS, page_docs=True)
    assert dict(ranked(with_pages, TextQuery(["undocumented measles"]))) == pytest.approx(alone)


def test_scores_do_not_depend_on_segments(tmp_path: Path) -> None:
    one = dict(ranked(make_index(tmp_path / "a", DOCS), TextQuery(["undocumented measles"])))
    three = make_index(tmp_path / "b", DOCS, segments=3)
    with three.searcher() as s:
        assert len(s.subsearchers) == 3
    assert dict(ranked(three, TextQuery(["undocumented measles"]))) == pytest.approx(one)


def test_title_match_outranks_the_same_match_in_the_body(tmp_path: Path) -> None:
    ix = schema.create_index(tmp_path)
    body = "A study of regional labour markets and of seasonal work in agriculture."
    with ix.writer() as w:
        w.add_document(doc_id="t", kind="pub", pub="t", title="Refugee housing", body=body)
        w.add_document(doc_id="b", kind="pub", pub="b", title="Labour", body=body + " Refugee.")
    assert [pid for pid, _ in ranked(ix, TextQuery(["refugee"]))] == ["t", "b"]


# -- the benchmark ---------------------------------------------------------------------------


@pytest.mark.slow
def test_scifact_ndcg_at_least_elasticsearch_bm25() -> None:
    from bench import ir_eval

    folder = shared_or_skip("ir-eval", "scifact")
    coll = ir_eval.load_collection(folder)
    ir_eval.build_index(coll, ir_eval.PRODUCTION, rebuild=False)
    ix = ir_eval.open_index(coll, ir_eval.PRODUCTION)
    run = ir_eval.run_production(ix, coll.queries)
    ix.close()
    # Published Elasticsearch BM25 on SciFact: 0.690 (bench/README.md).
    assert mean_over_queries(run, coll.qrels, "ndcg", 10) >= 0.69
    assert mean_over_queries(run, coll.qrels, "recall", 100) >= 0.90
