"""Extraction in local worker processes, and the choice between them and a Dask cluster."""

from __future__ import annotations

import multiprocessing
import sys
import types
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

from indexer.ingest.cluster import run_on_cluster
from indexer.ingest.worker import IndexOptions, Job, Outcome, process_file


def run_extractions(jobs: list[Job], opts: IndexOptions, workers: int) -> Iterator[Outcome]:
    """Outcomes of every (path, sha) job from the executor the options choose: the Dask
    cluster named by --scheduler, else `workers` local processes. Both yield outcomes as
    files finish, in any order, and turn every failure into an outcome with a reason."""
    if opts.scheduler:
        return run_on_cluster(jobs, opts, opts.scheduler)
    return run_locally(jobs, opts, workers)


def run_locally(jobs: list[Job], opts: IndexOptions, workers: int) -> Iterator[Outcome]:
    """Extract the jobs in `workers` processes (in this one for a single worker or file)."""
    if workers <= 1 or len(jobs) <= 1:
        for path, sha in jobs:
            yield process_file(path, sha, opts.passwords, opts.timeout, opts.ocr)
        return
    ctx = multiprocessing.get_context("forkserver")
    # The fork server imports what the workers run, once, and forks each worker from there;
    # by default it imports the caller's main module instead (the whole command line for
    # `pubkb`: twice the imports), and each worker then imports the extraction modules anew.
    ctx.set_forkserver_preload([process_file.__module__])
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        # The pool starts its processes as the first jobs go in.
        with _main_left_out():
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


@contextmanager
def _main_left_out() -> Iterator[None]:
    """Start worker processes without the caller's main script.

    multiprocessing runs the main script again in each new process (as `__mp_main__`), so
    that functions defined there can be unpickled. The workers run only `process_file`, which
    the fork server has imported; re-running `pubkb`'s script would import the whole command
    line in each worker, about half a second of CPU apiece. A main module with no file and no
    spec is one multiprocessing leaves alone."""
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main
