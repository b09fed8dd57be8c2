"""Fusion of BM25 with embedding similarity: the best BM25 matches re-ordered by a mixed score.

Each publication has a unit vector made at index time (indexer/store/vectors.py). A query
with text is embedded the same way; the top `depth` publications of the BM25 ranking are
re-scored as (1 - w) * BM25 + w * cosine, each of the two min-max normalised over those
candidates, and re-ordered. Everything else about a search (the match set, counts, filters,
snippets) is unchanged. Settings chosen on SciFact's training claims (bench/README.md).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from indexer.store import vectors
from indexer.text import has_hangul

Normalisation = Literal["minmax", "max"]

# How many of the best BM25 matches are re-scored. Deep enough that a relevant document BM25
# put well down the first page of a hundred can come up; the rest keep their BM25 order below.
FUSION_DEPTH = 1000
# The share of embedding similarity in the mixed score: a static token table knows which words
# are related, but not what a sentence says, so word matches keep the larger share.
FUSION_WEIGHT = 0.4
# Both scores stretched to [0, 1] over the candidates, so the weight means the same for a
# query whose BM25 scores are all high as for one whose scores are all low.
NORMALISATION: Normalisation = "minmax"
# Queries with Hangul keep their BM25 order: the Llama-2 token table has few Hangul tokens, so
# Korean text is embedded from single syllables and bytes, and fusion lost on the Korean
# queries (bench/README.md).
FUSE_HANGUL = False


@dataclass(frozen=True)
class Fusion:
    """The fusion's settings in one place, so the benchmarks can vary one at a time."""

    depth: int = FUSION_DEPTH
    weight: float = FUSION_WEIGHT
    norm: Normalisation = NORMALISATION
    hangul: bool = FUSE_HANGUL

    def applies(self, text: str) -> bool:
        """Whether a query of this text is fused at all."""
        return self.weight > 0 and bool(text.strip()) and (self.hangul or not has_hangul(text))


PRODUCTION = Fusion()


def query_text(words: Iterable[str], phrases: Iterable[str] = ()) -> str:
    """The text a query is embedded from: its loose words and phrases, every word as typed.
    Unlike BM25, which drops stop and question words from a query, the embedding keeps them:
    dropping them lost on the training claims, asked as claims and as questions."""
    return " ".join(t for t in (*words, *phrases) if t)


class DocVectors:
    """The stored vectors of one index generation's publications, as one half-float matrix."""

    def __init__(self, docnums: Iterable[int], rows: Iterable[np.ndarray], dim: int) -> None:
        nums = np.fromiter(docnums, dtype=np.int64)
        stacked = list(rows)
        self.matrix = (
            np.vstack(stacked).astype(vectors.STORED_DTYPE)
            if stacked
            else np.zeros((0, dim), dtype=vectors.STORED_DTYPE)
        )
        # Document number -> row, -1 for documents without a vector (pages, empty texts).
        size = int(nums.max()) + 1 if len(nums) else 0
        self.row_of = np.full(size, -1, dtype=np.int64)
        self.row_of[nums] = np.arange(len(nums))

    @classmethod
    def load(cls, searcher: Any, docnums: Iterable[int]) -> DocVectors:
        """Read the vectors of these publication documents from the index's vector column."""
        dim = vectors.DIM
        nums: list[int] = []
        rows: list[np.ndarray] = []
        reader = searcher.reader()
        field = vectors.FIELD
        column = reader.column_reader(field) if reader.has_column(field) else None
        for n in docnums:
            v = vectors.from_bytes(column[n]) if column is not None else np.zeros(0)
            if len(v) == dim:
                nums.append(n)
                rows.append(v)
        return cls(nums, rows, dim)

    def cosines(self, docnums: np.ndarray, query: np.ndarray) -> np.ndarray:
        """Each document's cosine with a unit query vector; 0 for a document without one."""
        inside = docnums < len(self.row_of)
        rows = np.where(inside, self.row_of[np.where(inside, docnums, 0)], -1)
        out = np.zeros(len(docnums), dtype=np.float64)
        have = rows >= 0
        if have.any():
            out[have] = self.matrix[rows[have]].astype(np.float32) @ query.astype(np.float32)
        return out


def _stretch(x: np.ndarray) -> np.ndarray:
    span = float(x.max() - x.min())
    return (x - x.min()) / span if span > 0 else np.zeros_like(x)


