"""What the index holds, for librarians: list, show, status, verify and remove publications."""

from __future__ import annotations

import contextlib
import os
from collections import Counter
from pathlib import Path

from indexer.errors import PubkbError
from indexer.files import file_sha256
from indexer.ingest import state
from indexer.library.results import IndexStatus, VerifyReport
from indexer.model import PubRecord
from indexer.store import schema
from indexer.store.index import IndexReader, open_writer, records_in


def page_ranges(pages: list[int]) -> str:
    """[1, 2, 3, 5] as "1-3, 5"."""
    runs: list[list[int]] = []
    for p in sorted(pages):
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)


def page_language_ranges(languages: list[str]) -> dict[str, str]:
    """Pages per language ("ko": "1-4, 7"), blank pages left out."""
    pages: dict[str, list[int]] = {}
    for number, lang in enumerate(languages, start=1):
        if lang:
            pages.setdefault(lang, []).append(number)
    return {lang: page_ranges(numbers) for lang, numbers in sorted(pages.items())}


def sorted_records(root: Path) -> list[PubRecord]:
    recs = IndexReader(root).records()
    return sorted(
        recs, key=lambda r: (-(r.meta.year or 0), r.meta.type, r.meta.title.lower(), r.path)
    )


def find_record(records: list[PubRecord], ref: str) -> PubRecord:
    """A record by id (or unique id prefix of at least 4 characters) or by file path."""
    as_path = str(Path(ref).resolve())
    for rec in records:
        if ref == rec.id or as_path == rec.path:
            return rec
    matches = [r for r in records if len(ref) >= 4 and r.id.startswith(ref)]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise PubkbError(f"{ref}: ambiguous id prefix ({len(matches)} publications match)")
    raise PubkbError(f"{ref}: no such publication in the index (give an id or an indexed path)")


def _dir_size(path: Path) -> int:
    total = 0
    for dirpath, _, files in os.walk(path):
        for name in files:
            with contextlib.suppress(OSError):
                total += (Path(dirpath) / name).stat().st_size
    return total


def status(root: Path) -> IndexStatus:
    """Counts, failures, missing files and the last run, for `pubkb status`."""
    reader = IndexReader(root)
    recs = reader.records()
    st = state.load(root)
    counts = reader.counts()
    return IndexStatus(
        index=str(root),
        schema_version=schema.stored_version(root),
        documents=counts["documents"],
        pages=counts["pages"],
        by_type=dict(sorted(Counter(r.meta.type for r in recs).items())),
        by_year={
            str(k): v for k, v in sorted(Counter(r.meta.year for r in recs if r.meta.year).items())
        },
        # Scans read by OCR are searchable: only files with no text at all need a librarian.
        no_text_layer=sorted(r.path for r in recs if "no text layer" in r.flags),
        missing=sorted(r.path for r in recs if not Path(r.path).exists()),
        failures=sorted(st.failures.values(), key=lambda f: f.path),
        last_run=st.last_run,
        index_bytes=_dir_size(root),
    )


def verify(root: Path) -> VerifyReport:
    """Every entry's file exists with the indexed content, and documents and pages agree."""
    reader = IndexReader(root)
    report = VerifyReport()
    recs = reader.records()
    ids = Counter(r.id for r in recs)
    page_counts = reader.page_counts_by_pub()
    for rec in recs:
        report.checked += 1
        _verify_record(rec, ids[rec.id], page_counts.get(rec.id, 0), report)
    for pid in set(page_counts) - set(ids):
        report.add(pid, f"{page_counts[pid]} page entries belong to no publication")
    return report


def _verify_record(rec: PubRecord, copies: int, pages: int, report: VerifyReport) -> None:
    if copies > 1:
        report.add(rec.path, f"indexed {copies} times")
    if pages != rec.pages:
        report.add(rec.path, f"{pages} page entries for {rec.pages} pages")
    path = Path(rec.path)
    if not path.exists():
        report.add(rec.path, "file is missing (run pubkb index --prune to drop it)")
        return
    try:
        if file_sha256(path) != rec.sha256:
            report.add(rec.path, "file changed since indexing (run pubkb index)")
    except OSError as exc:
        report.add(rec.path, f"unreadable: {exc.strerror or exc}")


def remove(root: Path, refs: list[str], wait: float = 0.0) -> tuple[list[PubRecord], list[str]]:
    """Remove publications by id or path; returns what was removed and the refs not found."""
    schema.open_index(root)  # a clear error when there is no index, rather than creating one
    with open_writer(root, wait) as writer:
        with writer.ix.searcher() as s:
            recs = records_in(s)
        removed: list[PubRecord] = []
        unknown: list[str] = []
        for ref in refs:
            try:
                rec = find_record(recs, ref)
            except PubkbError as exc:
                unknown.append(str(exc))
                continue
            writer.batch().delete(rec.id)
            removed.append(rec)
        st = state.load(root)
        for rec in removed:
            st.failures.pop(rec.path, None)
        state.save(root, st)
    return removed, unknown
