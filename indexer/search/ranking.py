"""Ranking: field weights, BM25F parameters and query construction, chosen with bench/ir_eval.py.

Text fields are scored together, BM25F-style: each field's occurrences of a query term are
length-normalised, weighted and summed into one term frequency, which is saturated once. Whoosh's
own multi-field model saturates each field separately and adds the scores, so a word found in the
title and the body counts as two full matches; on SciFact that costs 0.06 nDCG@10 (bench/README.md).
"""

from __future__ import annotations

import re
import weakref
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from math import log
from typing import Any

import numpy as np
from whoosh import query as wq
from whoosh.scoring import BaseScorer, WeightingModel, WeightLengthScorer, WeightScorer

from indexer.search import _postings
from indexer.search.query import QUESTION_WORDS, ParsedQuery
from indexer.store.schema import STOP_WORDS_EN

# Weight of one occurrence in each field, relative to the body. A report's title, summary and
# chapter headings are short, chosen words, so a match there says more about the report than one
# more occurrence in hundreds of pages. These fields are also printed on the pages, so their words
# are counted in the body as well: a title word weighs 4 + 1 here. On SciFact (title and abstract
# only, the title not repeated in the abstract) title weight 4, with k1 and b below, scored best
# on the training claims once the embedding fusion re-orders the best matches (search/semantic.py).
# Names are not English text: `researchers` is scored on its own, this weight scaling its score.
FIELD_WEIGHTS: dict[str, float] = {
    "title": 4.0,
    "summary": 2.0,
    "headings": 2.0,
    "body": 1.0,
    "researchers": 1.0,
}

# BM25 term-frequency saturation and length normalisation per field, chosen on SciFact's training
# claims with the fusion (bench/README.md): k1 0.9 saturates early, so BM25 rewards matching more
# of the query's words rather than repeating one (the embedding similarity speaks for the words'
# spread), and the standard b 0.75 for every field.
K1 = 0.9
FIELD_B: dict[str, float] = {
    "title": 0.75,
    "summary": 0.75,
    "headings": 0.75,
    "body": 0.75,
}

# Loose query words left out of the scored text (unless nothing else remains): question words, and
# the NLTK stop words. The index keeps stop words (true lengths, exact phrases), but scoring them
# in a query lost on the training claims (bench/README.md), and every document would match "the".
DROPPED_WORDS: frozenset[str] = QUESTION_WORDS | STOP_WORDS_EN

# Fields scored on their own rather than pooled, because their analyzer is not the text one.
NAME_FIELDS = frozenset({"researchers"})


@dataclass(frozen=True)
class Params:
    """The ranking levers in one place, so the benchmark can vary one at a time."""

    k1: float = K1
    field_b: dict[str, float] = field(default_factory=lambda: dict(FIELD_B))
    field_weights: dict[str, float] = field(default_factory=lambda: dict(FIELD_WEIGHTS))
    question_words: frozenset[str] = DROPPED_WORDS


PARAMS = Params()


@dataclass
class TextQuery:
    """The free-text part of a user's query: loose words and exact phrases, as typed."""

    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)


# -- weighting model ---------------------------------------------------------------------

# Publications per searcher (an index generation's count never changes): every idf needs it.
_N_DOCS: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()


