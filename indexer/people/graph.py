"""The co-author network over the whole index."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

from indexer.authority.clusters import sort_key
from indexer.people.results import CoauthorGraph, GraphEdge, GraphNode
from indexer.search.searcher import Searcher


def graph(searcher: Searcher) -> CoauthorGraph:
    """The co-author network: a node per researcher, an edge per pair who published together,
    weighted by how many publications they share."""
    pubs, auth = searcher.snapshot()
    counts: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for p in pubs:
        people = sorted(set(p.canonical), key=sort_key)
        counts.update(people)
        pairs.update(combinations(people, 2))
    nodes = [GraphNode(n, auth.aliases(n), counts[n]) for n in sorted(counts, key=sort_key)]
    edges = [
        GraphEdge(a, b, k)
        for (a, b), k in sorted(pairs.items(), key=lambda kv: (-kv[1], *map(sort_key, kv[0])))
    ]
    return CoauthorGraph(nodes, edges)
