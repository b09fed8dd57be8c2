"""The key-phrase choice over the index, against the rule written out one pair at a time."""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from indexer.metadata.phrases import (
    MAX_DOCUMENT_SHARE,
    MAX_KEY_PHRASES,
    MIN_KEY_PHRASES,
    choose,
)
from indexer.store import schema
from indexer.store.index import cards_in


def reference_choice(
    per_publication: Mapping[str, Mapping[str, int]], skip_words: frozenset[str] = frozenset()
) -> dict[str, dict[str, float]]:
    """The rule as its docstring states it, one publication and one phrase at a time."""
    total = max(len(per_publication), 1)
    df = Counter(p for counts in per_publication.values() for p in counts)
    out: dict[str, dict[str, float]] = {}
    for pid, counts in per_publication.items():
        scored = []
        for phrase, tf in counts.items():
            words = phrase.split()
            if total > 2 and df[phrase] > MAX_DOCUMENT_SHARE * total:
                continue
            if not skip_words.isdisjoint(words):
                continue
            scored.append((tf * math.log((total + 1) / df[phrase]) * len(words), phrase))
        scored.sort(key=lambda wp: (-wp[0], wp[1]))
        chosen: list[str] = []
        taken: set[str] = set()
        for _, phrase in scored:
            if len(chosen) == MAX_KEY_PHRASES:
                break
            if taken.isdisjoint(phrase.split()):
                chosen.append(phrase)
                taken |= set(phrase.split())
        for _, phrase in scored:
            if len(chosen) >= MIN_KEY_PHRASES:
                break
            if phrase not in chosen:
                chosen.append(phrase)
        weight = {phrase: w for w, phrase in scored}
        out[pid] = {phrase: round(weight[phrase], 4) for phrase in chosen}
    return out


def test_random_collections_choose_as_the_rule_says() -> None:
    rng = random.Random(3)
    words = [f"w{i}" for i in range(40)]
    for _ in range(30):
        per_pub = {}
        for p in range(rng.randrange(1, 25)):
            counts = {}
            for _ in range(rng.randrange(0, 30)):
                phrase = " ".join(rng.sample(words, rng.randrange(1, 4)))
                counts[phrase] = rng.randrange(1, 6)  # few values: many ties
            per_pub[f"p{p}"] = counts
        skip = frozenset(rng.sample(words, 3))
        for skip_words in (frozenset(), skip):
            got = choose(per_pub, skip_words)
            assert got == reference_choice(per_pub, skip_words)
            assert [list(v) for v in got.values()] == [
                list(v) for v in reference_choice(per_pub, skip_words).values()
            ]


def test_the_corpus_candidates_choose_as_the_rule_says(corpus_index: Path) -> None:
    with schema.open_index(corpus_index).searcher() as s:
        docnums = list(s.document_numbers(kind=schema.KIND_PUB))
        per_pub = {r["id"]: phrases for r, phrases in cards_in(s, docnums)}
    skip = frozenset({"kim", "lee", "park"})
    got = choose(per_pub, skip)
    assert got == reference_choice(per_pub, skip) and any(got.values())
    assert [list(v) for v in got.values()] == [
        list(v) for v in reference_choice(per_pub, skip).values()
    ]


def test_no_candidates_choose_nothing() -> None:
    assert choose({}) == {}
    assert choose({"a": {}, "b": {}}) == {"a": {}, "b": {}}
