"""Ranking: field weights, BM25F parameters and query construction, chosen with bench/ir_eval.py.

Text fields are scored together, BM25F-style: each field's occurrences of a query term are
length-normalised, weighted and summed into one term frequency, which is saturated once. Whoosh's
own multi-field model saturates each field separately and adds the scores, so a word found in the
title and the body counts as two full matches; on SciFact that costs 0.06 nDCG@10 (bench/README.md).
"""

from __future__ import annotations

import re
import weakref
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from math import log
from typing import Any

import numpy as np
from whoosh import matching
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import MultiMatcher
from whoosh.scoring import BaseScorer, WeightingModel, WeightLengthScorer, WeightScorer

# Weight of one occurrence in each field, relative to the body. A report's title, summary and
# chapter headings are short, chosen words, so a match there says more about the report than one
# more occurrence in hundreds of pages. These fields are also printed on the pages, so their words
# are counted in the body as well: a title word weighs 3 + 1 here. On SciFact (title and abstract
# only, the title not repeated in the abstract) title weights 2 to 4 score alike and 1 is worse.
# Names are not English text: `researchers` is scored on its own, this weight scaling its score.
FIELD_WEIGHTS: dict[str, float] = {
    "title": 3.0,
    "summary": 2.0,
    "headings": 2.0,
    "body": 1.0,
    "researchers": 1.0,
}

# BM25 term-frequency saturation and length normalisation per field. Standard values: on SciFact
# k1 from 0.9 to 2.0 and body b from 0.4 to 0.9 all land within 0.005 nDCG@10 of them.
K1 = 1.2
FIELD_B: dict[str, float] = {
    "title": 0.75,
    "summary": 0.75,
    "headings": 0.75,
    "body": 0.75,
}

# Fields scored on their own rather than pooled, because their analyzer is not the text one.
NAME_FIELDS = frozenset({"researchers"})

# Words that make a request a question ("what did we conclude about ...?") without saying what
# it is about. Most are stop words of the index anyway; the verbs of asking (conclude, find,
# say, know) are not, and would match every report with a "Conclusions" chapter. Dropped from
# loose words only, never from quoted phrases, and only when some other word remains.
_QUESTION_WORDS = """
    what which who whom whose when where why how
    did do does done doing is are was were be been being has have had having
    can could should would will shall may might must
    we our ours us i me my you your they their them it its there any anything please
    about regarding concerning on
    conclude concluded concludes conclusion conclusions find found finding findings
    say says said know knew tell
"""
QUESTION_WORDS: frozenset[str] = frozenset(_QUESTION_WORDS.split())


@dataclass(frozen=True)
class Params:
    """The ranking levers in one place, so the benchmark can vary one at a time."""

    k1: float = K1
    field_b: dict[str, float] = field(default_factory=lambda: dict(FIELD_B))
    field_weights: dict[str, float] = field(default_factory=lambda: dict(FIELD_WEIGHTS))
    # "pooled": one BM25F score over the text fields; "sum": one BM25 score per field, added.
    combine: str = "pooled"
    # "lucene": log(1 + (N - n + 0.5) / (n + 0.5)); "whoosh": log(N / (n + 1)) + 1.
    idf: str = "lucene"
    # N and average lengths over publications only: page documents have no indexed text.
    pub_stats: bool = True
    # Scores multiplied by (share of the query's idf matched) ** coord; 0 turns it off.
    coord: float = 0.0
    question_words: frozenset[str] = QUESTION_WORDS


PARAMS = Params()


@dataclass
class TextQuery:
    """The free-text part of a user's query: loose words and exact phrases, as typed."""

    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)


def with_params(**changes: Any) -> Params:
    """The production parameters with some changed (for experiments)."""
    return replace(PARAMS, **changes)


# -- statistics --------------------------------------------------------------------------


def _pub_count(searcher: Any, params: Params) -> int:
    """Documents that can match text. Each page of a publication is also a document of the index,
    with stored text only; counting pages would divide every average length by the pages per
    publication and raise every idf."""
    top = searcher.get_parent()
    if params.pub_stats and "kind" in top.schema:
        n = int(top.doc_frequency("kind", "pub"))
        if n:
            return n
    return int(top.doc_count_all())


