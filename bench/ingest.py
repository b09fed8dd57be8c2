"""Ingest throughput of `pubkb index` against plain pdfminer text extraction, in one run.

Usage: python bench/ingest.py [FOLDER ...] [--repeat N] [--ocr] [--no-profile] [--rerun-files N]

Each FOLDER is a file set measured on its own (default: the sample corpus, whose reports have
headers, tables and two-column pages, and ../shared/real-reports when it is there). Ratios
compare pages per second of a fresh `pubkb index` (no extraction cache) with
`pdfminer.high_level.extract_text` on the same files in the same process; each repeat runs
plain pdfminer, 1 worker and 2 workers back to back, so machine noise touches all three alike,
and the median ratio and its spread over the repeats are the figures; the 2-worker runs also
say how much of the time the one writing process was busy writing. Then one more
single-worker run under cProfile says where an index run's time goes (its shares, not its
seconds, are the figure: the profiler slows pure Python down). The last line is JSON with
every set's ratios and shares.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import logging
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pdfminer.high_level import extract_text
from pdfminer.layout import LAParams

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from indexer.ingest.plan import collect_files  # noqa: E402
from indexer.ingest.run import Ingest, run_index  # noqa: E402
from indexer.ingest.worker import IndexOptions  # noqa: E402
from indexer.store.index import IndexReader, IndexWriter  # noqa: E402

logging.getLogger("pdfminer").setLevel(logging.CRITICAL)

# The sample corpus (synthetic reports) and, when the shared data is there, real reports.
DEFAULT_SETS = [
    str(REPO / "corpus"),
    *[str(p) for p in [REPO.parent / "shared" / "real-reports"] if p.is_dir()],
]


def plain_pdfminer(files: list[Path]) -> float:
    start = time.perf_counter()
    for f in files:
        try:
            extract_text(str(f), laparams=LAParams())
        except Exception:
            continue
    return time.perf_counter() - start


class WriterClock:
    """Seconds the writing process spends writing (each file's documents, and commits) while a
    run goes on: with workers, the rest of its time it waits for them, and when it is busy
    nearly all the run, the one writer, not extraction, sets the pace."""

    def __init__(self) -> None:
        self.documents = self.committing = 0.0

    @property
    def busy(self) -> float:
        return self.documents + self.committing

    @contextmanager
    def timing(self) -> Iterator[None]:
        put, commit = Ingest.put, IndexWriter.commit

        def timed_put(*args: Any, **kwargs: Any) -> Any:
            start, before = time.perf_counter(), self.committing
            try:
                return put(*args, **kwargs)
            finally:
                # A put may commit its batch: that share is counted as committing.
                self.documents += time.perf_counter() - start - (self.committing - before)

        def timed_commit(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return commit(*args, **kwargs)
            finally:
                self.committing += time.perf_counter() - start

        Ingest.put = timed_put  # type: ignore[method-assign]
        IndexWriter.commit = timed_commit  # type: ignore[method-assign]
        try:
            yield
        finally:
            Ingest.put, IndexWriter.commit = put, commit  # type: ignore[method-assign]


def pubkb_index(
    folders: list[str], workers: int, ocr: str = "never", clock: WriterClock | None = None
) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ix"
        with (clock or WriterClock()).timing():
            start = time.perf_counter()
            run_index(folders, root, IndexOptions(workers=workers, timeout=600, ocr=ocr))
            elapsed = time.perf_counter() - start
        pages = IndexReader(root).counts()["pages"]
    return elapsed, pages


# Where an index run's time goes: (label, module file, function, only when called from this
# module file or from anywhere), each counted with what it calls. Extraction's own share is
# pdfminer's parsing and layout less our page analysis.
STAGES = [
    ("extraction (pdfminer parse + layout)", "indexer/extract/pdf.py", "extract_pdf", ""),
    ("page analysis: lines of a page", "indexer/extract/pdf.py", "_layout_page", ""),
    ("page analysis: parts, headings", "indexer/metadata/sections.py", "detect_parts", ""),
    (
        "page analysis: languages",
        "indexer/extract/language.py",
        "detect",
        "indexer/ingest/worker.py",
    ),
    ("metadata detection", "indexer/metadata/assemble.py", "detect", ""),
    ("key phrase candidates", "indexer/metadata/phrases.py", "stored_candidates", ""),
    ("publication vector (tokenizer, mean)", "indexer/store/vectors.py", "embed", ""),
    ("page passages (running lines out)", "indexer/parts.py", "without_running", ""),
    ("Whoosh add_document (analysis)", "whoosh/writing.py", "add_document", ""),
    ("Whoosh commits", "whoosh/writing.py", "commit", ""),
    (
        "extraction cache: encoding",
        "indexer/extract/cache.py",
        "encode",
        "indexer/ingest/worker.py",
    ),
    ("extraction cache: writing", "indexer/extract/cache.py", "store", ""),
]


def _cumulative(stats: pstats.Stats, path: str, func: str, caller: str) -> float:
    """Seconds spent in `func` of `path` with its callees (only its calls from the module file
    `caller`, if given); of several functions of that name (a writer wrapping another), the
    largest, so no time is counted twice."""
    times = []
    table = stats.stats  # type: ignore[attr-defined]
    for (file, _, name), (_, _, _, ct, callers) in table.items():
        if name != func or not file.replace("\\", "/").endswith(path):
            continue
        if caller:
            ct = sum(c[3] for (where, _, _), c in callers.items() if where.endswith(caller))
        times.append(ct)
    return max(times, default=0.0)


def profile_breakdown(folders: list[str]) -> tuple[float, dict[str, float]]:
    """One single-worker `pubkb index` under cProfile: its total and seconds per stage."""
    prof = cProfile.Profile()
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        prof.runcall(
            run_index, folders, Path(tmp) / "ix", IndexOptions(workers=1, timeout=600, ocr="never")
        )
        total = time.perf_counter() - start
    stats = pstats.Stats(prof)
    out = {label: _cumulative(stats, *where) for label, *where in STAGES}
    # Our page analysis runs inside extract_pdf: its seconds are not pdfminer's.
    out[STAGES[0][0]] -= out[STAGES[1][0]]
    out["other (planning, records, OS)"] = max(0.0, total - sum(out.values()))
    return total, out


def make_small_pdfs(folder: Path, n: int) -> None:
    from reportlab.pdfgen.canvas import Canvas

    for i in range(n):
        c = Canvas(str(folder / f"note-{i:05d}.pdf"), invariant=1)
        c.drawString(72, 720, f"Research note {i} on immigration and sojourn policy")
        c.showPage()
        c.save()


def unchanged_rerun(n_files: int) -> tuple[float, float]:
    """Seconds for the first index and for an unchanged re-run over n small files."""
    with tempfile.TemporaryDirectory() as tmp:
        folder, root = Path(tmp) / "docs", Path(tmp) / "ix"
        folder.mkdir()
        make_small_pdfs(folder, n_files)
        start = time.perf_counter()
        run_index([str(folder)], root, IndexOptions(workers=2))
        first = time.perf_counter() - start
        start = time.perf_counter()
        summary = run_index([str(folder)], root, IndexOptions(workers=2))
        rerun = time.perf_counter() - start
        assert summary.unchanged == n_files, summary
    return first, rerun


def measure_set(folder: str, repeat: int, ocr: bool, profile: bool) -> dict[str, object]:
    """Ratios (median and spread over `repeat` back-to-back rounds) and time shares of one set."""
    infos, _ = collect_files([folder])
    files = [Path(i.path) for i in infos]
    rounds = []
    writer = WriterClock()
    for _ in range(repeat):
        plain_s = plain_pdfminer(files)
        one_s, pages = pubkb_index([folder], workers=1)
        two_s, _ = pubkb_index([folder], workers=2, clock=writer)
        rounds.append((plain_s, one_s, two_s))
    one = [p / o for p, o, _ in rounds]
    two = [p / t for p, _, t in rounds]
    print(f"{folder}: {len(files)} files, {pages} pages")
    print(f"{'round':<7}{'plain s':>9}{'1 worker s':>12}{'2 workers s':>13}{'x 1':>7}{'x 2':>7}")
    for i, (p, o, t) in enumerate(rounds, start=1):
        print(f"{i:<7}{p:>9.1f}{o:>12.1f}{t:>13.1f}{p / o:>7.2f}{p / t:>7.2f}")
    out: dict[str, object] = {
        "files": len(files),
        "pages": pages,
        "plain_pages_per_s": round(pages / statistics.median(r[0] for r in rounds), 2),
        "ratio_1_worker": round(statistics.median(one), 3),
        "ratio_1_worker_range": [round(min(one), 3), round(max(one), 3)],
        "ratio_2_workers": round(statistics.median(two), 3),
        "ratio_2_workers_range": [round(min(two), 3), round(max(two), 3)],
    }
    print(
        f"median x plain: 1 worker {out['ratio_1_worker']} (range {min(one):.2f}-{max(one):.2f}),"
        f" 2 workers {out['ratio_2_workers']} (range {min(two):.2f}-{max(two):.2f})"
    )
    two_total = sum(r[2] for r in rounds)
    out["writer_busy_2_workers"] = round(writer.busy / two_total, 3)
    print(
        f"2 workers: the writing process wrote {out['writer_busy_2_workers']:.0%} of the time"
        f" (documents {writer.documents / repeat:.2f} s, commits"
        f" {writer.committing / repeat:.2f} s a run)"
    )
    if ocr:
        # Like for like: plain pdfminer reads no page images, so OCR is off for the ratios and
        # measured on its own row (it reads the pages pdfminer finds no text on).
        ocr_s, _ = pubkb_index([folder], workers=2, ocr="auto")
        out["ratio_2_workers_ocr"] = round(rounds[-1][0] / ocr_s, 3)
        print(f"2 workers with OCR of textless pages: {out['ratio_2_workers_ocr']} x plain")
    if profile:
        profiled_s, stages = profile_breakdown([folder])
        print(f"where a 1-worker run's time goes (under cProfile, {profiled_s:.1f} s in all):")
        for label, secs in stages.items():
            print(f"  {label:<40}{secs:>8.2f} s{100 * secs / profiled_s:>6.1f} %")
        out["time_shares"] = {label: round(secs / profiled_s, 3) for label, secs in stages.items()}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", default=DEFAULT_SETS)
    ap.add_argument("--repeat", type=int, default=3, help="back-to-back rounds per set")
    ap.add_argument("--ocr", action="store_true", help="also a 2-worker run with OCR")
    ap.add_argument("--no-profile", action="store_true", help="leave the cProfile run out")
    ap.add_argument("--rerun-files", type=int, default=1000, help="0 leaves the re-run out")
    args = ap.parse_args()
    summary: dict[str, object] = {
        Path(folder).name: measure_set(folder, args.repeat, args.ocr, not args.no_profile)
        for folder in args.folders
    }
    if args.rerun_files:
        first_s, rerun_s = unchanged_rerun(args.rerun_files)
        per_1000 = rerun_s * 1000 / args.rerun_files
        print(
            f"first index of {args.rerun_files} small files: {first_s:.2f} s; "
            f"unchanged re-run: {rerun_s:.2f} s ({per_1000:.2f} s per 1,000 files)"
        )
        summary["unchanged_rerun_s_per_1000"] = round(per_1000, 3)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
