"""A `pubkb index` run: plan, take outcomes from an executor, write them in safe batches."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tqdm import tqdm

from indexer.extract import cache
from indexer.ingest import corrections, state
from indexer.ingest.local import run_extractions
from indexer.ingest.plan import Action, FileInfo, Plan, collect_files, make_plan
from indexer.ingest.worker import (
    IndexOptions,
    Outcome,
    _metadata_only,
    analyse,
    layout_of,
    ocr_warning,
)
from indexer.metadata.phrases import stored_candidates
from indexer.model import OCR_MODES, SOURCE_FILENAME, PubRecord
from indexer.store import schema
from indexer.store.index import IndexWriter, open_writer, page_texts_in, pub_id, records_in

FailureHook = Callable[[str, str], None]
WarningHook = Callable[[str, str], None]


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------- writing


def _record(
    f: FileInfo, out: Outcome, ovr: corrections.Corrections, old: PubRecord | None = None
) -> tuple[PubRecord, dict[str, int]]:
    """The file's publication record and its key phrase candidates."""
    assert out.extraction is not None and out.metadata is not None
    ex, meta = out.extraction, out.metadata
    if not meta.title:
        meta.title = Path(f.path).stem.replace("_", " ").replace("-", " ")
        meta.sources["title"] = SOURCE_FILENAME
    values = ovr.for_file(Path(f.path), out.sha256)
    corrections.apply(meta, values)
    # A worker's analysis holds for the metadata it detected, and is redone below only for
    # what a title fallback or a correction changed; without one, it is made for the final
    # metadata, once.
    pages = out.analysis or analyse(ex, meta)
    flags = []
    if not ex.has_text:
        flags.append("no text layer")
    if any(p.ocr and p.text.strip() for p in ex.pages):
        flags.append("ocr")
    if ex.encrypted:
        flags.append("encrypted")
    layout = pages.layout if meta.contents == pages.contents else layout_of(ex, meta.contents)
    phrases = (
        pages.phrases
        if meta.title == pages.title
        else stored_candidates(meta.title, [p.text for p in ex.pages])
    )
    rec = PubRecord(
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
        override_key=corrections.fingerprint(values),
        flags=flags,
        ocr_pages=ex.ocr_pages,
        page_languages=pages.languages,
        page_parts=layout.parts,
        page_headings=layout.headings,
        running_lines=layout.running,
    )
    return rec, phrases


def redetect(root: Path, rec: PubRecord, ovr: corrections.Corrections) -> PubRecord | None:
    """`rec` built afresh from its cached extraction (no parsing) with the corrections in `ovr`,
    as a full rebuild would build it; None when the cache no longer holds the extraction."""
    ex = next(
        (e for mode in OCR_MODES if (e := cache.load(root, rec.sha256, mode)) is not None), None
    )
    if ex is None:
        return None
    out = _metadata_only(ex, rec.path)
    if out.error:
        return None
    return _record(FileInfo(rec.path, rec.size, rec.mtime_ns), out, ovr)[0]


class Ingest:
    """One `pubkb index` run against an open, locked writer."""

    def __init__(
        self,
        root: Path,
        writer: IndexWriter,
        ovr: corrections.Corrections,
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
        self.summary.failed.append(state.RunFailure(path, reason))
        self.st.failures[path] = state.Failure(
            path, reason, info.size if info else 0, info.mtime_ns if info else 0, now()
        )
        self.on_failure(path, reason)

    def warn(self, path: str, message: str) -> None:
        self.summary.warnings.append(state.RunWarning(path, message))
        self.on_warning(path, message)

    def put(self, a: Action, out: Outcome) -> None:
        assert a.info is not None
        if out.error:
            self.fail(a.path, out.error, a.info)
            return
        assert out.extraction is not None
        if out.extraction.ocr_missing:
            self.warn(a.path, ocr_warning(out.extraction))
        rec, phrases = _record(a.info, out, self.ovr)
        batch = self.writer.batch()
        if a.old is not None and a.old.id != rec.id:
            batch.delete(a.old.id)  # the file's previous content goes in the same commit
        batch.put(rec, [p.text for p in out.extraction.pages], phrases)
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
        ing.summary.duplicates.append(state.Duplicate(a.path, a.note))
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
    # Largest files first, so the last to finish is a small one and no worker idles long at
    # the end while another still parses a long report.
    order = sorted(pending.values(), key=lambda a: -(a.info.size if a.info else 0))
    jobs = [(a.path, a.sha256) for a in order]
    for out in run_extractions(jobs, ing.opts, workers):
        a = pending[out.path]
        # An extraction that missed OCR is not kept: once Tesseract is installed, --full reads
        # the pages instead of finding the same empty ones in the cache.
        if out.extraction is not None and not out.extraction.ocr_missing:
            cache.store(ing.root, out.extraction, out.cached)
        ing.put(a, out)
        bar.update()


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
    ovr = corrections.load(root) if root.exists() else corrections.Corrections()
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
        corrections.save(root, ovr)
        total = len(plan.actions)
        try:
            with tqdm(total=total, disable=not opts.progress, file=sys.stderr, unit="file") as bar:
                _execute(ing, plan, workers, bar)
            writer.commit()
            corrections.save(root, ovr)
            ing.summary.completed = True
        finally:
            ing.summary.finished = now()
            st.last_run = ing.summary
            state.save(root, st)
    return ing.summary


def _records(writer: IndexWriter) -> list[PubRecord]:
    with writer.ix.searcher() as s:
        return records_in(s)


def _read_new_overrides(opts: IndexOptions) -> tuple[corrections.Corrections, str]:
    if opts.metadata_file is None:
        return corrections.Corrections(), ""
    try:
        return corrections.read_metadata_file(opts.metadata_file), ""
    except corrections.MetadataFileError as exc:
        # The failure is reported against the file itself, so its reason leaves the path out.
        return corrections.Corrections(), f"broken metadata file: {exc.problem}"


def dry_run(paths: list[str], root: Path, opts: IndexOptions) -> tuple[Plan, list[tuple[str, str]]]:
    """What `run_index` would do, changing nothing (no lock, no index created)."""
    files, missing = collect_files(paths)
    ovr = corrections.load(root) if root.exists() else corrections.Corrections()
    new_ovr, ovr_error = _read_new_overrides(opts)
    ovr.merge(new_ovr)
    if ovr_error and opts.metadata_file:
        missing.append((str(opts.metadata_file), ovr_error))
    records: list[PubRecord] = []
    if schema.index_exists(root) and not opts.full:
        from indexer.store.index import IndexReader

        records = IndexReader(root).records()
    plan = make_plan(files, records, ovr, state.load(root), opts)
    return plan, missing
