"""`pubkb list`, `show`, `status`, `verify` and `remove`: what the index holds."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from indexer.cli.options import (
    cli,
    emit_json,
    format_option,
    index_option,
    json_option,
    user_errors,
    wait_option,
)
from indexer.errors import EXIT_FAILED, EXIT_OK
from indexer.library import manage as library
from indexer.library.results import PublicationDetail, PublicationSummary
from indexer.paths import index_dir
from indexer.search import prepared

# ---------------------------------------------------------------- list / show


def _text_record(r: PublicationSummary) -> str:
    year = r.year or "n.d."
    people = "; ".join(r.researchers) or r.organisation or "-"
    return f"{r.id}  {r.type}, {year}: {r.title}\n    {people}\n    {r.path}"


@cli.command("list")
@index_option
@json_option
@format_option
@user_errors
def list_cmd(index: Path | None, as_json: bool, export_format: str | None) -> None:
    """List every indexed publication."""
    records = library.sorted_records(index_dir(index))
    if export_format is not None:
        from indexer.library.export import export

        click.echo(export(records, export_format).text, nl=False)
        return
    rows = [PublicationSummary.of(r) for r in records]
    if as_json:
        emit_json([r.to_json() for r in rows])
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
    from indexer.store.index import IndexReader

    rec = library.find_record(IndexReader(root).records(), ref)
    d = PublicationDetail.of(rec)
    if as_json:
        emit_json(d.to_json())
        return
    click.echo(_text_record(d))
    for name, value in (
        ("series", d.series),
        ("number", d.number),
        ("language", d.language),
        ("page_count", d.page_count),
    ):
        click.echo(f"    {name}: {value}")
    if d.flags:
        click.echo(f"    flags: {', '.join(d.flags)}")
    if d.ocr_pages:
        click.echo(f"    OCR pages: {library.page_ranges(d.ocr_pages)}")
    languages = library.page_language_ranges(d.page_languages)
    if len(languages) > 1:
        click.echo("    page languages: " + "; ".join(f"{k} {v}" for k, v in languages.items()))
    click.echo("    sources: " + ", ".join(f"{k}={v}" for k, v in sorted(d.sources.items())))
    if d.summary:
        click.echo("\nSummary\n    " + d.summary)
    if d.contents:
        click.echo("\nContents")
        for c in d.contents:
            click.echo(f"    {c.heading}  (p. {c.page or '?'})")


# ---------------------------------------------------------------- status / verify / remove


@cli.command("status")
@index_option
@json_option
@user_errors
def status_cmd(index: Path | None, as_json: bool) -> None:
    """Counts by type and year, failures, missing files and the last run."""
    s = library.status(index_dir(index))
    if as_json:
        emit_json(s.to_json())
        return
    click.echo(f"index {s.index} (schema {s.schema_version}, {s.index_bytes} bytes)")
    click.echo(f"{s.documents} publications, {s.pages} pages")
    for label, counts in (("by type", s.by_type), ("by year", s.by_year)):
        click.echo(f"{label}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    run = s.last_run
    if run:
        click.echo(
            f"last run {run.started} - {run.finished}: {run.added} added, "
            f"{run.updated} updated, {run.moved} moved, {run.removed} removed, "
            f"{len(run.failed)} failed" + ("" if run.completed else " (interrupted)")
        )
    for p in s.missing:
        click.echo(f"missing {p}")
    for p in s.no_text_layer:
        click.echo(f"no text layer {p}")
    for f in s.failures:
        click.echo(f"failed {f.path}: {f.reason}")


@cli.command("verify")
@index_option
@json_option
@user_errors
def verify_cmd(index: Path | None, as_json: bool) -> None:
    """Check every entry's file exists unchanged and the index is consistent; exit 1 if not."""
    report = library.verify(index_dir(index))
    if as_json:
        emit_json(report.to_json())
    else:
        for p in report.problems:
            click.echo(f"PROBLEM {p.path}: {p.problem}")
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
    root = index_dir(index)
    removed, unknown = library.remove(root, list(refs), wait)
    prepared.save(root)
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
