"""Relevance of `pubkb search` ranking on a BEIR-format collection, against Whoosh defaults.

Usage: python bench/ir_eval.py [COLLECTION] [--train TRAIN] [--all] [--rebuild] [--workers N]
                              [--train-only]

COLLECTION holds corpus.jsonl, queries.jsonl and qrels.tsv (default: ../shared/ir-eval/scifact
beside the repository). The production run indexes every document as a publication through
indexer.store.schema.create_index (title = title, body = text) and ranks it with
indexer.search.ranking.build_query + weighting(), then re-orders the best matches by BM25 fused
with embedding similarity (indexer.search.semantic, the Searcher's own code), as `pubkb search`
does, top 100. The baseline
is Whoosh out of the box: StemmingAnalyzer, title and text fields, MultifieldParser with an OR
group, BM25F defaults. Every other row changes one lever of production (the scoring ones are in
bench/ranking_variants.py; the fusion ones are its settings, the document text and the query
text). `--all` adds the slow or index-hungry levers (other analyzers, page
documents, proximity, RM3 feedback).

Indexes are cached under the system temp folder, keyed by collection, SCHEMA_VERSION and the
source of the schema, analyzers and vectors.
Prints a table, then a final JSON line with production and baseline figures.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from functools import cache, partial
from multiprocessing import get_context
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from whoosh import index as whoosh_index  # noqa: E402
from whoosh.analysis import (  # noqa: E402
    STOP_WORDS,
    Analyzer,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StemmingAnalyzer,
    StopFilter,
)
from whoosh.fields import ID, TEXT, Schema  # noqa: E402
from whoosh.formats import Frequency  # noqa: E402
from whoosh.lang.stopwords import stoplists  # noqa: E402
from whoosh.qparser import MultifieldParser, OrGroup  # noqa: E402
from whoosh.scoring import BM25F  # noqa: E402

from bench import ranking_variants  # noqa: E402
from bench.beyond_bm25 import run_pairs, run_rm3  # noqa: E402
from bench.ir_metrics import mean_over_queries  # noqa: E402
from indexer.search import ranking, semantic  # noqa: E402
from indexer.search.query import QUESTION_WORDS  # noqa: E402
from indexer.search.ranking import PubBM25F, TextQuery  # noqa: E402
from indexer.store import analysis, schema, vectors  # noqa: E402

DEFAULT_COLLECTION = REPO.parent / "shared" / "ir-eval" / "scifact"
# The same documents with the training claims: every setting is chosen on these.
DEFAULT_TRAIN = REPO.parent / "shared" / "ir-eval" / "scifact-train"
# A temp folder rather than bench/.cache: `git clean -X` in a shared tree would empty that.
CACHE = Path(tempfile.gettempdir()) / "pubkb-ir-eval"
DEPTH = 100
# The fields of a SciFact document as a publication document has them.
DOC_FIELDS = ("title", "body")

# SciFact queries are claims; production queries are questions. Each claim is also asked as
# policy staff would ask it, the templates taken in turn.
QUESTION_TEMPLATES = (
    "What did we conclude about {}?",
    "Do we know whether {}?",
    "What does our research say about {}?",
)


def as_questions(queries: dict[str, str]) -> dict[str, str]:
    n = len(QUESTION_TEMPLATES)
    return {
        qid: QUESTION_TEMPLATES[i % n].format(text.rstrip(". "))
        for i, (qid, text) in enumerate(sorted(queries.items()))
    }


@dataclass
class Collection:
    docs: list[tuple[str, str, str]]
    queries: dict[str, str]
    qrels: dict[str, set[str]]
    fingerprint: str


def load_collection(folder: Path) -> Collection:
    digest = hashlib.sha256()
    docs = []
    with (folder / "corpus.jsonl").open(encoding="utf-8") as f:
        for line in f:
            digest.update(line.encode("utf-8"))
            d = json.loads(line)
            docs.append((str(d["_id"]), d.get("title") or "", d.get("text") or ""))
    qrels: dict[str, set[str]] = {}
    with (folder / "qrels.tsv").open(encoding="utf-8") as f:
        rows = csv.reader(f, delimiter="\t")
        next(rows)
        for qid, did, score in rows:
            if int(score) > 0:
                qrels.setdefault(qid, set()).add(did)
    queries = {}
    with (folder / "queries.jsonl").open(encoding="utf-8") as f:
        for line in f:
            q = json.loads(line)
            if str(q["_id"]) in qrels:
                queries[str(q["_id"])] = q["text"]
    return Collection(docs, queries, qrels, digest.hexdigest()[:12])


# -- indexes -----------------------------------------------------------------------------


def analyzer(stemmer: str, stoplist: frozenset[str]) -> Analyzer:
    """A text analyzer like production's with another stemmer or stop list."""
    if stemmer == "porter":
        return StemmingAnalyzer(stoplist=stoplist, minsize=1, cachesize=50000)
    return (
        RegexTokenizer()
        | LowercaseFilter()
        | StopFilter(stoplist=stoplist, minsize=1)
        | StemFilter(lang="en", cachesize=50000)
    )


