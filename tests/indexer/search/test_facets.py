"""Facet counts: every value a match holds with its count, most first, ties in value order."""

from __future__ import annotations

import numpy as np

from indexer.search.facets import FacetValues, ordered_counts


def test_counts_come_most_first_with_ties_in_value_order() -> None:
    counts = ordered_counts(["a", "b", "c", "d"], np.array([2, 0, 5, 2]))
    assert list(counts) == ["c", "a", "d"]
    assert list(counts.items()) == [("c", 5), ("a", 2), ("d", 2)]
    assert counts == {"c": 5, "a": 2, "d": 2} and counts == {"a": 2, "c": 5, "d": 2}
    assert counts != {"c": 5, "a": 2}
    assert len(counts) == 3 and "b" not in counts and counts.get("b") is None
    assert counts["d"] == 2 and counts.head(2) == {"c": 5, "a": 2}
    assert list(counts.head(2)) == ["c", "a"]


def test_counts_past_sixteen_bits_keep_the_order() -> None:
    counted = np.array([70_000, 3, 70_000, 100_000])
    counts = ordered_counts(["w", "x", "y", "z"], counted)
    assert list(counts.items()) == [("z", 100_000), ("w", 70_000), ("y", 70_000), ("x", 3)]


def test_a_facet_counts_the_publications_of_a_match_set() -> None:
    # Publication 0 holds two values, 1 and 2 one each, 3 none.
    facet = FacetValues([("red", 0), ("blue", 0), ("red", 1), ("green", 2)])
    base = np.array([True, True, False, True])
    assert facet.counts(base) == {"red": 2, "blue": 1}
    assert list(facet.counts(np.ones(4, dtype=bool))) == ["red", "blue", "green"]
    assert facet.counts(np.zeros(4, dtype=bool)) == {}
