"""Levers past BM25 the relevance benchmark measures: proximity, phrases, RM3 feedback.

Each run ranks like production (indexer/search/ranking.py) and adds one thing; bench/ir_eval.py
measures them on the training queries, and production takes a lever only if it holds there.
"""

from __future__ import annotations

from collections import Counter
from itertools import pairwise
from typing import Any

from whoosh import query as wq

from indexer.search import ranking
from indexer.search.ranking import PooledTerms, TextQuery

DEPTH = 100
Run = dict[str, list[str]]


def _terms(ix: Any, words: list[str]) -> list[str]:
    return [t.text for t in ix.schema["body"].analyzer(ranking.content_words(words))]


def run_pairs(
    ix: Any, queries: dict[str, str], weight: float, slop: int, fields: tuple[str, ...]
) -> Run:
    """Production plus a bonus where adjacent query words stand within `slop` positions of
    each other (slop 1: as a phrase) in `fields`, each field at its own weight. Term proximity
    with a large slop; field-aware phrase matching with slop 1."""
    p = ranking.PARAMS
    out: Run = {}
    with ix.searcher(weighting=ranking.weighting()) as s:
        for qid, text in queries.items():
            words = text.split()
            terms = _terms(ix, words)
            near = [
                wq.Phrase(f, [a, b], slop=slop, boost=weight * p.field_weights[f])
                for f in fields
                for a, b in dict.fromkeys(pairwise(terms))
                if a != b
            ]
            q = wq.Or([ranking.build_query(ix.schema, TextQuery(words=words)), *near])
            out[qid] = [hit["doc_id"] for hit in s.search(q, limit=DEPTH)]
    return out


def run_rm3(ix: Any, queries: dict[str, str], docs: int, terms: int, weight: float) -> Run:
    """RM3 pseudo-relevance feedback as a second query: a relevance model of the first
    query's top documents (term vectors, weighted by score), its top terms mixed with the
    original query terms, searched again with the production scoring."""
    p = ranking.PARAMS
    fields = {f: w for f, w in p.field_weights.items() if f in ("title", "body")}
    out: Run = {}
    with ix.searcher(weighting=ranking.weighting()) as s:
        reader = s.reader()
        for qid, text in queries.items():
            words = text.split()
            first = s.search(ranking.build_query(ix.schema, TextQuery(words=words)), limit=docs)
            model: Counter[str] = Counter()
            total = sum(hit.score for hit in first) or 1.0
            for hit in first:
                tf: Counter[str] = Counter()
                for f, w in fields.items():
                    if reader.has_vector(hit.docnum, f):
                        for term, n in reader.vector_as("weight", hit.docnum, f):
                            tf[term] += w * n
                length = sum(tf.values()) or 1.0
                for term, n in tf.items():
                    model[term] += hit.score / total * n / length
            original = Counter(_terms(ix, words))
            expansion = dict(model.most_common(terms))
            mixed: dict[str, float] = {}
            for term, n in original.items():
                mixed[term] = (1 - weight) * n / (sum(original.values()) or 1)
            for term, n in expansion.items():
                mixed[term] = mixed.get(term, 0.0) + weight * n / (sum(expansion.values()) or 1)
            q = PooledTerms(mixed, fields) if mixed else wq.NullQuery
            out[qid] = [hit["doc_id"] for hit in s.search(q, limit=DEPTH)]
    return out
