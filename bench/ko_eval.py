"""Korean and mixed Korean/English retrieval on the sample corpus, per text analyzer.

Usage: python bench/ko_eval.py [CORPUS] [--variant NAME ...]

Indexes CORPUS (default: corpus/) through the real pipeline (`run_index`) once per analyzer,
with `indexer.schema.text_analyzer` swapped for the variant's, and asks every judged query
through `Searcher`, as `pubkb search` does. Prints one table row per variant (mean recall@3,
MRR, queries with every judged publication in the top 3) and the rank of each judged
publication per query, then a final JSON line. On the production index it also asks the
queries with the embedding fusion applied to queries with Hangul too, and with no fusion
(production fuses only queries without Hangul: indexer/search/semantic.py).
"""

from __future__ import annotations

import argparse
import json
import operator
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from whoosh.analysis import RegexTokenizer  # noqa: E402

from indexer.ingest.run import run_index  # noqa: E402
from indexer.ingest.worker import IndexOptions  # noqa: E402
from indexer.search import semantic  # noqa: E402
from indexer.search.searcher import Searcher, SearchRequest  # noqa: E402
from indexer.store import (  # noqa: E402
    analysis,
    schema,
)

DEPTH = 3


@dataclass(frozen=True)
class Query:
    text: str
    relevant: tuple[str, ...]  # corpus files, every one of them wanted in the top 3
    note: str


# Judged by reading the four Korean editions and their English originals. Most queries are
# nouns as people type them, which the text prints only with a particle or an ending attached
# (방역 as 방역을, 고령화 as 고령화로) or spaced another way (지방소멸 as 지방 소멸).
KO = "issue-brief-2021-{}-ko.pdf"
EN = "issue-brief-2021-{}.pdf"
QUERIES = (
    Query("백신 접종", (KO.format("02"),), "vaccination"),
    Query("방역", (KO.format("02"),), "quarantine; printed 방역을"),
    Query("체류자격 차별", (KO.format("02"),), "discrimination by status"),
    Query("건강권", (KO.format("04"),), "right to health"),
    Query("보건의료 서비스 이용", (KO.format("04"),), "use of health services"),
    Query("감염병", (KO.format("04"),), "infectious diseases"),
    Query("재정착 난민", (KO.format("08"),), "resettled refugees"),
    Query("난민법", (KO.format("08"),), "Refugee Act"),
    Query("민간단체 협력", (KO.format("08"),), "cooperation; printed 협력이"),
    Query("재원 확보", (KO.format("13"),), "securing funds; printed 재원을"),
    Query("고령화", (KO.format("13"),), "ageing; printed 고령화로"),
    Query("지방소멸", (KO.format("13"),), "local extinction; printed 지방 소멸"),
    Query("안산시 사례", (KO.format("13"),), "the Ansan case"),
    Query("난민 resettlement", (KO.format("08"), EN.format("08")), "mixed"),
    Query("백신 vaccine", (KO.format("02"), EN.format("02")), "mixed"),
    Query("안산시 Ansan budget", (KO.format("13"), EN.format("13")), "mixed"),
    Query("건강권 right to health", (KO.format("04"), EN.format("04")), "mixed"),
)


# The production analyzer, kept before any variant is swapped in for a build.
PRODUCTION = schema.text_analyzer


def _english_filters() -> list[Any]:
    """The production analyzer's English filters (lower case, stop words, stemming)."""
    items = PRODUCTION().items
    return [f for f in items[1:] if not isinstance(f, analysis.HangulBigramFilter)]


def _chain(*parts: Any) -> Any:
    return reduce(operator.or_, parts)


def english() -> Any:
    """The analyzer before Korean support: a Hangul word, particles and all, is one term."""
    return _chain(RegexTokenizer(), *_english_filters())


def word_bigrams() -> Any:
    """Bigrams inside each space-separated word only (no bigram across a space)."""
    return _chain(RegexTokenizer(), analysis.HangulBigramFilter(), *_english_filters())