NLTK_STOP = frozenset(stoplists["en"])
# Only words that never carry a topic on their own: articles, conjunctions and the commonest
# prepositions. Not "a" ("vitamin a", "hepatitis a") nor "in", "on", "no" (symbols, "no." ...).
_FUNCTION_WORDS = "the an and or nor but of to for from with by at as than into"
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())
# The stop lists weighed against production's (schema.TEXT_STOPLIST), each in production's own
# analyzer (Korean bigrams included), nothing else changed.
STOPLISTS = {
    "no stop list": frozenset(),
    f"function-word stop list ({len(FUNCTION_WORDS)} words)": FUNCTION_WORDS,
    f"NLTK stop list ({len(NLTK_STOP)} words)": NLTK_STOP,
}


@dataclass(frozen=True)
class IndexSpec:
    """One cached index: the production mapping, possibly with one thing changed."""

    name: str
    analyzer: Callable[[], Analyzer] | None = None
    # Term vectors on title and body, which RM3 feedback reads.
    vectors: bool = False
    # A page document beside each publication, as `pubkb index` stores a one-page PDF.
    page_docs: bool = False


PRODUCTION = IndexSpec("production")
BASELINE = IndexSpec("whoosh-baseline")


@cache
def _code_digest() -> str:
    """The source of the schema and analyzers, so a cached index of a branch with the same
    SCHEMA_VERSION but another analyzer is never read."""
    digest = hashlib.sha256()
    for mod in (schema, analysis, vectors):
        digest.update(Path(mod.__file__ or "").read_bytes())
    return digest.hexdigest()[:8]


def index_root(coll: Collection, spec: IndexSpec) -> Path:
    key = f"schema{schema.SCHEMA_VERSION}-{_code_digest()}"
    return CACHE / f"scifact-{coll.fingerprint}-{key}-{spec.name}"


def build_index(coll: Collection, spec: IndexSpec, rebuild: bool) -> float:
    """Build the index unless a finished one is cached; the seconds it took."""
    root = index_root(coll, spec)
    if not rebuild and (root / "done").exists():
        return 0.0
    start = time.perf_counter()
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    if spec.name == BASELINE.name:
        sch = Schema(
            id=ID(stored=True, unique=True),
            title=TEXT(analyzer=StemmingAnalyzer()),
            text=TEXT(analyzer=StemmingAnalyzer()),
        )
        ix = whoosh_index.create_in(str(root), sch)
        writer = ix.writer(limitmb=256)
        for did, title, text in coll.docs:
            writer.add_document(id=did, title=title, text=text)
        writer.commit()
    else:
        _build_production(root, coll, spec)
    (root / "done").write_text("ok\n")
    return time.perf_counter() - start


def _build_production(root: Path, coll: Collection, spec: IndexSpec) -> None:
    original = schema.text_analyzer
    if spec.analyzer is not None:
        schema.text_analyzer = spec.analyzer
    try:
        ix = schema.create_index(root)
    finally:
        schema.text_analyzer = original
    if spec.vectors:
        sch = ix.schema
        for name in ("title", "body"):
            sch[name].vector = Frequency()
        ix = whoosh_index.create_in(str(schema.whoosh_dir(root)), sch)
    writer = schema.writer(ix, limitmb=256)
    # Each document's vector from the text `pubkb index` embeds (vectors.document_text).
    texts = [vectors.document_text({"title": t, "body": b}) for _, t, b in coll.docs]
    vecs = vectors.embed(texts)
    for (did, title, text), vec in zip(coll.docs, vecs, strict=True):
        writer.add_document(
            doc_id=did,
            kind=schema.KIND_PUB,
            pub=did,
            title=title,
            body=text,
            vector=vectors.to_bytes(vec),
        )
        if spec.page_docs:
            writer.add_document(
                doc_id=f"{did}:1", kind=schema.KIND_PAGE, pub=did, page=1, page_text=text
            )
    writer.commit()