def _idf(n_docs: int, df: int, kind: str) -> float:
    if kind == "whoosh":
        return log(n_docs / (df + 1)) + 1.0
    # Lucene's form: never negative, and without Whoosh's +1, which flattens the gap between
    # rare and common words.
    return log(1.0 + (n_docs - df + 0.5) / (df + 0.5))


def _avg_length(searcher: Any, fieldname: str, n_docs: int) -> float:
    total = searcher.get_parent().field_length(fieldname)
    return float(total) / n_docs if total else 1.0


# -- weighting model ---------------------------------------------------------------------


class PubBM25F(WeightingModel):  # type: ignore[misc]
    """BM25 with publication-only statistics, for the clauses scored one field at a time
    (phrases, names, and any plain Term query a caller adds)."""

    def __init__(self, params: Params = PARAMS) -> None:
        self.params = params

    def supports_block_quality(self) -> bool:
        return True

    def idf(self, searcher: Any, fieldname: str, text: Any) -> float:
        top = searcher.get_parent()
        n = _pub_count(top, self.params)
        return _idf(n, int(top.doc_frequency(fieldname, text)), self.params.idf)

    def scorer(self, searcher: Any, fieldname: str, text: Any, qf: int = 1) -> BaseScorer:
        if not searcher.schema[fieldname].scorable:
            return WeightScorer.for_(searcher, fieldname, text)
        return _FieldScorer(searcher, fieldname, text, self.params)


class _FieldScorer(WeightLengthScorer):  # type: ignore[misc]
    def __init__(self, searcher: Any, fieldname: str, text: Any, params: Params) -> None:
        top = searcher.get_parent()
        n = _pub_count(top, params)
        self.idf = _idf(n, int(top.doc_frequency(fieldname, text)), params.idf)
        self.avgfl = _avg_length(top, fieldname, n)
        self.k1 = params.k1
        self.b = params.field_b.get(fieldname, 0.75)
        self.setup(searcher, fieldname, text)

    def _score(self, weight: float, length: float) -> float:
        norm = (1.0 - self.b) + self.b * length / self.avgfl
        return float(self.idf * weight * (self.k1 + 1.0) / (weight + self.k1 * norm))


def weighting() -> Any:
    """The scoring model searches use (a whoosh WeightingModel)."""
    return PubBM25F(PARAMS)


# -- pooled BM25F query ------------------------------------------------------------------


