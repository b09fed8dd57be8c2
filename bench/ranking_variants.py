"""Scoring models the relevance benchmark compares with production; nothing searches with them.

Each lever is one alternative that production ranking (indexer/search/ranking.py) decided
against, kept here so bench/ir_eval.py can show what it would have cost (bench/README.md).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from math import log
from typing import Any

import numpy as np

from indexer.search import ranking
from indexer.search.ranking import PubBM25F


@dataclass(frozen=True)
class Levers:
    """Alternatives to production's scoring; the defaults are production's choices."""

    # "pooled": one BM25F score over the text fields; "sum": one BM25 score per field, added
    # (Whoosh's multi-field model).
    combine: str = "pooled"
    # "lucene": log(1 + (N - n + 0.5) / (n + 0.5)); "whoosh": log(N / (n + 1)) + 1.
    idf: str = "lucene"
    # N and average lengths over publications only, or over every document (pages included).
    pub_stats: bool = True
    # Scores multiplied by (share of the query's idf matched) ** coord; 0 turns it off.
    coord: float = 0.0


class VariantBM25F(PubBM25F):
    """Production's model with some levers moved."""

    def __init__(self, params: ranking.Params, levers: Levers) -> None:
        super().__init__(params)
        self.levers = levers

    def n_docs(self, searcher: Any) -> int:
        if self.levers.pub_stats:
            return super().n_docs(searcher)
        return int(searcher.get_parent().doc_count_all())

    def idf_of(self, n_docs: int, df: int) -> float:
        if self.levers.idf == "whoosh":
            return log(n_docs / (df + 1)) + 1.0
        return super().idf_of(n_docs, df)

    def pooled_scores(
        self, top: Any, fields: dict[str, float], qterms: dict[str, float]
    ) -> tuple[Any, Any]:
        lv = self.levers
        if lv.combine == "pooled" and not lv.coord:
            return super().pooled_scores(top, fields, qterms)
        stats = self.field_stats(top, fields)
        scores: dict[int, float] = {}
        idf_of: dict[str, float] = {}
        matched: dict[int, float] = {}
        for text, qweight in qterms.items():
            posts = _postings_lists(stats, text)
            if not posts:
                continue
            docs = {d for items in posts.values() for d, _ in items}
            # Document frequency over the pooled fields: a word in title and body is one document.
            idf = idf_of[text] = self.idf_of(stats.n_docs, len(docs))
            if lv.combine == "sum":
                part = self._per_field(stats, posts)
            else:
                part = _pooled(self.params.k1, stats, posts, idf)
            for d, v in part.items():
                scores[d] = scores.get(d, 0.0) + qweight * v
            if lv.coord:
                for d in docs:
                    matched[d] = matched.get(d, 0.0) + qweight * idf_of[text]
        if lv.coord and scores:
            total = sum(idf_of[t] * w for t, w in qterms.items() if t in idf_of)
            for d in scores:
                scores[d] *= (matched[d] / total) ** lv.coord
        ids = np.fromiter(sorted(scores), dtype=np.int64, count=len(scores))
        return ids, np.array([scores[d] for d in ids.tolist()], dtype=np.float64)

    def _per_field(self, stats: Any, posts: dict[str, list[tuple[int, float]]]) -> dict[int, float]:
        """Whoosh's multi-field model: a BM25 score per field, with that field's own document
        frequency, added."""
        k1 = self.params.k1
        out: dict[int, float] = {}
        for name, items in posts.items():
            w = stats.fields[name] * self.idf_of(stats.n_docs, len(items))
            ids = _ids(items)
            norm = dict(zip(ids.tolist(), stats.norm_array(name, ids).tolist(), strict=True))
            for d, tf in items:
                out[d] = out.get(d, 0.0) + w * tf * (k1 + 1.0) / (tf + k1 * norm[d])
        return out


def _postings_lists(stats: Any, text: str) -> dict[str, list[tuple[int, float]]]:
    return {
        name: list(zip(ids.tolist(), tfs.tolist(), strict=True))
        for name, (ids, tfs) in stats.posting_arrays(text).items()
    }


def _ids(items: list[tuple[int, float]]) -> Any:
    return np.fromiter((d for d, _ in items), dtype=np.int64, count=len(items))


def _pooled(
    k1: float, stats: Any, posts: dict[str, list[tuple[int, float]]], idf: float
) -> dict[int, float]:
    """Production's pooled score of one term, document by document."""
    pooled: dict[int, float] = {}
    for name, items in posts.items():
        w = stats.fields[name]
        ids = _ids(items)
        tfs = np.fromiter((t for _, t in items), dtype=np.float64, count=len(items))
        contrib = (w * tfs / stats.norm_array(name, ids)).tolist()
        for d, c in zip(ids.tolist(), contrib, strict=True):
            pooled[d] = pooled.get(d, 0.0) + c
    return {d: idf * tf * (k1 + 1.0) / (tf + k1) for d, tf in pooled.items()}


_LEVERS = frozenset(f.name for f in fields(Levers))


def model(**changes: Any) -> PubBM25F:
    """Production's scoring model with some parameters (`ranking.Params`) or levers changed."""
    levers = Levers(**{k: v for k, v in changes.items() if k in _LEVERS})
    params = replace(ranking.PARAMS, **{k: v for k, v in changes.items() if k not in _LEVERS})
    return PubBM25F(params) if levers == Levers() else VariantBM25F(params, levers)