def fused_scores(
    bm25: np.ndarray, cosine: np.ndarray, weight: float, norm: Normalisation = NORMALISATION
) -> np.ndarray:
    """(1 - weight) * BM25 + weight * cosine over the candidates, after normalising each."""
    if norm == "minmax":
        a, b = _stretch(bm25), _stretch(cosine)
    else:
        top = float(bm25.max())
        a, b = (bm25 / top if top > 0 else np.zeros_like(bm25)), cosine
    return np.asarray((1.0 - weight) * a + weight * b, dtype=np.float64)


def rerank(
    ranked: list[tuple[int, float]],
    query: np.ndarray,
    docs: DocVectors,
    fusion: Fusion = PRODUCTION,
) -> list[tuple[int, float]]:
    """`ranked` (document number, BM25 score; best first) with its top `fusion.depth`
    re-ordered by the fused score. Their scores become the fused score laid over the BM25
    scores' range among them, so scores still fall down the list and stay on BM25's scale."""
    top = ranked[: fusion.depth]
    if len(top) < 2:
        return ranked
    nums = np.fromiter((n for n, _ in top), dtype=np.int64, count=len(top))
    bm25 = np.fromiter((s for _, s in top), dtype=np.float64, count=len(top))
    nums, shown = rerank_arrays(nums, bm25, query, docs, fusion)
    return list(zip(nums.tolist(), shown.tolist(), strict=True)) + ranked[fusion.depth :]


def rerank_arrays(
    nums: np.ndarray, bm25: np.ndarray, query: np.ndarray, docs: DocVectors, fusion: Fusion
) -> tuple[np.ndarray, np.ndarray]:
    """`rerank` on arrays (document numbers and BM25 scores, best first), for the searcher's
    ranking, which is arrays already: the top `fusion.depth` re-ordered, the rest as they are."""
    if len(nums) < 2:
        return nums, bm25
    top, top_bm25 = nums[: fusion.depth], np.asarray(bm25[: fusion.depth], dtype=np.float64)
    fused = fused_scores(top_bm25, docs.cosines(top, query), fusion.weight, fusion.norm)
    # Stable: candidates with equal fused scores keep their BM25 order.
    order = np.argsort(-fused, kind="stable")
    lo, hi = float(top_bm25.min()), float(top_bm25.max())
    span = float(fused.max() - fused.min())
    scale = (fused - fused.min()) / span if span > 0 else np.ones_like(fused)
    shown = lo + scale * (hi - lo)
    return (
        np.concatenate([top[order], nums[fusion.depth :]]),
        np.concatenate([shown[order], np.asarray(bm25[fusion.depth :], dtype=np.float64)]),
    )


class Reranker:
    """Fusion for one searcher: the settings, and the vectors of the generation it serves,
    read on the first query that is fused and again only after the generation changes."""

    def __init__(self, fusion: Fusion = PRODUCTION) -> None:
        self.fusion = fusion
        self._lock = threading.Lock()
        self._key: object = None
        self._docs: DocVectors | None = None

    def vectors_of(self, searcher: Any, generation: object, docnums: Iterable[int]) -> DocVectors:
        """The publications' vectors of this generation (`docnums`, read once)."""
        with self._lock:
            if self._docs is None or self._key is not generation:
                self._docs = DocVectors.load(searcher, docnums)
                self._key = generation
            return self._docs

    def rerank_arrays(
        self,
        searcher: Any,
        generation: object,
        docnums: Iterable[int],
        nums: np.ndarray,
        bm25: np.ndarray,
        text: str,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The searcher's ranked arrays (document numbers, BM25 scores; best first) re-ordered
        for the query text; unchanged when the fusion does not apply to the text (none, or
        Hangul), so the vectors are read only when needed."""
        if len(nums) < 2 or not self.fusion.applies(text):
            return nums, bm25
        docs = self.vectors_of(searcher, generation, docnums)
        return rerank_arrays(nums, bm25, vectors.embed([text])[0], docs, self.fusion)

    def rerank_with(
        self, docs: DocVectors, ranked: list[tuple[int, float]], text: str
    ) -> list[tuple[int, float]]:
        """The same with the vectors given (the benchmark's document-text variants)."""
        if len(ranked) < 2 or not self.fusion.applies(text):
            return ranked
        return rerank(ranked, vectors.embed([text])[0], docs, self.fusion)