class PooledTerms(wq.Query):  # type: ignore[misc]
    """Analysed terms, each with a query weight, scored BM25F-style over several text fields.

    Whoosh scores one field's posting list at a time, so pooling happens here: the postings of
    every field are read for the whole index once per search (a collection of reports, not the
    web) and each segment gets its share of the precomputed scores.
    """

    def __init__(
        self,
        terms: dict[str, float],
        fields: dict[str, float],
        params: Params = PARAMS,
        boost: float = 1.0,
    ) -> None:
        self.qterms = dict(terms)
        self.fields = dict(fields)
        self.params = params
        self.boost = boost
        self._cache: tuple[Any, dict[int, float]] | None = None
        self._sorted_cache: tuple[Any, Any, Any] | None = None

    def __repr__(self) -> str:
        return f"PooledTerms({self.qterms!r}, {self.fields!r}, boost={self.boost})"

    def __str__(self) -> str:
        return "(" + " OR ".join(f"{f}:{t}" for f, t in self.terms()) + ")"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, PooledTerms)
            and self.qterms == other.qterms
            and self.fields == other.fields
            and self.params == other.params
            and self.boost == other.boost
        )

    def __hash__(self) -> int:
        return hash((tuple(sorted(self.qterms)), tuple(sorted(self.fields)), self.boost))

    def __deepcopy__(self, memo: dict[int, Any]) -> PooledTerms:
        # The score cache belongs to one searcher and is not worth copying.
        return PooledTerms(self.qterms, self.fields, self.params, self.boost)

    def has_terms(self) -> bool:
        return True

    def terms(self, phrases: bool = False) -> Iterator[tuple[str, str]]:
        # Lets highlighting and matched-term reports see the words, as with Term queries.
        for name in self.fields:
            for text in self.qterms:
                yield name, text

    def tokens(self, boost: float = 1.0, exreader: Any = None) -> Iterator[Any]:
        from whoosh.analysis import Token

        for name, text in self.terms():
            yield Token(fieldname=name, text=text, boost=boost * self.boost)

    def field(self) -> None:
        return None

    def normalize(self) -> Any:
        return self if self.qterms and self.fields else wq.NullQuery

    def estimate_size(self, ixreader: Any) -> int:
        return int(sum(ixreader.doc_frequency(f, t) for f, t in self.terms() if (f, t) in ixreader))

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        top = searcher.get_parent()
        ids, scores = self._sorted(top)
        offset, size = _segment_span(top, searcher)
        lo, hi = np.searchsorted(ids, [offset, offset + size])
        if lo == hi:
            return matching.NullMatcher()
        return _ScoredList((ids[lo:hi] - offset).tolist(), (scores[lo:hi] * self.boost).tolist())

    def _sorted(self, top: Any) -> tuple[Any, Any]:
        """The scored documents in order, so each segment takes its slice by bisection."""
        cached = self._sorted_cache
        if cached is not None and cached[0]() is top:
            return cached[1], cached[2]
        scores = self._scores(top)
        ids = np.fromiter(scores.keys(), dtype=np.int64, count=len(scores))
        values = np.fromiter(scores.values(), dtype=np.float64, count=len(scores))
        order = np.argsort(ids)
        self._sorted_cache = (weakref.ref(top), ids[order], values[order])
        return ids[order], values[order]

    def _scores(self, top: Any) -> dict[int, float]:
        # A search asks once per segment, and `pubkb search` asks again for the matching set.
        cached = self._cache
        if cached is not None and cached[0]() is top:
            return cached[1]
        scores = _FieldStats(top, self.fields, self.params).score(self.qterms)
        self._cache = (weakref.ref(top), scores)
        return scores


# Field lengths per searcher, filled in as documents match: a length lookup through Whoosh costs
# more than the BM25 arithmetic, and the same documents come back query after query.
_LENGTHS: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()

# Recently read posting lists per searcher: staff ask about the same topics again and again,
# and decoding a long posting list is the slowest step of a query.
POSTINGS_CACHE = 512
_POSTINGS: weakref.WeakKeyDictionary[Any, OrderedDict[tuple[str, str], Any]] = (
    weakref.WeakKeyDictionary()
)


def _length_array(top: Any, fieldname: str) -> Any:
    per_field = _LENGTHS.setdefault(top, {})
    lengths = per_field.get(fieldname)
    if lengths is None:
        lengths = per_field[fieldname] = np.full(int(top.doc_count_all()), -1.0)
    return lengths


def _read_postings(m: Any) -> tuple[Any, Any]:
    """All document numbers and weights of a posting list, as arrays, a block at a time.

    Whoosh's matcher API costs three Python calls per posting, and its block decoder sums the
    delta-coded document numbers in a Python loop. Its W3 leaf matcher keeps each block's raw
    data, which is decoded here with array operations (whoosh-reloaded is pinned to 2.7.5).
    Any other matcher is read the slow, public way."""
    if isinstance(m, MultiMatcher):
        parts = [_read_postings(sub) for sub in m.matchers]
        shifted = [p[0] + offset for p, offset in zip(parts, m.offsets, strict=True)]
        return _concat(shifted, np.int64), _concat([p[1] for p in parts], np.float64)
    if isinstance(m, W3LeafMatcher) and not m._byteids:
        id_blocks: list[Any] = []
        tf_blocks: list[Any] = []
        while m.is_active():
            if m._data is None:
                m._read_data()
            if m._weights is None:
                m._read_weights()
            block_ids = np.cumsum(np.asarray(m._data[0], dtype=np.int64))
            id_blocks.append(block_ids[m._i : m._blocklength])
            tf_blocks.append(np.asarray(m._weights, dtype=np.float64)[m._i : m._blocklength])
            m._i = m._blocklength
            m._next_block()
        return _concat(id_blocks, np.int64), _concat(tf_blocks, np.float64)
    slow_ids, slow_tfs = [], []
    while m.is_active():
        slow_ids.append(m.id())
        slow_tfs.append(m.weight())
        m.next()
    return np.asarray(slow_ids, dtype=np.int64), np.asarray(slow_tfs, dtype=np.float64)


