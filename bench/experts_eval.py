"""Expert finding measured like the field does: MAP and P@5 over topics with known experts.

Usage: python bench/experts_eval.py [--topics FILE] [--rebuild]

Indexes corpus/ through the real pipeline (cached in the system temp folder, keyed by
SCHEMA_VERSION and the corpus files), then ranks people for each topic of
bench/experts_topics.toml three ways from the same search: production
(indexer.people.experts), the sum of publication relevance, and Balog's document-centric
Model 2 with chief/co-researcher weights. A topic's relevant people are the chief researchers
and co-researchers of its on-topic publications. Prints a table, then a final JSON line.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from indexer import people  # noqa: E402
from indexer.people.experts import DOC_DEPTH  # noqa: E402
from indexer.search.searcher import Hit, Searcher, SearchRequest  # noqa: E402
from indexer.store import schema  # noqa: E402

CORPUS = REPO / "corpus"
TOPICS = Path(__file__).with_name("experts_topics.toml")
CACHE = Path(tempfile.gettempdir()) / "pubkb-experts-eval"
# People ranked per topic: far more than anyone reads, so MAP sees every relevant person found.
DEPTH = 20
# Balog's Model 2 as usually weighted by role: the lead author counts twice a co-author.
MODEL2_CHIEF, MODEL2_CO = 2.0, 1.0


@dataclass(frozen=True)
class Topic:
    query: str
    chief: frozenset[str]
    co: frozenset[str]


def load_topics(path: Path, resolve: Callable[[str], str | None]) -> list[Topic]:
    """Topics with their experts as canonical names; a person chief on any on-topic
    publication counts as chief."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out = []
    for t in data["topic"]:
        chief = frozenset(resolve(n) or n for n in t["chief"])
        co = frozenset(resolve(n) or n for n in t["co"]) - chief
        out.append(Topic(t["query"], chief, co))
    return out


def average_precision(ranked: Sequence[str], relevant: frozenset[str]) -> float:
    """Mean of the precision at each relevant person's rank, over all relevant people."""
    if not relevant:
        return 0.0
    found, total = 0, 0.0
    for rank, name in enumerate(ranked, 1):
        if name in relevant:
            found += 1
            total += found / rank
    return total / len(relevant)


def precision_at(ranked: Sequence[str], relevant: frozenset[str], k: int = 5) -> float:
    return sum(1 for n in ranked[:k] if n in relevant) / k


# -- baselines, from the same hits production reads ---------------------------------------


def _rank(scores: dict[str, float]) -> list[str]:
    return [n for n, _ in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))][:DEPTH]


def sum_of_relevance(searcher: Searcher, hits: list[Hit]) -> list[str]:
    """Each person scored by the summed relevance of every publication they worked on."""
    auth = searcher.snapshot().authority
    scores: dict[str, float] = {}
    for h in hits:
        for c in h.researchers:
            name = auth.resolve(c) or c
            scores[name] = scores.get(name, 0.0) + h.score
    return _rank(scores)


def model2(searcher: Searcher, hits: list[Hit]) -> list[str]:
    """Balog's Model 2: sum over documents of p(q|d), relevance over the topic's total, times
    the document-candidate association, the role weight over the publication's total."""
    auth = searcher.snapshot().authority
    total = sum(h.score for h in hits) or 1.0
    scores: dict[str, float] = {}
    for h in hits:
        weights = {
            c: MODEL2_CHIEF if auth.role(h.id, c) == "chief" else MODEL2_CO for c in h.researchers
        }
        share = sum(weights.values()) or 1.0
        for c, w in weights.items():
            scores[c] = scores.get(c, 0.0) + h.score / total * w / share
    return _rank(scores)


# -- the run -------------------------------------------------------------------------------


def corpus_index(rebuild: bool) -> Path:
    """The corpus indexed through the real pipeline, built once per corpus and schema."""
    from indexer.ingest.run import run_index
    from indexer.ingest.worker import IndexOptions

    digest = hashlib.sha256()
    for pdf in sorted(CORPUS.glob("*.pdf")):
        digest.update(f"{pdf.name}:{pdf.stat().st_size}".encode())
    root = CACHE / f"corpus-{digest.hexdigest()[:12]}-schema{schema.SCHEMA_VERSION}"
    if rebuild or not (root / "done").exists():
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        run_index([str(CORPUS)], root / "ix", IndexOptions(workers=2))
        (root / "done").write_text("ok\n")
    return root / "ix"


@dataclass
class Score:
    label: str
    map: float
    p5: float
    chiefs_top5: int


def evaluate(searcher: Searcher, topics: list[Topic]) -> list[Score]:
    """Each ranking's MAP, P@5 and topics with every chief researcher in the top five."""
    rankers: dict[str, Callable[[Topic], list[str]]] = {
        "production": lambda t: [e.name for e in people.experts(searcher, t.query, DEPTH)],
        "sum of publication relevance": lambda t: sum_of_relevance(searcher, _hits(searcher, t)),
        "Model 2, chief 2 / co 1": lambda t: model2(searcher, _hits(searcher, t)),
    }
    out = []
    for label, rank in rankers.items():
        aps, p5s, chiefs = [], [], 0
        for t in topics:
            ranked = rank(t)
            aps.append(average_precision(ranked, t.chief | t.co))
            p5s.append(precision_at(ranked, t.chief | t.co))
            chiefs += t.chief <= set(ranked[:5])
        out.append(Score(label, sum(aps) / len(aps), sum(p5s) / len(p5s), chiefs))
    return out


def _hits(searcher: Searcher, t: Topic) -> list[Hit]:
    req = SearchRequest(t.query, limit=DOC_DEPTH)
    return [h for h in searcher.search(req).hits if h.score > 0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--topics", type=Path, default=TOPICS)
    ap.add_argument("--rebuild", action="store_true", help="index the corpus again")
    args = ap.parse_args()
    searcher = Searcher(corpus_index(args.rebuild))
    try:
        topics = load_topics(args.topics, searcher.authority.resolve)
        scores = evaluate(searcher, topics)
    finally:
        searcher.close()
    print(f"{len(topics)} topics, people ranked to {DEPTH}")
    print(f"| {'ranking':<30} |    MAP |    P@5 | every chief in top 5 |")
    print(f"|{'-' * 32}|-------:|-------:|---------------------:|")
    for s in scores:
        chiefs = f"{s.chiefs_top5} of {len(topics)}"
        print(f"| {s.label:<30} | {s.map:.4f} | {s.p5:.4f} | {chiefs:>20} |")
    prod, summed, m2 = scores
    print(
        json.dumps(
            {
                "map": round(prod.map, 4),
                "p5": round(prod.p5, 4),
                "sum_map": round(summed.map, 4),
                "sum_p5": round(summed.p5, 4),
                "model2_map": round(m2.map, 4),
                "model2_p5": round(m2.p5, 4),
            }
        )
    )


if __name__ == "__main__":
    main()