def open_index(coll: Collection, spec: IndexSpec) -> Any:
    root = index_root(coll, spec)
    if spec.name == BASELINE.name:
        return whoosh_index.open_dir(str(root))
    return whoosh_index.open_dir(str(schema.whoosh_dir(root)))


# -- runs --------------------------------------------------------------------------------

Run = dict[str, list[str]]


def run_baseline(ix: Any, queries: dict[str, str]) -> Run:
    parser = MultifieldParser(["title", "text"], ix.schema, group=OrGroup)
    out: Run = {}
    with ix.searcher(weighting=BM25F()) as s:
        for qid, text in queries.items():
            out[qid] = [hit["id"] for hit in s.search(parser.parse(text), limit=DEPTH)]
    return out


def _pub_docnums(s: Any) -> list[int]:
    return list(s.document_numbers(kind=schema.KIND_PUB))


@cache
def _memory_vectors(fields: tuple[str, ...]) -> tuple[list[str], Any]:
    """The training collection's documents embedded from other fields than the index's."""
    coll: Collection = _STATE["train"]
    texts = [
        vectors.document_text(dict(zip(DOC_FIELDS, d[1:], strict=True)), fields) for d in coll.docs
    ]
    return [d[0] for d in coll.docs], vectors.embed(texts)


def _doc_vectors(s: Any, fields: tuple[str, ...] | None) -> semantic.DocVectors:
    """The vectors stored in the index (production: the Searcher's own loader), or the
    documents embedded from `fields`."""
    nums = _pub_docnums(s)
    if fields is None:
        return semantic.DocVectors.load(s, nums)
    ids, vecs = _memory_vectors(fields)
    row = {d: i for i, d in enumerate(ids)}
    rows = [vecs[row[s.stored_fields(n)["doc_id"]]] for n in nums]
    return semantic.DocVectors(nums, rows, vecs.shape[1])


def run_model(
    ix: Any,
    queries: dict[str, str],
    model: PubBM25F | None = None,
    fusion: semantic.Fusion | None = semantic.PRODUCTION,
    doc_fields: tuple[str, ...] | None = None,
    content_only: bool = False,
) -> Run:
    """A BM25 ranking (production's model unless `model`), then `fusion` of its best matches
    through the Searcher's own Reranker (none when `fusion` is None). `doc_fields` embeds the
    documents from other fields than the index's; `content_only` embeds the query without its
    stop and question words, as BM25 scores it."""
    model = PubBM25F(ranking.PARAMS) if model is None else model
    depth = DEPTH if fusion is None else max(DEPTH, fusion.depth)
    out: Run = {}
    with ix.searcher(weighting=model) as s:
        docs = _doc_vectors(s, doc_fields) if fusion is not None else None
        reranker = semantic.Reranker(fusion or semantic.PRODUCTION)
        for qid, text in queries.items():
            tq = TextQuery(words=text.split())
            q = ranking.build_query(ix.schema, tq, model=model)
            ranked = [(hit.docnum, hit.score) for hit in s.search(q, limit=depth)]
            if docs is not None:
                embedded = semantic.query_text(tq.words, tq.phrases)
                if content_only:
                    embedded = ranking.content_words(tq.words)
                ranked = reranker.rerank_with(docs, ranked, embedded)
            out[qid] = [s.stored_fields(n)["doc_id"] for n, _ in ranked[:DEPTH]]
    return out


def run_production(ix: Any, queries: dict[str, str]) -> Run:
    """Exactly what `pubkb search` runs for the text of a query: BM25F, then the fusion."""
    return run_model(ix, queries)


def run_bm25(ix: Any, queries: dict[str, str]) -> Run:
    """Production's BM25F alone, without the fusion."""
    return run_model(ix, queries, fusion=None)


# -- the table ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    label: str
    index: IndexSpec
    run: Callable[[Any, dict[str, str]], Run]
    questions: bool = False
    lever: str = ""


def _p(**changes: Any) -> Callable[[Any, dict[str, str]], Run]:
    return partial(run_model, model=ranking_variants.model(**changes))


def _f(**changes: Any) -> Callable[[Any, dict[str, str]], Run]:
    """Production with other fusion settings."""
    return partial(run_model, fusion=replace(semantic.PRODUCTION, **changes))