def _concat(blocks: list[Any], dtype: Any) -> Any:
    return np.concatenate(blocks).astype(dtype) if blocks else np.zeros(0, dtype=dtype)


class _FieldStats:
    """Postings and statistics of the pooled fields, for one search."""

    def __init__(self, top: Any, fields: dict[str, float], params: Params) -> None:
        self.top = top
        self.reader = top.reader()
        self.params = params
        self.n_docs = _pub_count(top, params)
        self.fields = {f: w for f, w in fields.items() if f in top.schema and w > 0}
        self.avg = {f: _avg_length(top, f, self.n_docs) for f in self.fields}

    def postings(self, text: str) -> dict[str, list[tuple[int, float]]]:
        return {
            name: list(zip(ids.tolist(), tfs.tolist(), strict=True))
            for name, (ids, tfs) in self.posting_arrays(text).items()
        }

    def posting_arrays(self, text: str) -> dict[str, tuple[Any, Any]]:
        """Each field's postings of `text` as (document numbers, term frequencies) arrays."""
        out: dict[str, tuple[Any, Any]] = {}
        recent = _POSTINGS.setdefault(self.top, OrderedDict())
        for name in self.fields:
            key = (name, text)
            if key in recent:
                recent.move_to_end(key)
                arrays = recent[key]
            else:
                arrays = recent[key] = self._read(name, text)
                if len(recent) > POSTINGS_CACHE:
                    recent.popitem(last=False)
            if arrays is not None:
                out[name] = arrays
        return out

    def _read(self, name: str, text: str) -> tuple[Any, Any] | None:
        btext = self.top.schema[name].to_bytes(text)
        if (name, btext) not in self.reader:
            return None
        return _read_postings(self.reader.postings(name, btext))

    def norm_array(self, name: str, ids: Any) -> Any:
        """BM25 length normalisation for the documents `ids`, as an array."""
        b = self.params.field_b.get(name, 0.75)
        lengths = _length_array(self.top, name)
        wanted = lengths[ids]
        missing = ids[wanted < 0]
        for d in missing.tolist():
            lengths[d] = float(self.reader.doc_field_length(d, name, 1))
        return (1.0 - b) + (b / self.avg[name]) * lengths[ids]

    def score(self, qterms: dict[str, float]) -> dict[int, float]:
        p = self.params
        scores: dict[int, float] = {}
        idf_of: dict[str, float] = {}
        matched: dict[int, float] = {}
        if p.combine == "pooled" and not p.coord:
            return self._score_pooled_arrays(qterms)
        for text, qweight in qterms.items():
            posts = self.postings(text)
            if not posts:
                continue
            docs = {d for items in posts.values() for d, _ in items}
            # Document frequency over the pooled fields: a word in title and body is one document.
            idf = idf_of[text] = _idf(self.n_docs, len(docs), p.idf)
            part = self._per_field(posts) if p.combine == "sum" else self._pooled(posts, idf)
            for d, v in part.items():
                scores[d] = scores.get(d, 0.0) + qweight * v
            if p.coord:
                for d in docs:
                    matched[d] = matched.get(d, 0.0) + qweight * idf_of[text]
        if p.coord and scores:
            total = sum(idf_of[t] * w for t, w in qterms.items() if t in idf_of)
            for d in scores:
                scores[d] *= (matched[d] / total) ** p.coord
        return scores

    def _pooled(self, posts: dict[str, list[tuple[int, float]]], idf: float) -> dict[int, float]:
        k1 = self.params.k1
        pooled: dict[int, float] = {}
        for name, items in posts.items():
            w = self.fields[name]
            ids = np.fromiter((d for d, _ in items), dtype=np.int64, count=len(items))
            tfs = np.fromiter((t for _, t in items), dtype=np.float64, count=len(items))
            contrib = (w * tfs / self.norm_array(name, ids)).tolist()
            for d, c in zip(ids.tolist(), contrib, strict=True):
                pooled[d] = pooled.get(d, 0.0) + c
        return {d: idf * tf * (k1 + 1.0) / (tf + k1) for d, tf in pooled.items()}

    def _score_pooled_arrays(self, qterms: dict[str, float]) -> dict[int, float]:
        """The production model with every step an array operation: pooled term frequency per
        document, saturated once, summed over the query's terms."""
        k1 = self.params.k1
        size = int(self.top.doc_count_all())
        total = np.zeros(size)
        for text, qweight in qterms.items():
            arrays = self.posting_arrays(text)
            if not arrays:
                continue
            pooled = np.zeros(size)
            for name, (ids, tfs) in arrays.items():
                # A document appears once per field's postings, so plain indexing adds safely.
                pooled[ids] += self.fields[name] * tfs / self.norm_array(name, ids)
            hit = np.flatnonzero(pooled)
            # Document frequency over the pooled fields: a word in title and body is one document.
            idf = _idf(self.n_docs, len(hit), self.params.idf)
            tf = pooled[hit]
            total[hit] += qweight * idf * tf * (k1 + 1.0) / (tf + k1)
        hit = np.flatnonzero(total)
        return dict(zip(hit.tolist(), total[hit].tolist(), strict=True))

    def _per_field(self, posts: dict[str, list[tuple[int, float]]]) -> dict[int, float]:
        """Whoosh's multi-field model, kept for comparison: a BM25 score per field, added."""
        k1 = self.params.k1
        out: dict[int, float] = {}
        for name, items in posts.items():
            w = self.fields[name] * _idf(self.n_docs, len(items), self.params.idf)
            ids = np.fromiter((d for d, _ in items), dtype=np.int64, count=len(items))
            norm = dict(zip(ids.tolist(), self.norm_array(name, ids).tolist(), strict=True))
            for d, tf in items:
                out[d] = out.get(d, 0.0) + w * tf * (k1 + 1.0) / (tf + k1 * norm[d])
        return out


