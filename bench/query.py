"""Query latency on a synthetic index: plain, filtered, faceted, snippets and the app's requests.

Usage: python bench/query.py --docs 10000 [--queries 60]

Builds (or reuses, under bench/.cache/) an index of N synthetic publications of twelve pages
each, then prints p50/p95 per query kind, each beside its ratio to Whoosh's own faceted query
in the same run (so figures of different days and machines compare), the cold open and peak
memory of a fresh serving process (with the search data the index's writers save beside it,
and without), and a final JSON line.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.synth import build, corpus_vocabulary  # noqa: E402
from indexer.search import prepared, ranking  # noqa: E402
from indexer.search.findings import findings  # noqa: E402
from indexer.search.query import parse  # noqa: E402
from indexer.search.searcher import Searcher, SearchRequest  # noqa: E402
from indexer.store import schema  # noqa: E402
from search_app.urlstate import SearchState  # noqa: E402

CACHE = REPO / "bench" / ".cache"


def index_for(n_docs: int) -> tuple[Path, float, float]:
    """The index, the seconds it took to build (0 when reused), and the seconds its search
    data took to save, as the commands that write an index save it (0 when already saved)."""
    root = CACHE / f"synthetic-{n_docs}-v{schema.SCHEMA_VERSION}"
    build_s = 0.0
    if not schema.index_exists(root):
        start = time.perf_counter()
        build(root, n_docs)
        build_s = time.perf_counter() - start
    start = time.perf_counter()
    saved = prepared.save(root)
    return root, build_s, time.perf_counter() - start if saved else 0.0


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


def search_page(s: Searcher) -> Callable[[str], object]:
    """The request the app's search page sends for a query and no filter: every facet count,
    ten cards with page snippets, did-you-mean, and editions grouped into one card."""
    return lambda q: s.search(SearchState(q=q).request())


def page_view(s: Searcher) -> Callable[[str], object]:
    """All the search page asks of the index for a query's first page: its request, then the
    findings box ("What our publications concluded") when anything matched."""

    def run(q: str) -> object:
        result = s.search(SearchState(q=q).request())
        return result, findings(s, q) if result.total else None

    return run


def with_typo(q: str) -> str:
    """The query with its last two letters swapped, so did-you-mean has a word to correct."""
    return q[:-2] + q[-1] + q[-2]


def serve(root: Path, queries: list[str], live: bool = False) -> None:
    """In a fresh process: seconds from opening the index to the search page's first full
    result, then the peak memory of this serving process after whole page views (findings
    box included) of the other queries. With `live`, the search data saved beside the index
    is not read, but worked out as when it is missing or stale."""
    if live:
        prepared.load = lambda *args: None  # type: ignore[assignment]
    start = time.perf_counter()
    s = Searcher(root)
    search_page(s)(queries[0])
    cold_s = time.perf_counter() - start
    view = page_view(s)
    for q in queries[1:]:
        view(q)
    print(
        json.dumps(
            {"cold_open_s": round(cold_s, 2), "peak_mb": round(peak_rss_mb()), **rss_split()}
        )
    )


def peak_rss_mb() -> float:
    """This process's peak resident memory. On Linux from /proc (VmHWM): `ru_maxrss` carries
    the high-water mark of the process this one was forked from across exec, so a serving
    process started by a benchmark that has just built a large index would report that."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_split() -> dict[str, int]:
    """The resident memory now, split (on Linux) into the process's own memory and pages of
    mapped files: the index's segments are memory-mapped, and the pages of them a query has
    read count in the peak while they stay in the OS file cache."""
    try:
        lines = Path("/proc/self/status").read_text().splitlines()
    except OSError:
        return {}
    kb = {
        name: int(value.split()[0])
        for name, value in (line.split(":", 1) for line in lines if line.startswith("Rss"))
    }
    if "RssAnon" not in kb or "RssFile" not in kb:
        return {}
    return {"own_mb": round(kb["RssAnon"] / 1024), "mapped_mb": round(kb["RssFile"] / 1024)}


