"""The expert-finding measures against cases worked out by hand."""

from __future__ import annotations

import pytest

from bench.experts_eval import average_precision, precision_at


def test_average_precision() -> None:
    # Relevant at ranks 1 and 3: (1/1 + 2/3) / 2.
    assert average_precision(["a", "x", "b"], frozenset({"a", "b"})) == pytest.approx(5 / 6)
    # One of two relevant people never ranked: (1/2) / 2.
    assert average_precision(["x", "a"], frozenset({"a", "b"})) == pytest.approx(0.25)
    assert average_precision(["a"], frozenset()) == 0.0


def test_precision_at_five() -> None:
    assert precision_at(["a", "x", "b", "y", "z", "c"], frozenset({"a", "b", "c"})) == 0.4
    assert precision_at([], frozenset({"a"})) == 0.0
