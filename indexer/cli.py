"""The `pubkb` command line: one click group, verbs as subcommands, thin over the library."""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from indexer import __version__, ingest, library
from indexer.errors import EXIT_FAILED, EXIT_OK, EXIT_USAGE, PubkbError
from indexer.ingest import IndexOptions, Plan
from indexer.language import LANGUAGES
from indexer.ocr import OCR_MODES
from indexer.paths import INDEX_ENV, index_dir

F = TypeVar("F", bound=Callable[..., Any])


def index_option(fn: F) -> F:
    return click.option(
        "--index",
        "index",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help=f"Index folder (default: ${INDEX_ENV}, else ./.pubkb).",
    )(fn)


def json_option(fn: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")(fn)


def wait_option(fn: F) -> F:
    return click.option(
        "--wait",
        type=click.FloatRange(min=0),
        default=0.0,
        show_default=True,
        help="Seconds to wait for another run's lock before giving up.",
    )(fn)


def limit_option(default: int, what: str) -> Callable[[F], F]:
    return click.option(
        "--limit",
        type=click.IntRange(min=1, max=1000),
        default=default,
        show_default=True,
        help=f"How many {what} to show.",
    )


def type_and_years_options(fn: F) -> F:
    """--type (repeatable), --from and --to: the filters every ranked listing takes."""
    fn = click.option("--to", "year_to", type=int, default=None, help="Only up to this year.")(fn)
    fn = click.option(
        "--from", "year_from", type=int, default=None, help="Only from this year on."
    )(fn)
    return click.option(
        "--type", "types", multiple=True, help="Only this publication type (repeatable)."
    )(fn)


def user_errors(fn: F) -> F:
    """Turn user-facing errors into one line on stderr and the right exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except PubkbError as exc:
            click.echo(f"pubkb: {exc}", err=True)
            sys.exit(exc.exit_code)

    return wrapper  # type: ignore[return-value]


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


@click.group()
@click.version_option(__version__, prog_name="pubkb")
def cli() -> None:
    """Index and search a research centre's report PDFs."""
    # pdfminer logs every oddity of every PDF; the user gets one line per failed file instead.
    logging.getLogger("pdfminer").setLevel(logging.CRITICAL)


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
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=120.0,
    show_default=True,
    help="Seconds allowed per file before it is given up (0: no limit).",
)
@wait_option
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=25,
    show_default=True,
    help="Publications per commit; an interrupted run keeps every committed batch.",
)
@click.option(
    "--scheduler",
    default=None,
    help="Address of a Dask scheduler to run extraction on (e.g. tcp://host:8786).",
)
@click.option(
    "--ocr",
    type=click.Choice(OCR_MODES),
    default="auto",
    show_default=True,
    help="Read page images with Tesseract (eng+kor): auto for pages without a text layer, "
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
    counts = {k: getattr(summary, k) for k in ("added", "updated", "moved", "unchanged", "removed")}
    if as_json:
        emit_json(
            {
                **counts,
                "failed": summary.failed,
                "duplicates": summary.duplicates,
                "warnings": summary.warnings,
            }
        )
    else:
        parts = [f"{v} {k}" for k, v in counts.items()] + [f"{len(summary.failed)} failed"]
        for d in summary.duplicates:
            click.echo(f"skipped {d['path']}: {d['note']}", err=True)
        click.echo("indexed: " + ", ".join(parts))
    sys.exit(EXIT_FAILED if summary.failed else EXIT_OK)


# ---------------------------------------------------------------- list / show


def _text_record(r: dict[str, Any]) -> str:
    year = r["year"] or "n.d."
    people = "; ".join(r["researchers"]) or r.get("organisation") or "-"
    return f"{r['id']}  {r['type']}, {year}: {r['title']}\n    {people}\n    {r['path']}"


@cli.command("list")
@index_option
@json_option
@user_errors
def list_cmd(index: Path | None, as_json: bool) -> None:
    """List every indexed publication."""
    rows = [library.summary_dict(r) for r in library.sorted_records(index_dir(index))]
    if as_json:
        emit_json(rows)
        return
    for r in rows:
        click.echo(_text_record(r))
    click.echo(f"{len(rows)} publication(s)")


@cli.command("show")
@click.argument("ref")
@index_option
@json_option
@user_errors
def show_cmd(ref: str, index: Path | None, as_json: bool) -> None:
    """Show one publication (by id, id prefix or path) with its summary and contents."""
    root = index_dir(index)
    from indexer.store import IndexReader

    rec = library.find_record(IndexReader(root).records(), ref)
    d = library.detail_dict(rec)
    if as_json:
        emit_json(d)
        return
    click.echo(_text_record(d))
    for name in ("series", "number", "language", "page_count"):
        click.echo(f"    {name}: {d[name]}")
    if d["flags"]:
        click.echo(f"    flags: {', '.join(d['flags'])}")
    if d["ocr_pages"]:
        click.echo(f"    OCR pages: {library.page_ranges(d['ocr_pages'])}")
    languages = library.page_language_ranges(d["page_languages"])
    if len(languages) > 1:
        click.echo("    page languages: " + "; ".join(f"{k} {v}" for k, v in languages.items()))
    click.echo("    sources: " + ", ".join(f"{k}={v}" for k, v in sorted(d["sources"].items())))
    if d["summary"]:
        click.echo("\nSummary\n    " + d["summary"])
    if d["contents"]:
        click.echo("\nContents")
        for c in d["contents"]:
            click.echo(f"    {c['heading']}  (p. {c['page'] or '?'})")


# ---------------------------------------------------------------- status / verify / remove


@cli.command("status")
@index_option
@json_option
@user_errors
def status_cmd(index: Path | None, as_json: bool) -> None:
    """Counts by type and year, failures, missing files and the last run."""
    s = library.status(index_dir(index))
    if as_json:
        emit_json(s)
        return
    click.echo(f"index {s['index']} (schema {s['schema_version']}, {s['index_bytes']} bytes)")
    click.echo(f"{s['documents']} publications, {s['pages']} pages")
    for label, key in (("by type", "by_type"), ("by year", "by_year")):
        click.echo(f"{label}: " + ", ".join(f"{k} {v}" for k, v in s[key].items()))
    run = s["last_run"]
    if run:
        click.echo(
            f"last run {run['started']} - {run['finished']}: {run['added']} added, "
            f"{run['updated']} updated, {run['moved']} moved, {run['removed']} removed, "
            f"{len(run['failed'])} failed" + ("" if run["completed"] else " (interrupted)")
        )
    for p in s["missing"]:
        click.echo(f"missing {p}")
    for p in s["no_text_layer"]:
        click.echo(f"no text layer {p}")
    for f in s["failures"]:
        click.echo(f"failed {f['path']}: {f['reason']}")


@cli.command("verify")
@index_option
@json_option
@user_errors
def verify_cmd(index: Path | None, as_json: bool) -> None:
    """Check every entry's file exists unchanged and the index is consistent; exit 1 if not."""
    report = library.verify(index_dir(index))
    if as_json:
        emit_json({"ok": report.ok, "checked": report.checked, "problems": report.problems})
    else:
        for p in report.problems:
            click.echo(f"PROBLEM {p['path']}: {p['problem']}")
        click.echo(
            f"verified {report.checked} publication(s): "
            + ("ok" if report.ok else f"{len(report.problems)} problem(s)")
        )
    sys.exit(EXIT_OK if report.ok else EXIT_FAILED)


@cli.command("remove")
@click.argument("refs", nargs=-1, required=True)
@index_option
@wait_option
@json_option
@user_errors
def remove_cmd(refs: tuple[str, ...], index: Path | None, wait: float, as_json: bool) -> None:
    """Remove publications from the index by id or path (the files are not touched)."""
    removed, unknown = library.remove(index_dir(index), list(refs), wait)
    if as_json:
        emit_json(
            {"removed": [{"id": r.id, "path": r.path} for r in removed], "not_found": unknown}
        )
    else:
        for r in removed:
            click.echo(f"removed {r.id} {r.path}")
        for u in unknown:
            click.echo(f"pubkb: {u}", err=True)
    sys.exit(EXIT_FAILED if unknown else EXIT_OK)


# ---------------------------------------------------------------- search / similar


def _print_hit(n: int, h: dict[str, Any]) -> None:
    from indexer.snippets import to_plain

    people = "; ".join(h["researchers"]) or "-"
    click.echo(f"{n}. {h['title']}")
    click.echo(f"   {h['type']}, {h['year'] or 'n.d.'} · {people} · id {h['id']}")
    for p in h.get("pages", []):
        ocr = " (OCR)" if p.get("ocr") else ""
        click.echo(f"   p. {p['page']}{ocr}: {to_plain(p['snippet'])}")


@cli.command("search")
@click.argument("query", nargs=-1)
@index_option
@type_and_years_options
@click.option("--year", type=int, default=None, help="Only this year.")
@click.option(
    "--researcher",
    "researchers",
    multiple=True,
    help="Only publications by this researcher, any spelling (repeatable).",
)
@click.option(
    "--language",
    "languages",
    type=click.Choice(LANGUAGES),
    multiple=True,
    help="Only publications in this language: ko (Korean) or en (English) (repeatable).",
)
@limit_option(10, "hits")
@click.option(
    "--offset",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Hits to skip (for paging).",
)
@click.option(
    "--sort",
    type=click.Choice(["relevance", "newest", "oldest"]),
    default="relevance",
    show_default=True,
    help="Order of the hits.",
)
@json_option
@user_errors
def search_cmd(
    query: tuple[str, ...],
    index: Path | None,
    types: tuple[str, ...],
    year: int | None,
    year_from: int | None,
    year_to: int | None,
    researchers: tuple[str, ...],
    languages: tuple[str, ...],
    limit: int,
    offset: int,
    sort: str,
    as_json: bool,
) -> None:
    """Search publications: words, "exact phrases", -exclude, title:/researcher:/type:/year:."""
    from indexer.search import Searcher, SearchRequest

    if year is not None and (year_from is not None or year_to is not None):
        raise PubkbError("give either --year or --from/--to, not both", EXIT_USAGE)
    lo, hi = (year, year) if year is not None else (year_from, year_to)
    req = SearchRequest(
        " ".join(query),
        list(types),
        lo,
        hi,
        list(researchers),
        limit,
        offset,
        sort,
        list(languages),
    )
    result = Searcher(index_dir(index)).search(req).to_dict()
    if as_json:
        emit_json(result)
        return
    if result["interpreted_as"] != result["query"].strip():
        click.echo(f"read as: {result['interpreted_as'] or '(everything)'}")
    for note in result["notes"]:
        click.echo(f"note: {note}")
    if result["suggestion"]:
        click.echo(f"did you mean: {result['suggestion']}")
    click.echo(f"{result['total']} publication(s)")
    for i, h in enumerate(result["hits"], start=offset + 1):
        _print_hit(i, h)


@cli.command("similar")
@click.argument("ref")
@index_option
@limit_option(10, "publications")
@json_option
@user_errors
def similar_cmd(ref: str, index: Path | None, limit: int, as_json: bool) -> None:
    """Publications most like REF (an id, id prefix or path)."""
    from dataclasses import asdict

    from indexer.search import Searcher
    from indexer.store import IndexReader

    root = index_dir(index)
    rec = library.find_record(IndexReader(root).records(), ref)
    hits = [asdict(h) for h in Searcher(root).similar(rec.id, limit)]
    if as_json:
        emit_json(hits)
        return
    for i, h in enumerate(hits, start=1):
        _print_hit(i, h)


from indexer.cli_people import register as _register_people  # noqa: E402

_register_people(cli)


def main() -> None:
    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("pubkb: interrupted; committed batches are kept, run again to resume", err=True)
        sys.exit(130)


__all__ = ["EXIT_USAGE", "cli", "main"]