class PubBM25F(WeightingModel):  # type: ignore[misc]
    """BM25F with publication-only statistics and Lucene's idf.

    Scores the pooled text fields itself (`pooled_scores`, for PooledTerms) and, through
    Whoosh's scorer interface, the clauses scored one field at a time (phrases, names, and any
    plain Term query a caller adds). The benchmark's variants override `n_docs`, `idf_of` and
    `pooled_scores`."""

    def __init__(self, params: Params = PARAMS) -> None:
        self.params = params

    def __eq__(self, other: object) -> bool:
        # Equal queries are merged when Whoosh normalises a query, so models compare by value.
        return type(other) is type(self) and vars(other) == vars(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def n_docs(self, searcher: Any) -> int:
        """Documents that can match text. Each page of a publication is also a document of the
        index, with stored text only; counting pages would divide every average length by the
        pages per publication and raise every idf."""
        top = searcher.get_parent()
        known = _N_DOCS.get(top)
        if known is not None:
            return known
        n = _postings.doc_frequency(top, "kind", "pub") if "kind" in top.schema else 0
        _N_DOCS[top] = n or int(top.doc_count_all())
        return _N_DOCS[top]

    def idf_of(self, n_docs: int, df: int) -> float:
        # Lucene's form: never negative, and without Whoosh's +1, which flattens the gap between
        # rare and common words.
        return log(1.0 + (n_docs - df + 0.5) / (df + 0.5))

    def supports_block_quality(self) -> bool:
        return True

    def idf(self, searcher: Any, fieldname: str, text: Any) -> float:
        top = searcher.get_parent()
        return self.idf_of(self.n_docs(top), _postings.doc_frequency(top, fieldname, text))

    def scorer(self, searcher: Any, fieldname: str, text: Any, qf: int = 1) -> BaseScorer:
        if not searcher.schema[fieldname].scorable:
            return WeightScorer.for_(searcher, fieldname, text)
        return _FieldScorer(searcher, fieldname, text, self)

    def field_stats(self, top: Any, fields: dict[str, float]) -> _postings.FieldStats:
        """Postings and length statistics of `fields` under this model's document count."""
        return _postings.FieldStats(top, fields, self.n_docs(top), self.params.field_b)

    def score_postings(self, searcher: Any, fieldname: str, text: Any, ids: Any, tfs: Any) -> Any:
        """The scores `_FieldScorer` gives the postings (document numbers `ids` of the whole
        index, frequencies `tfs`) of one term in one field, as an array."""
        top = searcher.get_parent()
        stats = _TermStats.of(self, top, fieldname, text)
        return stats.score(tfs, _postings.field_lengths(top, fieldname, ids))

    def pooled_scores(
        self, top: Any, fields: dict[str, float], qterms: dict[str, float]
    ) -> tuple[Any, Any]:
        """Each document's score for the weighted terms over the pooled fields: the term
        frequency of each field length-normalised, weighted and summed per document,
        saturated once, summed over the query's terms. Every step is an array operation.
        Returns the matching documents in order and their scores, as arrays."""
        stats = self.field_stats(top, fields)
        k1 = self.params.k1
        total = np.zeros(stats.size)
        for text, qweight in qterms.items():
            arrays = stats.posting_arrays(text)
            if not arrays:
                continue
            pooled = np.zeros(stats.size)
            for name, (ids, tfs) in arrays.items():
                # A document appears once per field's postings, so plain indexing adds safely.
                pooled[ids] += stats.fields[name] * tfs / stats.norm_array(name, ids)
            hit = np.flatnonzero(pooled)
            # Document frequency over the pooled fields: a word in title and body is one document.
            idf = self.idf_of(stats.n_docs, len(hit))
            tf = pooled[hit]
            total[hit] += qweight * idf * tf * (k1 + 1.0) / (tf + k1)
        hit = np.flatnonzero(total)
        return hit, total[hit]


@dataclass(frozen=True)
class _TermStats:
    """What BM25 needs of one term in one field, besides each document's frequency and
    length; `score` takes those as numbers (Whoosh's scorer) or arrays (a whole posting
    list), with the same arithmetic."""

    idf: float
    avgfl: float
    k1: float
    b: float

    @classmethod
    def of(cls, model: PubBM25F, top: Any, fieldname: str, text: Any) -> _TermStats:
        n = model.n_docs(top)
        return cls(
            model.idf_of(n, _postings.doc_frequency(top, fieldname, text)),
            _postings.avg_length(top, fieldname, n),
            model.params.k1,
            model.params.field_b.get(fieldname, 0.75),
        )

    def score(self, tf: Any, length: Any) -> Any:
        norm = (1.0 - self.b) + self.b * length / self.avgfl
        return self.idf * tf * (self.k1 + 1.0) / (tf + self.k1 * norm)


class _FieldScorer(WeightLengthScorer):  # type: ignore[misc]
    def __init__(self, searcher: Any, fieldname: str, text: Any, model: PubBM25F) -> None:
        self.stats = _TermStats.of(model, searcher.get_parent(), fieldname, text)
        self.setup(searcher, fieldname, text)

    def _score(self, weight: float, length: float) -> float:
        return float(self.stats.score(weight, length))


def weighting() -> Any:
    """The scoring model searches use (a whoosh WeightingModel)."""
    return PubBM25F(PARAMS)


# -- pooled BM25F query ------------------------------------------------------------------


class PooledTerms(_postings.WholeIndexQuery):
    """Analysed terms, each with a query weight, scored BM25F-style over several text fields.

    Whoosh scores one field's posting list at a time, so pooling happens here: the postings of
    every field are read for the whole index once per search (a collection of reports, not the
    web) and each segment gets its share of the precomputed scores.
    """

    def __init__(
        self,
        terms: dict[str, float],
        fields: dict[str, float],
        model: PubBM25F | None = None,
        boost: float = 1.0,
    ) -> None:
        super().__init__()
        self.qterms = dict(terms)
        self.fields = dict(fields)
        self.model = PubBM25F(PARAMS) if model is None else model
        self.boost = boost

    def __repr__(self) -> str:
        return f"PooledTerms({self.qterms!r}, {self.fields!r}, boost={self.boost})"

    def __str__(self) -> str:
        return "(" + " OR ".join(f"{f}:{t}" for f, t in self.terms()) + ")"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, PooledTerms)
            and self.qterms == other.qterms
            and self.fields == other.fields
            and self.model == other.model
            and self.boost == other.boost
        )

    def __hash__(self) -> int:
        return hash((tuple(sorted(self.qterms)), tuple(sorted(self.fields)), self.boost))

    def __deepcopy__(self, memo: dict[int, Any]) -> PooledTerms:
        # The score cache belongs to one searcher and is not worth copying.
        return PooledTerms(self.qterms, self.fields, self.model, self.boost)

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

    def compute_arrays(self, top: Any) -> tuple[Any, Any]:
        return self.model.pooled_scores(top, self.fields, self.qterms)