def fusion_variants() -> list[Variant]:
    """The embedding fusion's levers: off, its weight, depth and normalisation, what text
    embeds a document, and what text embeds a query."""
    prod, f = PRODUCTION, semantic.PRODUCTION
    rows = [
        Variant("BM25F alone (no fusion)", prod, run_bm25, False, "fusion"),
        Variant("questions: BM25F alone (no fusion)", prod, run_bm25, True, "fusion"),
    ]
    for w in (0.2, 0.3, 0.4, 0.5, 0.6):
        if w != f.weight:
            rows.append(Variant(f"fusion weight {w}", prod, _f(weight=w), False, "fusion w"))
    for k in (100, 300, 1000):
        if k != f.depth:
            rows.append(Variant(f"fusion depth {k}", prod, _f(depth=k), False, "fusion K"))
    other = "max" if f.norm == "minmax" else "minmax"
    for w in (0.3, f.weight):
        label = f"fusion {other} normalisation, weight {w}"
        rows.append(Variant(label, prod, _f(norm=other, weight=w), False, "fusion norm"))
    for fields in (("title",), ("body",)):
        label = f"documents embedded from {' and '.join(fields)} only"
        embedded = partial(run_model, doc_fields=fields)
        rows.append(Variant(label, prod, embedded, False, "fusion text"))
    content = partial(run_model, content_only=True)
    label = "queries embedded without stop and question words"
    rows.append(Variant(label, prod, content, False, "fusion text"))
    rows.append(Variant(f"questions: {label}", prod, content, True, "fusion text"))
    # BM25F's settings as they were chosen without the fusion, and the standard k1 1.2.
    before = ranking_variants.model(
        k1=1.5,
        field_b={**ranking.PARAMS.field_b, "body": 0.9},
        field_weights={**ranking.PARAMS.field_weights, "title": 3.0},
    )
    label = "BM25F of before (k1 1.5, body b 0.9, title 3), with fusion"
    rows.append(Variant(label, prod, partial(run_model, model=before), False, "k1, b, weights"))
    rows.append(
        Variant(
            f"questions: {label}", prod, partial(run_model, model=before), True, "k1, b, weights"
        )
    )
    label = "BM25F of before alone (no fusion)"
    rows.append(
        Variant(label, prod, partial(run_model, model=before, fusion=None), False, "fusion")
    )
    return rows


