"""A researcher's main topics: the key phrases most of their publications carry."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from indexer.search.searcher import PubInfo

TOPIC_COUNT = 8


def topics(mine: Sequence[PubInfo], limit: int = TOPIC_COUNT) -> list[str]:
    """The key phrases of these publications, by how many of them carry each; on a tie, the
    phrase that weighs more across them (a phrase central to one report outranks a side one).
    The same phrases as the Topics page and the topic filter, so a profile's topic is one a
    reader can open."""
    count: Counter[str] = Counter()
    weight: dict[str, float] = {}
    for p in mine:
        for t in p.topics:
            count[t] += 1
            weight[t] = weight.get(t, 0.0) + p.topic_weights.get(t, 0.0)
    ranked = sorted(count, key=lambda t: (-count[t], -weight[t], t))
    return ranked[:limit]
