"""Ranking quality measures for binary relevance judgments (the BEIR/trec_eval definitions)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from math import log2


def ndcg_at_k(ranked: Sequence[str], relevant: Set[str], k: int = 10) -> float:
    """nDCG@k with gain 1 for a relevant document and discount log2(rank + 1).

    The ideal ranking puts min(k, |relevant|) relevant documents first. A query with no
    relevant documents has no ideal ranking and scores 0 rather than dividing by zero.
    """
    if not relevant:
        return 0.0
    dcg = sum(1.0 / log2(rank + 1) for rank, doc in enumerate(ranked[:k], 1) if doc in relevant)
    ideal = sum(1.0 / log2(rank + 1) for rank in range(1, min(k, len(relevant)) + 1))
    return dcg / ideal


def recall_at_k(ranked: Sequence[str], relevant: Set[str], k: int = 100) -> float:
    """Share of the relevant documents found in the first k results."""
    if not relevant:
        return 0.0
    return len(set(ranked[:k]) & relevant) / len(relevant)


def mean_over_queries(
    runs: Mapping[str, Sequence[str]],
    qrels: Mapping[str, Set[str]],
    measure: str,
    k: int,
) -> float:
    """Average a measure over every judged query; a judged query missing from runs scores 0."""
    fn = {"ndcg": ndcg_at_k, "recall": recall_at_k}[measure]
    if not qrels:
        return 0.0
    return sum(fn(runs.get(qid, []), rel, k) for qid, rel in qrels.items()) / len(qrels)
