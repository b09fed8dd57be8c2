"""PDF extraction on an existing Dask cluster; the index writer stays local and single."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from indexer.errors import EXIT_USAGE, PubkbError
from indexer.ingest.worker import IndexOptions, Job, Outcome, process_file


def process_blob(
    name: str, data: bytes, sha256: str, passwords: list[str], timeout: float, ocr: str = "auto"
) -> Outcome:
    """Extract a file sent as bytes, so workers need no access to the librarian's disk."""
    with tempfile.TemporaryDirectory(prefix="pubkb-") as tmp:
        local = Path(tmp) / "doc.pdf"
        local.write_bytes(data)
        out = process_file(str(local), sha256, passwords, timeout, ocr)
    out.path = name
    return out


def _client(address: str) -> Any:
    try:
        from dask.distributed import Client
    except ImportError:
        raise PubkbError(
            "--scheduler needs dask.distributed (pip install 'pubkb[dask]')", EXIT_USAGE
        ) from None
    try:
        return Client(address, timeout="5s")
    except OSError as exc:
        raise PubkbError(f"cannot reach Dask scheduler {address}: {exc}", EXIT_USAGE) from None


def run_on_cluster(jobs: list[Job], opts: IndexOptions, address: str) -> Iterator[Outcome]:
    """Submit every (path, sha) job to the cluster and yield outcomes as they finish."""
    from dask.distributed import as_completed

    with _client(address) as client:
        futures = {}
        for path, sha in jobs:
            try:
                data = Path(path).read_bytes()
            except OSError as exc:
                yield Outcome(path, sha, error=f"unreadable: {exc.strerror or exc}")
                continue
            fut = client.submit(
                process_blob, path, data, sha, opts.passwords, opts.timeout, opts.ocr, pure=False
            )
            futures[fut] = (path, sha)
        for fut in as_completed(futures):
            path, sha = futures[fut]
            try:
                yield fut.result()
            except Exception as exc:  # a lost worker fails this file, not the run
                yield Outcome(path, sha, error=f"cluster worker failed ({type(exc).__name__})")
