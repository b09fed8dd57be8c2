"""Planning a run: which files are new, changed, moved, touched, duplicated or gone."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from indexer.files import file_sha256
from indexer.ingest import corrections, state
from indexer.ingest.worker import IndexOptions
from indexer.model import PubRecord


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
    ovr: corrections.Corrections,
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


def _plan_same_content(
    plan: Plan, f: FileInfo, rec: PubRecord, ovr: corrections.Corrections
) -> None:
    wanted = corrections.fingerprint(ovr.for_file(Path(f.path), rec.sha256))
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
    ovr: corrections.Corrections,
    opts: IndexOptions,
) -> Action:
    twin = by_sha.get(sha)
    if rec and rec.sha256 == sha:
        if opts.full:
            return Action("refresh", f.path, f, sha, rec, "full rebuild")
        wanted = corrections.fingerprint(ovr.for_file(Path(f.path), sha))
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
