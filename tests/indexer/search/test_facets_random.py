"""Fast facet counts equal brute-force counts on random queries and filters."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bench.synth import build, corpus_vocabulary
from indexer.search import ranking
from indexer.search.query import parse
from indexer.search.searcher import Searcher, SearchRequest
from indexer.store import schema
from indexer.types import PUB_TYPES


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Searcher:
    root = tmp_path_factory.mktemp("synthetic") / "ix"
    build(root, n_docs=300, seed=3)
    return Searcher(root)


def brute_force(
    root: Path, query: str, req: SearchRequest, topics: dict[int, list[str]]
) -> dict[str, Counter[str]]:
    """Counts from the stored records of every publication Whoosh itself says matches (and
    from `topics`, each publication's key phrases by document number)."""
    with schema.open_index(root).searcher() as s:
        pubs = set(s.document_numbers(kind=schema.KIND_PUB))
        q = ranking.search_query(s.schema, parse(query))
        matched = set(s.docs_for_query(q)) & pubs if query else pubs
        records: dict[int, Any] = {
            n: json.loads(s.stored_fields(n)["record"])["meta"] for n in matched
        }

    def keep(meta: Any, skip: str) -> bool:
        people = {*meta["chief"], *meta["co_researchers"]}
        return (
            (skip == "type" or not req.types or meta["type"] in req.types)
            and (
                skip == "year"
                or req.year_from is None
                or req.year_from <= meta["year"] <= (req.year_to or 9999)
            )
            and (skip == "researcher" or not req.researchers or bool(people & set(req.researchers)))
        )

    out: dict[str, Counter[str]] = {
        "type": Counter(),
        "year": Counter(),
        "researcher": Counter(),
        "topic": Counter(),
    }
    for n, meta in records.items():
        if keep(meta, "topic"):
            out["topic"].update(topics.get(n, []))
        if keep(meta, "type"):
            out["type"][meta["type"]] += 1
        if keep(meta, "year"):
            out["year"][str(meta["year"])] += 1
        if keep(meta, "researcher"):
            for name in dict.fromkeys([*meta["chief"], *meta["co_researchers"]]):
                out["researcher"][name] += 1
    return out


def test_random_queries_and_filters(synthetic: Searcher, tmp_path: Path) -> None:
    rng = random.Random(5)
    vocab = [w for w in corpus_vocabulary(synthetic.root.parent)[20:800] if len(w) > 3]
    people = sorted({c for p in synthetic.snapshot().publications for c in p.canonical})
    topics = {p.docnum: p.topics for p in synthetic.snapshot().publications}
    for _ in range(40):
        query = " ".join(rng.sample(vocab, rng.randrange(0, 4)))
        lo = rng.choice([None, 2008, 2015])
        req = SearchRequest(
            query,
            types=rng.sample(PUB_TYPES[:-1], rng.randrange(0, 3)),
            year_from=lo,
            year_to=None if lo is None else lo + rng.randrange(0, 8),
            researchers=rng.sample(people, rng.randrange(0, 2)),
            limit=0,
        )
        facets = synthetic.search(req).facets
        expected = brute_force(synthetic.root, query, req, topics)
        for name in ("type", "year", "researcher", "topic"):
            assert facets[name] == dict(expected[name]), (query, req, name)