def fresh_process(root: Path, queries: list[str], live: bool = False) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--serve", str(root), "--serve-queries", json.dumps(queries)]
    cmd += ["--serve-live"] if live else []
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--queries", type=int, default=60)
    ap.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--serve-queries", help=argparse.SUPPRESS)
    ap.add_argument("--serve-live", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        serve(args.serve, json.loads(args.serve_queries), args.serve_live)
        return
    root, build_s, save_s = index_for(args.docs)
    rng = random.Random(11)
    vocab = corpus_vocabulary(CACHE)
    mid = [w for w in vocab[50:2000] if len(w) > 3]

    def sample(r: random.Random = rng) -> list[str]:
        return [" ".join(r.sample(mid, r.randrange(2, 5))) for _ in range(args.queries)]

    # First, before this process has read the index: a fresh serving process opens it and
    # answers the search page (the files may be in the OS cache from an earlier run).
    # Its queries come from a generator of their own: the rows below keep their queries.
    served_queries = [with_typo(q) for q in sample(random.Random(13))]
    served = fresh_process(root, served_queries)
    # The same, when the saved search data is stale or missing (as right after another
    # program's commit): the serving process works it out.
    live = fresh_process(root, served_queries, live=True)
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
        "search page, no filter": search_page(s),
        # The same request and the findings box the page shows above the cards.
        "search page + findings": page_view(s),
        "naive whoosh facets": naive_whoosh_facets(ix),
    }
    # Queries that carry a swapped letter pair, so did-you-mean has a word to correct.
    typos = {"full app query", "search page, no filter", "search page + findings"}
    rows = {}
    for name, fn in kinds.items():
        # Each kind gets queries of its own, so no kind runs on posting lists another one
        # left in the cache.
        qs = sample()
        if name in typos:
            qs = [with_typo(q) for q in qs]
        ms = timed(fn, qs)
        rows[name] = (statistics.median(ms), pct(ms, 0.95))
    pages = ix.doc_count() - args.docs
    bench_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    naive_p50, naive_p95 = rows["naive whoosh facets"]
    print(
        f"{args.docs} publications, {pages} pages; index built in {build_s:.0f} s"
        if build_s
        else f"{args.docs} publications, {pages} pages (index reused)"
    )
    print(f"{'query':<26}{'p50 ms':>9}{'p95 ms':>9}{'x naive p50':>13}{'x naive p95':>13}")
    for name, (p50, p95) in rows.items():
        print(f"{name:<26}{p50:>9.1f}{p95:>9.1f}{p50 / naive_p50:>13.3f}{p95 / naive_p95:>13.3f}")
    split = (
        f"; at the end {served['own_mb']} MB its own, {served['mapped_mb']} MB of mapped files"
        if "own_mb" in served
        else ""
    )
    print(
        f"fresh serving process: first search page {served['cold_open_s']:.2f} s after opening"
        f" the index; peak memory {served['peak_mb']:.0f} MB{split}"
        f" (this benchmark's own process: {bench_mb:.0f} MB)"
    )
    saving = f"; saving it took {save_s:.2f} s" if save_s else ""
    print(
        f"without the saved search data: first search page {live['cold_open_s']:.2f} s after"
        f" opening, peak memory {live['peak_mb']:.0f} MB{saving}"
    )
    page_p95 = rows["search page, no filter"][1]
    print(
        json.dumps(
            {
                "docs": args.docs,
                "pages": pages,
                "search_page_p50_ms": round(rows["search page, no filter"][0], 1),
                "search_page_p95_ms": round(page_p95, 1),
                "search_page_x_naive_p95": round(page_p95 / naive_p95, 3),
                "page_view_p50_ms": round(rows["search page + findings"][0], 1),
                "page_view_p95_ms": round(rows["search page + findings"][1], 1),
                "page_view_x_naive_p95": round(rows["search page + findings"][1] / naive_p95, 3),
                "full_app_p50_ms": round(rows["full app query"][0], 1),
                "full_app_p95_ms": round(rows["full app query"][1], 1),
                "full_app_x_naive_p95": round(rows["full app query"][1] / naive_p95, 3),
                "naive_facets_p95_ms": round(naive_p95, 1),
                "plain_p95_ms": round(rows["plain top-10"][1], 1),
                "peak_mb": served["peak_mb"],
                "own_mb": served.get("own_mb"),
                "mapped_mb": served.get("mapped_mb"),
                "cold_open_s": served["cold_open_s"],
                "cold_open_unsaved_s": live["cold_open_s"],
                "peak_unsaved_mb": live["peak_mb"],
            }
        )
    )


if __name__ == "__main__":
    main()