# -- query construction ------------------------------------------------------------------

_WORD = re.compile(r"\w+")


def _analyse(schema: Any, fieldname: str, text: str) -> list[str]:
    return [t.text for t in schema[fieldname].analyzer(text)]


def content_words(words: Iterable[str], question_words: frozenset[str] = DROPPED_WORDS) -> str:
    """The loose words as one text without question and stop words, unless nothing else would
    remain.
    Everything else is left as typed, for analyzers that read spacing and punctuation."""
    text = " ".join(words)
    if not question_words:
        return text
    kept = _WORD.sub(lambda m: " " if m.group().lower() in question_words else m.group(), text)
    return kept if _WORD.search(kept) else text


def build_query(
    schema: Any,
    tq: TextQuery,
    fields: dict[str, float] | None = None,
    model: PubBM25F | None = None,
) -> Any:
    """A scoring query: the words pooled over the text fields and scored BM25F-style, plus names
    and every phrase in every field, OR-ed, so documents matching more of the words score higher
    (not strict AND). A phrase matches only where its words stand in order, side by side.
    `fields` (name -> weight) restricts and reweights the fields searched; `model` (the
    production one unless given) scores the pooled words and sets the parameters."""
    model = PubBM25F(PARAMS) if model is None else model
    params = model.params
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
            clauses.append(PooledTerms(qterms, text_fields, model))
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


def search_query(schema: Any, pq: ParsedQuery) -> Any:
    """The query a search runs for a parsed query: the words and phrases scored, every phrase
    and title word required, prefixes, exclusions. NullQuery when nothing can match."""
    scoring = build_query(schema, TextQuery(pq.words, pq.phrases))
    must: list[Any] = []
    for phrase in pq.phrases:
        must.append(build_query(schema, TextQuery([], [phrase])))
    for title in pq.titles:
        terms = [t.text for t in schema["title"].analyzer(title)]
        must.extend(wq.Term("title", t) for t in terms)
        scoring = wq.Or([scoring, *(wq.Term("title", t, boost=2.0) for t in terms)])
    if pq.prefixes:
        pre = wq.Or([wq.Prefix(f, p) for p in pq.prefixes for f in ("title", "body")])
        scoring = wq.Or([scoring, pre]) if scoring is not wq.NullQuery else pre
        if not pq.words and not pq.phrases:
            must.append(pre)
    q = wq.AndMaybe(wq.And(must), scoring) if must else scoring
    excluded = pq.exclude_words + pq.exclude_phrases
    if excluded:
        ex = build_query(schema, TextQuery(pq.exclude_words, pq.exclude_phrases))
        q = wq.AndNot(q, ex)
    return q


def matching_docs(searcher: Any, q: Any) -> list[int]:
    """Every document number matching `q`, each once, in no particular order: Whoosh's
    `docs_for_query`, with posting lists read as arrays."""
    return list(_postings.matching_docs(searcher, q).tolist())


def passage_query(schema: Any, pq: ParsedQuery) -> Any:
    """Page documents holding any of the query's words or phrases in their passage text: the
    pages a search kept to one part of the report can match. Only the match counts, not the
    score, so plain terms serve. Title words are not asked of the pages: they choose the
    publication. NullQuery when the query has no words for the pages."""
    clauses: list[Any] = []
    text = content_words(pq.words)
    clauses += [wq.Term("passage", t) for t in dict.fromkeys(_analyse(schema, "passage", text))]
    for phrase in pq.phrases:
        terms = _analyse(schema, "passage", phrase)
        if len(terms) == 1:
            clauses.append(wq.Term("passage", terms[0]))
        elif terms:
            clauses.append(wq.Phrase("passage", terms))
    clauses += [wq.Prefix("passage", p) for p in pq.prefixes]
    return wq.Or(clauses) if clauses else wq.NullQuery