class _ScoredList(matching.ListMatcher):  # type: ignore[misc]
    """Precomputed scores. ListMatcher recomputes the maximum of all its weights each time the
    collector asks for its quality, quadratic over a long list; this one knows it."""

    def __init__(self, ids: list[int], scores: list[float], position: int = 0) -> None:
        super().__init__(ids, scores, position=position)
        self._max = max(scores)

    def copy(self) -> _ScoredList:
        return _ScoredList(self._ids, self._weights, self._i)

    def supports_block_quality(self) -> bool:
        return False

    def max_quality(self) -> float:
        return self._max

    def block_max_weight(self) -> float:
        return self._max


def _segment_span(top: Any, searcher: Any) -> tuple[int, int]:
    """Where a segment's document numbers start in the whole index, and how many it has."""
    if searcher is top:
        return 0, int(top.doc_count_all())
    for sub, offset in top.subsearchers:
        if sub is searcher:
            return int(offset), int(sub.doc_count_all())
    raise ValueError("searcher is not a segment of its parent")


# -- query construction ------------------------------------------------------------------

_WORD = re.compile(r"\w+")


def _analyse(schema: Any, fieldname: str, text: str) -> list[str]:
    return [t.text for t in schema[fieldname].analyzer(text)]


def content_words(words: Iterable[str], question_words: frozenset[str] = QUESTION_WORDS) -> str:
    """The loose words as one text without question words, unless nothing else would remain.
    Everything else is left as typed, for analyzers that read spacing and punctuation."""
    text = " ".join(words)
    if not question_words:
        return text
    kept = _WORD.sub(lambda m: " " if m.group().lower() in question_words else m.group(), text)
    return kept if _WORD.search(kept) else text


