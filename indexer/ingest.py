"""Incremental ingestion: plan what changed, extract in worker processes, write in safe batches."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

from tqdm import tqdm

from indexer import cache, overrides, schema, state
from indexer.errors import PubkbError
from indexer.extract import Extraction, ExtractionError, extract_pdf, file_sha256
from indexer.language import detect
from indexer.metadata import Metadata, detect_metadata
from indexer.ocr import OcrTimeout
from indexer.store import IndexWriter, PubRecord, open_writer, page_texts_in, pub_id, records_in

SOURCE_FILENAME = "filename"

FailureHook = Callable[[str, str], None]
WarningHook = Callable[[str, str], None]


@dataclass
class IndexOptions:
    full: bool = False
    prune: bool = False
    dry_run: bool = False
    workers: int = 0
    passwords: list[str] = field(default_factory=list)
    timeout: float = 120.0
    wait: float = 0.0
    metadata_file: Path | None = None
    progress: bool = False
    scheduler: str | None = None
    batch_size: int = 25
    ocr: str = "auto"  # auto: pages without a text layer; always: every page; never


@dataclass
class FileInfo:
    path: str
    size: int
    mtime_ns: int


@dataclass
class Action:
    """One planned change; `kind` is add, update, move, refresh, touch, prune or duplicate."""

    kind: str
    path: str
    info: FileInfo | None = None
    sha256: str = ""
    old: PubRecord | None = None
    note: str = ""


@dataclass
class Plan:
    actions: list[Action] = field(default_factory=list)
    unchanged: int = 0
    known_failures: list[tuple[FileInfo, str]] = field(default_factory=list)

    def of(self, *kinds: str) -> list[Action]:
        return [a for a in self.actions if a.kind in kinds]


@dataclass
class Outcome:
    """A worker's answer for one file: an extraction and its metadata, or a reason it failed."""

    path: str
    sha256: str
    extraction: Extraction | None = None
    metadata: Metadata | None = None
    error: str = ""


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------- finding files


def collect_files(paths: Iterable[str | Path]) -> tuple[list[FileInfo], list[tuple[str, str]]]:
    """PDFs under the given paths (folders walked for *.pdf in any case; files taken as given)."""
    found: dict[str, FileInfo] = {}
    problems: list[tuple[str, str]] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            candidates: Iterable[Path] = sorted(_walk_pdfs(p))
        elif p.exists():
            candidates = [p]
        else:
            problems.append((str(raw), "no such file or directory"))
            continue
        for c in candidates:
            try:
                st = c.stat()
            except OSError as exc:
                problems.append((str(c), f"unreadable: {exc.strerror or exc}"))
                continue
            resolved = str(c.resolve())
            found[resolved] = FileInfo(resolved, st.st_size, st.st_mtime_ns)
    return list(found.values()), problems


