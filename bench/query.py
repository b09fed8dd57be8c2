"""Query latency on a synthetic index: plain, filtered, faceted, snippets and the full app query.

Usage: python bench/query.py --docs 10000 [--queries 60]

Builds (or reuses, under bench/.cache/) an index of N synthetic publications of twelve pages
each, then prints p50/p95 per query kind, Whoosh's own facet counting for comparison in the
same run, peak memory, and a final JSON line.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.synth import build, corpus_vocabulary  # noqa: E402
from indexer.search import ranking  # noqa: E402
from indexer.search.query import parse  # noqa: E402
from indexer.search.searcher import Searcher, SearchRequest  # noqa: E402
from indexer.store import schema  # noqa: E402

CACHE = REPO / "bench" / ".cache"


def index_for(n_docs: int) -> tuple[Path, float]:
    root = CACHE / f"synthetic-{n_docs}-v{schema.SCHEMA_VERSION}"
    if schema.index_exists(root):
        return root, 0.0
    start = time.perf_counter()
    build(root, n_docs)
    return root, time.perf_counter() - start


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(fn: Callable[[str], object], queries: list[str]) -> list[float]:
    fn(queries[0])  # warm caches the way a running app has them warm
    out = []
    for q in queries:
        start = time.perf_counter()
        fn(q)
        out.append((time.perf_counter() - start) * 1000)
    return out


def plain_whoosh(ix: Any) -> Callable[[str], object]:
    """Whoosh's own top 10 for the query a search runs, without facets, snippets or spelling."""
    srch = ix.searcher(weighting=ranking.weighting())
    sch = ix.schema

    def run(text: str) -> object:
        return srch.search(ranking.search_query(sch, parse(text)), limit=10)

    return run


def naive_whoosh_facets(ix: Any) -> Callable[[str], object]:
    """Whoosh's own grouping over every match: the approach the fast facets replace."""
    from whoosh import sorting

    facets = {
        "type": sorting.FieldFacet("type"),
        "year": sorting.FieldFacet("year"),
        "researcher": sorting.FieldFacet("researcher", allow_overlap=True),
    }

    def run(text: str) -> object:
        q = ranking.build_query(ix.schema, ranking.TextQuery(text.split(), []))
        with ix.searcher(weighting=ranking.weighting()) as srch:
            res = srch.search(q, limit=10, groupedby=facets)
            return {name: res.groups(name) for name in facets}

    return run


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--queries", type=int, default=60)
    args = ap.parse_args()
    root, build_s = index_for(args.docs)
    rng = random.Random(11)
    vocab = corpus_vocabulary(CACHE)
    mid = [w for w in vocab[50:2000] if len(w) > 3]

    def sample() -> list[str]:
        return [" ".join(rng.sample(mid, rng.randrange(2, 5))) for _ in range(args.queries)]

    s = Searcher(root)
    ix = schema.open_index(root)
    year = {"year_from": 2015, "year_to": 2020}
    kinds: dict[str, Callable[[str], object]] = {
        "plain top-10": plain_whoosh(ix),
        "filtered (type+years)": lambda q: s.search(
            SearchRequest(q, types=["Issue Brief", "Research Report"], **year)
        ),
        "faceted (no snippets)": lambda q: s.search(SearchRequest(q, limit=0)),
        "snippets, top 10": lambda q: s.search(SearchRequest(q, limit=10)),
        # What the app's search page asks: filters, every facet count, ten hits with page
        # snippets, and did-you-mean (each of these queries carries a typo).
        "full app query": lambda q: s.search(
            SearchRequest(q, types=["Issue Brief", "Research Report"], limit=10, **year)
        ),
        "naive whoosh facets": naive_whoosh_facets(ix),
    }
    rows = {}
    for name, fn in kinds.items():
        # Each kind gets queries of its own, so no kind runs on posting lists another one
        # left in the cache; the full app query's carry a swapped letter pair (did-you-mean).
        qs = sample()
        if name == "full app query":
            qs = [q[:-2] + q[-1] + q[-2] for q in qs]
        ms = timed(fn, qs)
        rows[name] = (statistics.median(ms), pct(ms, 0.95))
    pages = ix.doc_count() - args.docs
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{args.docs} publications, {pages} pages; index built in {build_s:.0f} s"
        if build_s
        else f"{args.docs} publications, {pages} pages (index reused)"
    )
    print(f"{'query':<26}{'p50 ms':>9}{'p95 ms':>9}")
    for name, (p50, p95) in rows.items():
        print(f"{name:<26}{p50:>9.1f}{p95:>9.1f}")
    print(f"peak memory of this query process: {peak_mb:.0f} MB")
    print(
        json.dumps(
            {
                "docs": args.docs,
                "pages": pages,
                "full_app_p50_ms": round(rows["full app query"][0], 1),
                "full_app_p95_ms": round(rows["full app query"][1], 1),
                "naive_facets_p95_ms": round(rows["naive whoosh facets"][1], 1),
                "plain_p95_ms": round(rows["plain top-10"][1], 1),
                "peak_mb": round(peak_mb),
            }
        )
    )


if __name__ == "__main__":
    main()