VARIANTS: dict[str, tuple[Callable[[], Any], str]] = {
    "english": (english, "before: a Korean word with its particles is one term"),
    "word-bigrams": (word_bigrams, "Hangul bigrams within each word"),
    "production": (PRODUCTION, "Hangul bigrams over runs of words (production)"),
}
# The embedding fusion's rule for Korean, measured on the production index: production keeps
# the BM25 order of a query with Hangul; these rows fuse every query, or none.
FUSIONS: dict[str, tuple[semantic.Fusion, str]] = {
    "fusion-everywhere": (
        semantic.Fusion(hangul=True),
        "production, with queries that have Hangul fused too",
    ),
    "no-fusion": (semantic.Fusion(weight=0.0), "production, BM25F alone (no fusion)"),
}
DESCRIPTIONS = {
    **{n: d for n, (_, d) in VARIANTS.items()},
    **{n: d for n, (_, d) in FUSIONS.items()},
}


def build(corpus: Path, root: Path, analyzer: Callable[[], Any], cache_from: Path | None) -> None:
    """Index the corpus with `analyzer` as the text analyzer; reuse another run's extractions."""
    if cache_from is not None and (cache_from / "cache").exists():
        shutil.copytree(cache_from / "cache", root / "cache")
    original = schema.text_analyzer
    schema.text_analyzer = analyzer
    try:
        summary = run_index([str(corpus)], root, IndexOptions(workers=2))
    finally:
        schema.text_analyzer = original
    assert not summary.failed, summary.failed


def ranks(searcher: Searcher, query: Query) -> list[int | None]:
    hits = searcher.search(SearchRequest(query.text, limit=20)).hits
    names = [Path(h.path).name for h in hits]
    return [names.index(f) + 1 if f in names else None for f in query.relevant]


def score(all_ranks: list[list[int | None]]) -> dict[str, float]:
    recall = [sum(r is not None and r <= DEPTH for r in rs) / len(rs) for rs in all_ranks]
    rr = [1.0 / min((r for r in rs if r is not None), default=float("inf")) for rs in all_ranks]
    complete = [all(r is not None and r <= DEPTH for r in rs) for rs in all_ranks]
    n = len(all_ranks)
    return {"recall@3": sum(recall) / n, "mrr": sum(rr) / n, "all@3": sum(complete) / n}


def _cell(rs: list[int | None]) -> str:
    return "/".join("-" if r is None else str(r) for r in rs)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", nargs="?", type=Path, default=REPO / "corpus")
    parser.add_argument("--variant", action="append", choices=sorted(VARIANTS))
    args = parser.parse_args(argv)
    names = args.variant or list(VARIANTS)
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="pubkb-ko-eval-") as tmp:
        previous: Path | None = None
        for name in names:
            root = Path(tmp) / name
            started = time.monotonic()
            build(args.corpus, root, VARIANTS[name][0], previous)
            previous = root
            searcher = Searcher(root)
            per_query = [ranks(searcher, q) for q in QUERIES]
            results[name] = {
                **score(per_query),
                "ranks": per_query,
                "seconds": round(time.monotonic() - started, 1),
            }
            if name == "production":
                for other, (fusion, _) in FUSIONS.items():
                    searcher.reranker = semantic.Reranker(fusion)
                    per_query = [ranks(searcher, q) for q in QUERIES]
                    results[other] = {**score(per_query), "ranks": per_query, "seconds": 0.0}
            searcher.close()
    names += [n for n in FUSIONS if n in results]
    print_tables(names, results)
    print(json.dumps({n: {k: v for k, v in r.items() if k != "ranks"} for n, r in results.items()}))


def print_tables(names: list[str], results: dict[str, dict[str, Any]]) -> None:
    print("| variant | recall@3 | MRR | all judged in top 3 | what |")
    print("|---|---:|---:|---:|---|")
    for n in names:
        r = results[n]
        print(
            f"| {n} | {r['recall@3']:.3f} | {r['mrr']:.3f} | "
            f"{round(r['all@3'] * len(QUERIES))}/{len(QUERIES)} | {DESCRIPTIONS[n]} |"
        )
    print()
    print("| query | judged | " + " | ".join(names) + " |")
    print("|---|---|" + "---:|" * len(names))
    for i, q in enumerate(QUERIES):
        judged = ", ".join(f.removesuffix(".pdf").removeprefix("issue-brief-") for f in q.relevant)
        cells = " | ".join(_cell(results[n]["ranks"][i]) for n in names)
        print(f"| {q.text} ({q.note}) | {judged} | {cells} |")


if __name__ == "__main__":
    main()