def variants(full: bool) -> list[Variant]:
    p = ranking.PARAMS
    fw, fb = p.field_weights, p.field_b
    prod = PRODUCTION
    v1_weights = {"title": 2.0, "summary": 1.5, "headings": 1.5, "body": 1.0, "researchers": 1.0}
    porter_whoosh_stop = IndexSpec("porter", partial(analyzer, "porter", STOP_WORDS))
    first_version = _p(
        combine="sum",
        idf="whoosh",
        pub_stats=False,
        question_words=frozenset(),
        field_weights=v1_weights,
    )
    rows = [
        Variant("Whoosh defaults (baseline)", BASELINE, run_baseline),
        Variant("production", prod, run_production),
        Variant("questions: production", prod, run_production, True, "questions"),
        Variant(
            "questions: production, question words kept",
            prod,
            _p(question_words=NLTK_STOP),
            True,
            "question words",
        ),
        Variant("question words kept", prod, _p(question_words=NLTK_STOP), False, "question words"),
        Variant("first ranking.py (Porter, per-field sum)", porter_whoosh_stop, first_version),
        Variant(
            "Porter stemmer, Whoosh stop list",
            porter_whoosh_stop,
            run_production,
            False,
            "analyzer",
        ),
        Variant(
            "questions: Porter, Whoosh stop list",
            porter_whoosh_stop,
            run_production,
            True,
            "analyzer",
        ),
        Variant(
            "sum of per-field BM25 (Whoosh's model)", prod, _p(combine="sum"), False, "pooling"
        ),
        Variant("Whoosh idf log(N/(n+1))+1", prod, _p(idf="whoosh"), False, "idf"),
        Variant("coordination factor 0.5", prod, _p(coord=0.5), False, "coord"),
        Variant("coordination factor 1.0", prod, _p(coord=1.0), False, "coord"),
    ]
    for label, stops in STOPLISTS.items():
        if stops == schema.TEXT_STOPLIST:
            continue
        name = "stop-" + hashlib.sha256(" ".join(sorted(stops)).encode()).hexdigest()[:8]
        spec = IndexSpec(name, partial(schema.text_analyzer, stops))
        rows.append(Variant(label, spec, run_production, False, "stop list"))
        rows.append(Variant(f"questions: {label}", spec, run_production, True, "stop list"))
    # Stop words scored in queries as any word, rather than dropped like question words.
    scored = _p(question_words=QUESTION_WORDS)
    label = "stop words scored in queries"
    rows.append(Variant(label, prod, scored, False, "stop list"))
    rows.append(Variant(f"questions: {label}", prod, scored, True, "stop list"))
    for k1 in (0.9, 1.2, 1.5, 2.0):
        if k1 != p.k1:
            rows.append(Variant(f"k1 {k1}", prod, _p(k1=k1), False, "k1"))
    for b in (0.4, 0.75, 0.9):
        if b != fb["body"]:
            other_b = _p(field_b={**fb, "body": b})
            rows.append(Variant(f"body b {b}", prod, other_b, False, "b"))
            if b == 0.9:
                rows.append(Variant(f"questions: body b {b}", prod, other_b, True, "b"))
    rows.append(Variant("title b 0.0", prod, _p(field_b={**fb, "title": 0.0}), False, "b"))
    for w in (1.0, 2.0, 3.0, 4.0, 6.0):
        if w == fw["title"]:
            continue
        weights = {**fw, "title": w}
        rows.append(Variant(f"title weight {w}", prod, _p(field_weights=weights), False, "weights"))
    rows += fusion_variants()
    if not full:
        return rows
    snowball_whoosh_stop = IndexSpec(
        "snowball-whoosh-stop", partial(analyzer, "snowball", STOP_WORDS)
    )
    porter_nltk = IndexSpec("porter-nltk-stop", partial(analyzer, "porter", NLTK_STOP))
    pages = IndexSpec("page-docs", page_docs=True)
    vectors = IndexSpec("vectors", vectors=True)
    rows += [
        Variant("questions: Whoosh defaults", BASELINE, run_baseline, True, "questions"),
        Variant(
            "Snowball, Whoosh stop list", snowball_whoosh_stop, run_production, False, "analyzer"
        ),
        Variant(
            "questions: Snowball, Whoosh stop list",
            snowball_whoosh_stop,
            run_production,
            True,
            "analyzer",
        ),
        Variant("Porter, NLTK stop list", porter_nltk, run_production, False, "analyzer"),
        Variant("page documents in the index", pages, run_production, False, "stats"),
        Variant("page documents, all-document stats", pages, _p(pub_stats=False), False, "stats"),
    ]
    for weight, slop in ((0.1, 3), (0.3, 3), (0.1, 8)):
        near = partial(run_pairs, weight=weight, slop=slop, fields=("title", "body"))
        label = f"proximity bonus {weight}, pairs within {slop}"
        rows.append(Variant(label, prod, near, False, "proximity"))
    for weight, fields in ((0.2, ("title",)), (0.2, ("title", "body")), (0.5, ("title",))):
        exact = partial(run_pairs, weight=weight, slop=1, fields=fields)
        label = f"phrase bonus {weight}, word pairs in {' and '.join(fields)}"
        rows.append(Variant(label, prod, exact, False, "phrases"))
    for docs, terms, weight in ((10, 10, 0.3), (10, 20, 0.5), (3, 10, 0.3), (5, 20, 0.2)):
        rm3 = partial(run_rm3, docs=docs, terms=terms, weight=weight)
        label = f"RM3 {docs} docs, {terms} terms, weight {weight}"
        rows.append(Variant(label, vectors, rm3, False, "feedback"))
    return rows


@dataclass
class Row:
    label: str
    ndcg: float
    recall: float
    seconds: float
    lever: str


# Set before the worker pool forks, so workers receive only row numbers.
_STATE: dict[str, Any] = {}


def _build(i: int) -> float:
    spec = _STATE["specs"][i]
    return build_index(_STATE["coll"], spec, _STATE["rebuild"])


def _measure(job: tuple[str, int]) -> Row:
    split, i = job
    coll: Collection = _STATE[split]
    v: Variant = _STATE["variants"][i]
    queries = as_questions(coll.queries) if v.questions else coll.queries
    ix = open_index(coll, v.index)
    start = time.perf_counter()
    run = v.run(ix, queries)
    secs = time.perf_counter() - start
    ix.close()
    return Row(
        v.label,
        mean_over_queries(run, coll.qrels, "ndcg", 10),
        mean_over_queries(run, coll.qrels, "recall", DEPTH),
        secs,
        v.lever,
    )