def build_query(schema: Any, tq: TextQuery, fields: dict[str, float] | None = None) -> Any:
    """A scoring query: the words pooled over the text fields and scored BM25F-style, plus names
    and every phrase in every field, OR-ed, so documents matching more of the words score higher
    (not strict AND). A phrase matches only where its words stand in order, side by side.
    `fields` (name -> weight) restricts and reweights the fields searched."""
    return build_query_with(schema, tq, PARAMS, fields)


def build_query_with(
    schema: Any, tq: TextQuery, params: Params, fields: dict[str, float] | None = None
) -> Any:
    """build_query with explicit parameters; the benchmark compares settings through this."""
    names = set(schema.names())
    weights = {f: w for f, w in (fields or params.field_weights).items() if f in names}
    text_fields = {f: w for f, w in weights.items() if f not in NAME_FIELDS}
    name_fields = {f: w for f, w in weights.items() if f in NAME_FIELDS}
    text = content_words(tq.words, params.question_words)
    clauses: list[Any] = []
    if text_fields:
        # Pooled fields share one analyzer, so any of them gives the terms.
        analysed = _analyse(schema, next(iter(text_fields)), text)
        if analysed:
            qterms = {t: float(c) for t, c in Counter(analysed).items()}
            clauses.append(PooledTerms(qterms, text_fields, params))
    for name, boost in name_fields.items():
        for term in dict.fromkeys(_analyse(schema, name, text)):
            clauses.append(wq.Term(name, term, boost=boost))
    for phrase in tq.phrases:
        for name, boost in weights.items():
            terms = _analyse(schema, name, phrase)
            if len(terms) == 1:
                clauses.append(wq.Term(name, terms[0], boost=boost))
            elif terms:
                clauses.append(wq.Phrase(name, terms, boost=boost))
    return wq.Or(clauses) if clauses else wq.NullQuery


# -- scoring every match at once ---------------------------------------------------------


def score_all(searcher: Any, q: Any) -> dict[int, float]:
    """Every document matching `q` with its score, as Whoosh would score it, in one pass.

    Search needs the whole matching set anyway (for exact facet counts), so collecting the
    scores while finding the matches saves Whoosh's second, per-document collection pass.
    Pooled terms are scored with arrays; other leaves go through Whoosh's own matchers."""
    if isinstance(q, PooledTerms):
        return {d: s * q.boost for d, s in q._scores(searcher).items()}
    if isinstance(q, wq.Or):
        return _sum_scores([score_all(searcher, sub) for sub in q.subqueries])
    if isinstance(q, wq.And):
        parts = [score_all(searcher, sub) for sub in q.subqueries]
        common = set.intersection(*(set(p) for p in parts)) if parts else set()
        return {d: sum(p[d] for p in parts) for d in common}
    if isinstance(q, wq.AndMaybe):
        required = score_all(searcher, q.a)
        optional = score_all(searcher, q.b)
        return {d: s + optional.get(d, 0.0) for d, s in required.items()}
    if isinstance(q, wq.AndNot):
        positive = score_all(searcher, q.a)
        negative = set(score_all(searcher, q.b))
        return {d: s for d, s in positive.items() if d not in negative}
    if q is wq.NullQuery or isinstance(q, wq.NullQuery.__class__):
        return {}
    return _leaf_scores(searcher, q)


def _sum_scores(parts: list[dict[int, float]]) -> dict[int, float]:
    out: dict[int, float] = {}
    for part in parts:
        for d, s in part.items():
            out[d] = out.get(d, 0.0) + s
    return out


def _leaf_scores(searcher: Any, q: Any) -> dict[int, float]:
    out: dict[int, float] = {}
    subs = [(searcher, 0)] if searcher.is_atomic() else searcher.subsearchers
    for sub, offset in subs:
        m = q.matcher(sub, sub.context())
        while m.is_active():
            out[m.id() + offset] = m.score()
            m.next()
    return out
