"""Facet values and the publications holding each, as arrays: a match set's counts are one
gather and one bincount, however many values the facet has."""

from __future__ import annotations

from collections.abc import Hashable, ItemsView, Iterable, Iterator, Mapping
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

    def counts(self, base: Any) -> FacetCounts:
        """Per value, how many documents of the boolean mask `base` hold it; most first, then
        by value, values no document holds left out."""
        counted = np.bincount(self.codes[base[self.docs]], minlength=len(self.raw))
        return ordered_counts(self.keys, counted)


class FacetCounts(Mapping[str, int]):
    """One facet's counts over a match set: every value some match holds, with its count,
    most first (ties in the facet's own value order).

    Held as two arrays in that order. Iterating, `len` and `head` read them as they are; the
    value-to-count table that a lookup by value needs is made on the first such lookup: a
    search page shows the first few of what can be tens of thousands of values (key phrases),
    and making a dictionary of all of them cost more than counting them."""

    def __init__(self, keys: Any, counts: Any) -> None:
        self._keys = keys
        self._counts = counts
        self._table: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self._keys)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys.tolist())

    def __getitem__(self, value: str) -> int:
        if self._table is None:
            self._table = dict(zip(self._keys.tolist(), self._counts.tolist(), strict=True))
        return self._table[value]

    def items(self) -> ItemsView[str, int]:
        return _Items(self)

    def head(self, n: int) -> dict[str, int]:
        """The `n` most frequent values with their counts, in order."""
        return dict(zip(self._keys[:n].tolist(), self._counts[:n].tolist(), strict=True))

    def __repr__(self) -> str:
        return f"FacetCounts({self.head(len(self))!r})"


class _Items(ItemsView[str, int]):
    """A facet's (value, count) pairs in order, read from its arrays without the table."""

    _mapping: FacetCounts

    def __iter__(self) -> Iterator[tuple[str, int]]:
        facet = self._mapping
        return zip(facet._keys.tolist(), facet._counts.tolist(), strict=True)


def ordered_counts(keys: Any, counted: Any) -> FacetCounts:
    """`keys` (in order: a list or an object array) with their nonzero counts, most first; a
    stable sort keeps the keys' order among equal counts."""
    found = np.flatnonzero(counted)
    values = counted[found]
    top = int(values.max()) if len(values) else 0
    # Counts below 65,536 sort as 16-bit integers, which numpy's stable sort does in linear
    # time (a radix sort).
    down = (top - values).astype(np.uint16) if top < 1 << 16 else -values
    found = found[np.argsort(down, kind="stable")]
    return FacetCounts(np.asarray(keys, dtype=object)[found], counted[found])