def _table(title: str, coll: Collection, results: list[Row]) -> None:
    prod = results[1]
    print(f"{title}: {len(coll.docs)} documents, {len(coll.queries)} queries, top {DEPTH}")
    print(f"| {'variant':<44} | nDCG@10 |  R@100 | Δ nDCG vs prod | lever          | s     |")
    print(f"|{'-' * 46}|--------:|-------:|---------------:|----------------|------:|")
    for r in results:
        print(
            f"| {r.label:<44} | {r.ndcg:7.4f} | {r.recall:6.4f} | {r.ndcg - prod.ndcg:+14.4f} "
            f"| {r.lever:<14} | {r.seconds:5.1f} |"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("collection", nargs="?", default=str(DEFAULT_COLLECTION))
    ap.add_argument(
        "--train", default=str(DEFAULT_TRAIN), help="the collection settings are chosen on"
    )
    ap.add_argument("--all", action="store_true", help="also the slow and index-hungry levers")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the cached indexes")
    ap.add_argument(
        "--train-only",
        action="store_true",
        help="the training table alone, no test figure (for choosing a setting)",
    )
    ap.add_argument(
        "--workers", type=int, default=2, help="processes measuring rows; 1 runs all in this one"
    )
    args = ap.parse_args()

    start = time.perf_counter()
    test, train = load_collection(Path(args.collection)), load_collection(Path(args.train))
    if test.fingerprint != train.fingerprint:
        sys.exit("the training and test collections must share one corpus")
    overlap = set(test.queries) & set(train.queries)
    if overlap:
        sys.exit(f"{len(overlap)} test queries are also training queries")
    rows = variants(args.all)
    specs = list(dict.fromkeys(v.index for v in rows))
    # Every row on the training queries; then only the baseline and production on the test
    # queries, once, so no test figure can steer a setting.
    jobs = [("train", i) for i in range(len(rows))]
    if not args.train_only:
        jobs += [("test", 0), ("test", 1)]
    _STATE.update(coll=test, train=train, test=test, variants=rows, specs=specs)
    _STATE["rebuild"] = args.rebuild
    if args.workers <= 1:
        # Everything in this one process: slower, but nothing forked.
        built = [_build(i) for i in range(len(specs))]
        results = [_measure(job) for job in jobs]
    else:
        with ProcessPoolExecutor(args.workers, mp_context=get_context("fork")) as pool:
            built = list(pool.map(_build, range(len(specs))))
            results = []
            for job, row in zip(jobs, pool.map(_measure, jobs), strict=True):
                # Progress on stderr: a full run takes many minutes.
                print(f"{job[0]}: {row.label} {row.ndcg:.4f}", file=sys.stderr, flush=True)
                results.append(row)
    build_s = sum(built)
    trained = results[: len(rows)]
    _table("Training queries (every setting chosen here)", train, trained)
    if args.train_only:
        print(f"{args.workers} workers; wall time {time.perf_counter() - start:.0f} s")
        return
    base, prod = results[len(rows) :]
    print()
    print(f"| {'test queries, measured once':<44} | nDCG@10 |  R@100 | train nDCG | train R@100 |")
    print(f"|{'-' * 46}|--------:|-------:|-----------:|------------:|")
    for r, t in ((base, trained[0]), (prod, trained[1])):
        print(
            f"| {r.label:<44} | {r.ndcg:7.4f} | {r.recall:6.4f} | {t.ndcg:10.4f} "
            f"| {t.recall:11.4f} |"
        )
    total = time.perf_counter() - start
    print(
        f"{args.workers} workers; index builds {build_s:.0f} s (0 when cached); "
        f"wall time {total:.0f} s"
    )
    print(
        json.dumps(
            {
                "ndcg10": round(prod.ndcg, 4),
                "recall100": round(prod.recall, 4),
                "baseline_ndcg10": round(base.ndcg, 4),
                "baseline_recall100": round(base.recall, 4),
                "train_ndcg10": round(trained[1].ndcg, 4),
                "train_recall100": round(trained[1].recall, 4),
                "train_baseline_ndcg10": round(trained[0].ndcg, 4),
                "train_baseline_recall100": round(trained[0].recall, 4),
            }
        )
    )


if __name__ == "__main__":
    main()