def _walk_pdfs(folder: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.lower().endswith(".pdf"):
                yield Path(dirpath) / name


# ---------------------------------------------------------------- planning


def make_plan(
    files: list[FileInfo],
    records: list[PubRecord],
    ovr: overrides.Overrides,
    st: state.IndexState,
    opts: IndexOptions,
) -> Plan:
    by_path = {r.path: r for r in records}
    by_sha = {r.sha256: r for r in records}
    on_disk = {f.path for f in files}
    plan = Plan()
    claimed: set[str] = set()
    for f in files:
        rec = by_path.get(f.path)
        if rec and not opts.full and (rec.size, rec.mtime_ns) == (f.size, f.mtime_ns):
            _plan_same_content(plan, f, rec, ovr)
            continue
        failed = st.failures.get(f.path)
        if _still_failing(failed, f, opts):
            assert failed is not None
            plan.known_failures.append((f, failed.reason))
            continue
        try:
            sha = file_sha256(Path(f.path))
        except OSError as exc:
            plan.known_failures.append((f, f"unreadable: {exc.strerror or exc}"))
            continue
        plan.actions.append(_classify(f, sha, rec, by_sha, on_disk, claimed, ovr, opts))
    moved_from = {a.old.path for a in plan.of("move") if a.old}
    for rec in records:
        gone = rec.path not in on_disk and not Path(rec.path).exists()
        if gone and rec.path not in moved_from and opts.prune:
            plan.actions.append(Action("prune", rec.path, old=rec))
    return plan


def _still_failing(failed: state.Failure | None, f: FileInfo, opts: IndexOptions) -> bool:
    """A file that failed before and has not changed is not parsed again (a hostile PDF
    would cost its whole timeout on every run), unless new passwords or --full are given."""
    if failed is None or opts.full or opts.passwords:
        return False
    return (failed.size, failed.mtime_ns) == (f.size, f.mtime_ns)


def _plan_same_content(plan: Plan, f: FileInfo, rec: PubRecord, ovr: overrides.Overrides) -> None:
    wanted = overrides.fingerprint(ovr.for_file(Path(f.path), rec.sha256))
    if wanted != rec.override_key:
        plan.actions.append(Action("refresh", f.path, f, rec.sha256, rec, "corrections changed"))
    else:
        plan.unchanged += 1


def _classify(
    f: FileInfo,
    sha: str,
    rec: PubRecord | None,
    by_sha: dict[str, PubRecord],
    on_disk: set[str],
    claimed: set[str],
    ovr: overrides.Overrides,
    opts: IndexOptions,
) -> Action:
    twin = by_sha.get(sha)
    if rec and rec.sha256 == sha:
        if opts.full:
            return Action("refresh", f.path, f, sha, rec, "full rebuild")
        wanted = overrides.fingerprint(ovr.for_file(Path(f.path), sha))
        kind = "touch" if wanted == rec.override_key else "refresh"
        return Action(kind, f.path, f, sha, rec)
    if twin and twin.path != f.path:
        if twin.path not in on_disk and not Path(twin.path).exists() and twin.path not in claimed:
            claimed.add(twin.path)
            return Action("move", f.path, f, sha, twin, f"from {twin.path}")
        return Action("duplicate", f.path, f, sha, twin, f"same content as {twin.path}")
    if sha in claimed:
        return Action("duplicate", f.path, f, sha, None, "same content as another file in this run")
    claimed.add(sha)
    return Action("update" if rec else "add", f.path, f, sha, rec)


# ---------------------------------------------------------------- extraction workers


class _Timeout(Exception):
    pass


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise _Timeout()


def process_file(
    path: str, sha256: str, passwords: list[str], timeout: float, ocr: str = "auto"
) -> Outcome:
    """Extract (with OCR as `ocr` says) and detect metadata for one file. Never raises:
    failures come back as reasons.

    Runs in a worker process (or a Dask worker); the per-file timeout is an interval timer,
    which interrupts pdfminer's pure-Python loops wherever they are, and a deadline that OCR
    passes on to Tesseract (Dask runs files in threads, where there is no timer)."""
    use_alarm = timeout > 0 and threading.current_thread() is threading.main_thread()
    deadline = time.monotonic() + timeout if timeout > 0 else None
    if use_alarm:
        old = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        ex = extract_pdf(Path(path), passwords, sha256=sha256, ocr=ocr, deadline=deadline)
        return Outcome(path, sha256, ex, detect_metadata(ex))
    except ExtractionError as exc:
        return Outcome(path, sha256, error=str(exc))
    except (_Timeout, OcrTimeout):
        return Outcome(path, sha256, error=f"timed out after {timeout:g} s (raise --timeout?)")
    except Exception as exc:  # a bug on one odd file must not stop the batch
        return Outcome(path, sha256, error=f"extraction failed ({type(exc).__name__}: {exc})")
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)


def _metadata_only(ex: Extraction, path: str) -> Outcome:
    try:
        return Outcome(path, ex.sha256, ex, detect_metadata(ex))
    except Exception as exc:
        return Outcome(path, ex.sha256, error=f"metadata detection failed ({type(exc).__name__})")


def run_extractions(
    jobs: list[tuple[str, str]], opts: IndexOptions, workers: int
) -> Iterator[Outcome]:
    """Extract (path, sha) jobs with `workers` processes, yielding outcomes as they finish."""
    if opts.scheduler:
        from indexer.distributed import run_on_cluster

        yield from run_on_cluster(jobs, opts, opts.scheduler)
        return
    if workers <= 1 or len(jobs) <= 1:
        for path, sha in jobs:
            yield process_file(path, sha, opts.passwords, opts.timeout, opts.ocr)
        return
    ctx = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        futures: dict[Future[Outcome], tuple[str, str]] = {
            pool.submit(process_file, path, sha, opts.passwords, opts.timeout, opts.ocr): (
                path,
                sha,
            )
            for path, sha in jobs
        }
        for fut in as_completed(futures):
            path, sha = futures[fut]
            try:
                yield fut.result()
            except BrokenProcessPool:
                yield Outcome(path, sha, error="extraction process crashed (out of memory?)")


