"""Facet values and the publications holding each, as arrays: a match set's counts are one
gather and one bincount, however many values the facet has."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

import numpy as np


class FacetValues:
    """One facet: its values (ordered by the key the counts show, so ties come out in that
    order) and one (document, value) entry per publication holding a value."""

    def __init__(self, pairs: Iterable[tuple[Hashable, int]]) -> None:
        unique = dict.fromkeys(pairs)
        raw = sorted({v for v, _ in unique}, key=str)
        self.raw: list[Any] = raw
        self.keys = np.array([str(v) for v in raw], dtype=object)
        self.code = {v: i for i, v in enumerate(raw)}
        codes = np.fromiter((self.code[v] for v, _ in unique), dtype=np.int32, count=len(unique))
        docs = np.fromiter((d for _, d in unique), dtype=np.int32, count=len(unique))
        order = np.argsort(codes, kind="stable")
        self.docs = docs[order]
        self.codes = codes[order]
        self.starts = np.searchsorted(self.codes, np.arange(len(raw) + 1))

    def __len__(self) -> int:
        return len(self.raw)

    def docs_of(self, value: Hashable) -> Any:
        """The document numbers holding `value` (none for a value the facet does not have)."""
        i = self.code.get(value)
        if i is None:
            return self.docs[:0]
        return self.docs[self.starts[i] : self.starts[i + 1]]

    def mask(self, values: Iterable[Hashable], size: int) -> Any:
        """Which of `size` documents hold any of `values`."""
        out = np.zeros(size, dtype=bool)
        for v in values:
            out[self.docs_of(v)] = True
        return out

    def counts(self, base: Any) -> dict[str, int]:
        """Per value, how many documents of the boolean mask `base` hold it; most first, then
        by value, values no document holds left out."""
        counted = np.bincount(self.codes[base[self.docs]], minlength=len(self.raw))
        return ordered_counts(self.keys, counted)


def ordered_counts(keys: Any, counted: Any) -> dict[str, int]:
    """`keys` (in order: a list or an object array) with their nonzero counts, most first; a
    stable sort keeps the keys' order among equal counts."""
    found = np.flatnonzero(counted)
    found = found[np.argsort(-counted[found], kind="stable")]
    names = np.asarray(keys, dtype=object)[found].tolist()
    return dict(zip(names, counted[found].tolist(), strict=True))
