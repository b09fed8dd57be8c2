"""Extraction in local worker processes: the default producer of outcomes."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool

from indexer.ingest.worker import IndexOptions, Outcome, process_file


def run_extractions(
    jobs: list[tuple[str, str]], opts: IndexOptions, workers: int
) -> Iterator[Outcome]:
    """Extract (path, sha) jobs with `workers` processes, yielding outcomes as they finish."""
    if opts.scheduler:
        from indexer.ingest.cluster import run_on_cluster

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