# ---------------------------------------------------------------- writing


def _record(
    f: FileInfo, out: Outcome, ovr: overrides.Overrides, old: PubRecord | None = None
) -> PubRecord:
    assert out.extraction is not None and out.metadata is not None
    ex, meta = out.extraction, out.metadata
    if not meta.title:
        meta.title = Path(f.path).stem.replace("_", " ").replace("-", " ")
        meta.sources["title"] = SOURCE_FILENAME
    corrections = ovr.for_file(Path(f.path), out.sha256)
    overrides.apply(meta, corrections)
    flags = []
    if not ex.has_text:
        flags.append("no text layer")
    if any(p.ocr and p.text.strip() for p in ex.pages):
        flags.append("ocr")
    if ex.encrypted:
        flags.append("encrypted")
    return PubRecord(
        id=pub_id(out.sha256),
        path=f.path,
        sha256=out.sha256,
        size=f.size,
        mtime_ns=f.mtime_ns,
        pages=ex.page_count,
        meta=meta,
        has_text_layer=ex.has_text_layer,
        encrypted=ex.encrypted,
        indexed_at=now(),
        override_key=overrides.fingerprint(corrections),
        flags=flags,
        ocr_pages=ex.ocr_pages,
        page_languages=[detect(p.text) for p in ex.pages],
    )


class Ingest:
    """One `pubkb index` run against an open, locked writer."""

    def __init__(
        self,
        root: Path,
        writer: IndexWriter,
        ovr: overrides.Overrides,
        st: state.IndexState,
        opts: IndexOptions,
        on_failure: FailureHook,
        on_warning: WarningHook | None = None,
    ) -> None:
        self.root, self.writer, self.ovr, self.st, self.opts = root, writer, ovr, st, opts
        self.on_failure = on_failure
        self.on_warning = on_warning or (lambda path, message: None)
        self.summary = state.RunSummary(started=now())

    def fail(self, path: str, reason: str, info: FileInfo | None = None) -> None:
        self.summary.failed.append({"path": path, "reason": reason})
        self.st.failures[path] = state.Failure(
            path, reason, info.size if info else 0, info.mtime_ns if info else 0, now()
        )
        self.on_failure(path, reason)

    def warn(self, path: str, message: str) -> None:
        self.summary.warnings.append({"path": path, "warning": message})
        self.on_warning(path, message)

    def put(self, a: Action, out: Outcome) -> None:
        assert a.info is not None
        if out.error:
            self.fail(a.path, out.error, a.info)
            return
        assert out.extraction is not None
        if out.extraction.ocr_missing:
            self.warn(a.path, ocr_warning(out.extraction))
        rec = _record(a.info, out, self.ovr)
        batch = self.writer.batch()
        if a.old is not None and a.old.id != rec.id:
            batch.delete(a.old.id)  # the file's previous content goes in the same commit
        batch.put(rec, [p.text for p in out.extraction.pages])
        counter = {"add": "added", "update": "updated", "refresh": "updated"}[a.kind]
        self.st.failures.pop(a.path, None)
        setattr(self.summary, counter, getattr(self.summary, counter) + 1)
        self.writer.maybe_commit()

    def rewrite(self, a: Action, counter: str) -> None:
        """Re-store a known publication (moved or touched) from its stored pages: no parsing."""
        assert a.old is not None and a.info is not None
        texts = self.page_texts(a.old.id)
        rec = a.old
        if rec.path != a.path:
            self.ovr.rekey_path(rec.path, a.path)
        rec.path, rec.size, rec.mtime_ns = a.path, a.info.size, a.info.mtime_ns
        self.writer.batch().put(rec, texts)
        setattr(self.summary, counter, getattr(self.summary, counter) + 1)
        self.writer.maybe_commit()

    def page_texts(self, pid: str) -> list[str]:
        with self.writer.ix.searcher() as s:
            return page_texts_in(s, pid)


