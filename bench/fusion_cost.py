"""What the embedding fusion costs: index bytes, time per query, loading, and memory.

Usage: python bench/fusion_cost.py [--index ROOT] [--queries N]

On SciFact's production index (bench/ir_eval.py's cached one, built if missing) and its
training claims: per query, the milliseconds of BM25F's top 1,000 through Whoosh (the
reference, in the same process), of embedding the query, and of re-ranking (gathering the
candidates' rows and their dot products); each also as a ratio to the reference. Then the
model's load time and memory, and reading the vectors into their matrix. `--index ROOT` (a `pubkb
index`, e.g. bench/.cache/synthetic-10000-v10) also times reading every publication's vector
there against opening the Searcher on it. Prints a final JSON line.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import ir_eval  # noqa: E402
from indexer.search import ranking, semantic  # noqa: E402
from indexer.search.ranking import TextQuery  # noqa: E402
from indexer.search.searcher import Searcher, SearchRequest  # noqa: E402
from indexer.store import schema, vectors  # noqa: E402


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def on_scifact(n_queries: int) -> dict[str, float]:
    coll = ir_eval.load_collection(ir_eval.DEFAULT_TRAIN)
    ir_eval.build_index(coll, ir_eval.PRODUCTION, False)
    ix = ir_eval.open_index(coll, ir_eval.PRODUCTION)
    before = rss_mb()
    start = time.perf_counter()
    model = vectors.load()
    vectors.embed(["warm"])
    load_s = time.perf_counter() - start
    model_rss = rss_mb() - before
    fusion = semantic.PRODUCTION
    reranker = semantic.Reranker(fusion)
    bm25_ms, embed_ms, rerank_ms = [], [], []
    with ix.searcher(weighting=ranking.weighting()) as s:
        nums = list(s.document_numbers(kind=schema.KIND_PUB))
        start = time.perf_counter()
        docs = semantic.DocVectors.load(s, nums)
        docs_load_s = time.perf_counter() - start
        for text in list(coll.queries.values())[:n_queries]:
            tq = TextQuery(words=text.split())
            start = time.perf_counter()
            q = ranking.build_query(ix.schema, tq)
            ranked = [(h.docnum, h.score) for h in s.search(q, limit=fusion.depth)]
            bm25_ms.append(ms(start))
            start = time.perf_counter()
            qvec = vectors.embed([semantic.query_text(tq.words)])[0]
            embed_ms.append(ms(start))
            start = time.perf_counter()
            semantic.rerank(ranked, qvec, docs, fusion)
            rerank_ms.append(ms(start))
        # The same through the Reranker, as the Searcher calls it, to check nothing is lost.
        reranker.rerank_with(docs, ranked, text)
    out = {
        "publications": len(nums),
        "bm25_top1000_ms": statistics.median(bm25_ms),
        "embed_query_ms": statistics.median(embed_ms),
        "rerank_ms": statistics.median(rerank_ms),
        "embed_x_bm25": statistics.median(embed_ms) / statistics.median(bm25_ms),
        "rerank_x_bm25": statistics.median(rerank_ms) / statistics.median(bm25_ms),
        "model_load_s": load_s,
        "model_table_mb": model.table.nbytes / 2**20,
        "model_rss_mb": model_rss,
        "vectors_load_s": docs_load_s,
        "vectors_mb": docs.matrix.nbytes / 2**20,
    }
    print(f"SciFact, {len(nums)} publications, {len(bm25_ms)} training claims (medians):")
    print(f"  BM25F top {fusion.depth} (reference)   {out['bm25_top1000_ms']:7.2f} ms")
    print(
        f"  embedding the query        {out['embed_query_ms']:7.2f} ms"
        f"  ({out['embed_x_bm25']:.3f}x the reference)"
    )
    print(
        f"  re-ranking the candidates  {out['rerank_ms']:7.2f} ms"
        f"  ({out['rerank_x_bm25']:.3f}x the reference)"
    )
    print(
        f"  model: loaded in {load_s:.2f} s, table {out['model_table_mb']:.1f} MB,"
        f" peak RSS +{model_rss:.0f} MB"
    )
    print(
        f"  vectors: read in {docs_load_s:.2f} s, matrix {out['vectors_mb']:.1f} MB"
        f" ({docs.matrix.nbytes / max(1, len(nums)):.0f} bytes per publication)"
    )
    return out


def on_index(root: Path) -> dict[str, float]:
    vectors.load()  # the model is shared by the process; not part of either figure
    start = time.perf_counter()
    s = Searcher(root)
    # The reference: opening and a first answer without the fusion, so no vector is read.
    s.reranker = semantic.Reranker(semantic.Fusion(weight=0.0))
    s.search(SearchRequest("policy", limit=10))
    open_s = time.perf_counter() - start
    gen = s._gen
    start = time.perf_counter()
    docs = semantic.Reranker().vectors_of(s._s, gen, gen.pubs)
    load_s = time.perf_counter() - start
    s.close()
    out = {
        "index_publications": len(gen.pubs),
        "searcher_open_s": open_s,
        "index_vectors_load_s": load_s,
        "index_vectors_x_open": load_s / open_s,
        "index_vectors_mb": docs.matrix.nbytes / 2**20,
    }
    print(
        f"{root}: {len(gen.pubs)} publications; Searcher opened and first answered in "
        f"{open_s:.2f} s; every vector read in {load_s:.2f} s ({load_s / open_s:.2f}x), "
        f"matrix {out['index_vectors_mb']:.1f} MB"
    )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", type=Path, help="a pubkb index to time reading its vectors")
    ap.add_argument("--queries", type=int, default=300)
    args = ap.parse_args()
    out = on_scifact(args.queries)
    if args.index:
        out |= on_index(args.index)
    print(json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in out.items()}))


if __name__ == "__main__":
    main()
