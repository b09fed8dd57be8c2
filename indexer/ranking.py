"""Ranking: field weights, BM25F parameters and query construction, chosen with bench/ir_eval.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from whoosh import query as wq
from whoosh.scoring import BM25F

# Relative weight of each publication field in the score.
FIELD_WEIGHTS: dict[str, float] = {
    "title": 2.0,
    "summary": 1.5,
    "headings": 1.5,
    "body": 1.0,
    "researchers": 1.0,
}


@dataclass
class TextQuery:
    """The free-text part of a user's query: loose words and exact phrases, as typed."""

    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)


def weighting() -> Any:
    """The scoring model searches use (a whoosh WeightingModel)."""
    return BM25F(B=0.75, K1=1.2)


def _analyse(schema: Any, fieldname: str, text: str) -> list[str]:
    return [t.text for t in schema[fieldname].analyzer(text)]


def build_query(schema: Any, tq: TextQuery, fields: dict[str, float] | None = None) -> Any:
    """A scoring query: every word or phrase in every field, OR-ed, so documents matching
    more of the words score higher (not strict AND)."""
    fields = fields or FIELD_WEIGHTS
    clauses: list[Any] = []
    for name, boost in fields.items():
        for word in tq.words:
            for term in _analyse(schema, name, word):
                clauses.append(wq.Term(name, term, boost=boost))
        for phrase in tq.phrases:
            terms = _analyse(schema, name, phrase)
            if len(terms) == 1:
                clauses.append(wq.Term(name, terms[0], boost=boost))
            elif terms:
                clauses.append(wq.Phrase(name, terms, boost=boost))
    return wq.Or(clauses) if clauses else wq.NullQuery