def _execute(ing: Ingest, plan: Plan, workers: int, bar: tqdm[Any]) -> None:
    for f, reason in plan.known_failures:
        ing.fail(f.path, reason, f)
    for a in plan.of("prune"):
        assert a.old is not None
        ing.writer.batch().delete(a.old.id)
        ing.summary.removed += 1
    for a in plan.of("duplicate"):
        ing.summary.duplicates.append({"path": a.path, "note": a.note})
    for a in plan.of("move", "touch"):
        ing.rewrite(a, "moved" if a.kind == "move" else "unchanged")
        bar.update()
    ing.summary.unchanged += plan.unchanged
    pending: dict[str, Action] = {}
    for a in plan.of("add", "update", "refresh"):
        assert a.info is not None
        cached = cache.load(ing.root, a.sha256, ing.opts.ocr)
        if cached is not None:
            ing.put(a, _metadata_only(cached, a.path))
            bar.update()
        else:
            pending[a.path] = a
    jobs = [(a.path, a.sha256) for a in pending.values()]
    for out in run_extractions(jobs, ing.opts, workers):
        a = pending[out.path]
        # An extraction that missed OCR is not kept: once Tesseract is installed, --full reads
        # the pages instead of finding the same empty ones in the cache.
        if out.extraction is not None and not out.extraction.ocr_missing:
            cache.store(ing.root, out.extraction)
        ing.put(a, out)
        bar.update()


def ocr_warning(ex: Extraction) -> str:
    """One line on why pages that needed OCR have no text."""
    if not ex.has_text:
        what = "no text layer, and OCR is unavailable"
        after = "indexed with its metadata only"
    else:
        what = "some pages have no text layer, and OCR is unavailable"
        after = "those pages are indexed empty"
    return f"{what}: {ex.ocr_missing}; {after} (re-run with --full once OCR is installed)"


def run_index(
    paths: list[str],
    root: Path,
    opts: IndexOptions,
    on_failure: FailureHook | None = None,
    on_warning: WarningHook | None = None,
) -> state.RunSummary:
    """Bring the index at `root` up to date with the PDFs under `paths`."""
    hook = on_failure or (lambda path, reason: None)
    files, missing = collect_files(paths)
    ovr = overrides.load(root) if root.exists() else overrides.Overrides()
    new_ovr, ovr_error = _read_new_overrides(opts)
    ovr.merge(new_ovr)
    workers = opts.workers or os.cpu_count() or 1
    with open_writer(root, opts.wait, recreate=opts.full, batch_size=opts.batch_size) as writer:
        st = state.load(root)
        if opts.full:
            st.failures.clear()
        records = _records(writer)
        plan = make_plan(files, records, ovr, st, opts)
        ing = Ingest(root, writer, ovr, st, opts, hook, on_warning)
        for path, reason in missing:
            ing.fail(path, reason)
        if ovr_error and opts.metadata_file:
            ing.fail(str(opts.metadata_file), ovr_error)
        overrides.save(root, ovr)
        total = len(plan.actions)
        try:
            with tqdm(total=total, disable=not opts.progress, file=sys.stderr, unit="file") as bar:
                _execute(ing, plan, workers, bar)
            writer.commit()
            overrides.save(root, ovr)
            ing.summary.completed = True
        finally:
            ing.summary.finished = now()
            st.last_run = ing.summary
            state.save(root, st)
    return ing.summary


def _records(writer: IndexWriter) -> list[PubRecord]:
    with writer.ix.searcher() as s:
        return records_in(s)


def _read_new_overrides(opts: IndexOptions) -> tuple[overrides.Overrides, str]:
    if opts.metadata_file is None:
        return overrides.Overrides(), ""
    try:
        return overrides.read_metadata_file(opts.metadata_file), ""
    except PubkbError as exc:
        return overrides.Overrides(), f"broken metadata file: {exc}"


def dry_run(paths: list[str], root: Path, opts: IndexOptions) -> tuple[Plan, list[tuple[str, str]]]:
    """What `run_index` would do, changing nothing (no lock, no index created)."""
    files, missing = collect_files(paths)
    ovr = overrides.load(root) if root.exists() else overrides.Overrides()
    new_ovr, ovr_error = _read_new_overrides(opts)
    ovr.merge(new_ovr)
    if ovr_error and opts.metadata_file:
        missing.append((str(opts.metadata_file), ovr_error))
    records: list[PubRecord] = []
    if schema.index_exists(root) and not opts.full:
        from indexer.store import IndexReader

        records = IndexReader(root).records()
    plan = make_plan(files, records, ovr, state.load(root), opts)
    return plan, missing
