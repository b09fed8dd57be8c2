"""`pubkb index`: add, update, move and prune publications."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from indexer.cli.options import (
    choice_option,
    cli,
    emit_json,
    index_option,
    json_option,
    number_option,
    user_errors,
    wait_option,
)
from indexer.errors import EXIT_FAILED, EXIT_OK
from indexer.ingest import run as ingest
from indexer.ingest.plan import Plan
from indexer.ingest.worker import IndexOptions
from indexer.model import OCR_MODES
from indexer.paths import index_dir
from indexer.search import prepared

# ---------------------------------------------------------------- index


def _failure_line(path: str, reason: str) -> None:
    from tqdm import tqdm

    tqdm.write(f"FAILED {path}: {reason}", file=sys.stderr)


def _warning_line(path: str, message: str) -> None:
    from tqdm import tqdm

    tqdm.write(f"WARNING {path}: {message}", file=sys.stderr)


def _print_plan(plan: Plan, missing: list[tuple[str, str]], as_json: bool) -> None:
    if as_json:
        emit_json(
            {
                "dry_run": True,
                "actions": [
                    {"action": a.kind, "path": a.path, "note": a.note} for a in plan.actions
                ],
                "unchanged": plan.unchanged,
                "failed": [{"path": p, "reason": r} for p, r in missing]
                + [{"path": f.path, "reason": r} for f, r in plan.known_failures],
            }
        )
        return
    for a in plan.actions:
        click.echo(f"would {a.kind:<9} {a.path}" + (f"  ({a.note})" if a.note else ""))
    for p, r in missing:
        click.echo(f"would fail {p}: {r}")
    click.echo(f"{len(plan.actions)} change(s), {plan.unchanged} unchanged; nothing was written")


@cli.command("index")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@index_option
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Extraction processes (default: number of CPUs).",
)
@click.option("--full", is_flag=True, help="Rebuild every entry (uses the extraction cache).")
@click.option("--prune", is_flag=True, help="Remove entries whose file no longer exists.")
@click.option("--dry-run", is_flag=True, help="Print what would change and change nothing.")
@click.option(
    "--metadata",
    "metadata_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="CSV or TOML file of metadata corrections, remembered in the index.",
)
@click.option(
    "--password", "passwords", multiple=True, help="Password to try on encrypted PDFs (repeatable)."
)
@number_option(
    "--timeout", 0, 120.0, "Seconds allowed per file before it is given up (0: no limit)."
)
@wait_option
@number_option(
    "--batch-size",
    1,
    25,
    "Publications per commit; an interrupted run keeps every committed batch.",
)
@click.option(
    "--scheduler",
    default=None,
    help="Address of a Dask scheduler to run extraction on (e.g. tcp://host:8786).",
)
@choice_option(
    "--ocr",
    "ocr",
    OCR_MODES,
    "auto",
    "Read page images with Tesseract (eng+kor): auto for pages without a text layer, "
    "always for every page, never to skip OCR.",
)
@json_option
@user_errors
def index_cmd(
    paths: tuple[str, ...],
    index: Path | None,
    workers: int | None,
    full: bool,
    prune: bool,
    dry_run: bool,
    metadata_file: Path | None,
    passwords: tuple[str, ...],
    timeout: float,
    wait: float,
    batch_size: int,
    scheduler: str | None,
    ocr: str,
    as_json: bool,
) -> None:
    """Add, update, move and (with --prune) remove PDFs under PATHS in the index."""
    root = index_dir(index)
    opts = IndexOptions(
        full=full,
        prune=prune,
        dry_run=dry_run,
        workers=workers or 0,
        passwords=list(passwords),
        timeout=timeout,
        wait=wait,
        metadata_file=metadata_file,
        progress=sys.stderr.isatty() and not as_json,
        scheduler=scheduler,
        batch_size=batch_size,
        ocr=ocr,
    )
    if dry_run:
        plan, missing = ingest.dry_run(list(paths), root, opts)
        _print_plan(plan, missing, as_json)
        return
    summary = ingest.run_index(
        list(paths), root, opts, on_failure=_failure_line, on_warning=_warning_line
    )
    prepared.save(root)
    if as_json:
        emit_json(summary.result_json())
    else:
        parts = [f"{v} {k}" for k, v in summary.counts().items()]
        parts.append(f"{len(summary.failed)} failed")
        for d in summary.duplicates:
            click.echo(f"skipped {d.path}: {d.note}", err=True)
        click.echo("indexed: " + ", ".join(parts))
    sys.exit(EXIT_FAILED if summary.failed else EXIT_OK)
