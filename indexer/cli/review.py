"""`pubkb review` and `edit`: the queue of weak metadata, and the corrections that settle it."""

from __future__ import annotations

from pathlib import Path

import click

from indexer.cli.options import cli, emit_json, index_option, json_option, user_errors, wait_option
from indexer.library.edit import edit, parse_request
from indexer.library.results import ReviewItem
from indexer.library.review import DEFAULT_BELOW, review
from indexer.paths import index_dir
from indexer.search import prepared
from indexer.types import PUB_TYPES


def _text_item(item: ReviewItem) -> list[str]:
    lines = [f"{item.id}  {item.title}", f"    {item.path}"]
    for f in item.fields:
        shown = f" {f.value!r}" if f.value else ""
        lines.append(f"    {f.name}{shown}: {f.reason}")
        if f.candidates:
            weighed = "; ".join(f"{c.value!r} {c.score:.2f} {c.source}" for c in f.candidates)
            lines.append(f"        candidates: {weighed}")
        lines.append(f"        fix: {f.fix}")
    lines += [f"    warning: {w}" for w in item.warnings]
    return lines


@cli.command("review")
@click.option(
    "--below",
    type=click.FloatRange(0, 1),
    default=DEFAULT_BELOW,
    show_default=True,
    help="List fields whose confidence is under this (0-1).",
)
@index_option
@json_option
@user_errors
def review_cmd(below: float, index: Path | None, as_json: bool) -> None:
    """List publications with a low-confidence or conflicting field, and the edit that fixes it."""
    queue = review(index_dir(index), below, str(index) if index else None)
    if as_json:
        emit_json(queue.to_json())
        return
    if queue.note:
        click.echo(queue.note)
    for item in queue.items:
        click.echo("\n".join(_text_item(item)))
    fields = sum(len(i.fields) for i in queue.items)
    click.echo(f"{len(queue.items)} of {queue.checked} publication(s) to review, {fields} field(s)")


@cli.command("edit")
@click.argument("ref", metavar="ID|PATH")
@click.option("--title", help="The title.")
@click.option("--type", "type_", metavar="TYPE", help=f"One of: {', '.join(PUB_TYPES)}.")
@click.option("--year", help="Year of publication (four digits).")
@click.option(
    "--chief", multiple=True, metavar="NAME", help="Chief researcher (repeatable; '' for none)."
)
@click.option(
    "--co", multiple=True, metavar="NAME", help="Co-researcher (repeatable; '' for none)."
)
@click.option("--organisation", help="The publishing or authoring organisation.")
@click.option("--series", help="The series the publication belongs to.")
@click.option("--number", help="Its number in the series (e.g. 2021-02).")
@click.option("--summary", help="A summary to show instead of the detected one.")
@click.option("--language", help="Main language: ko or en.")
@click.option(
    "--reset",
    "resets",
    multiple=True,
    metavar="FIELD",
    help="Drop the correction of FIELD (e.g. year, co) and go back to the detected value.",
)
@index_option
@wait_option
@json_option
@user_errors
def edit_cmd(
    ref: str,
    title: str | None,
    type_: str | None,
    year: str | None,
    chief: tuple[str, ...],
    co: tuple[str, ...],
    organisation: str | None,
    series: str | None,
    number: str | None,
    summary: str | None,
    language: str | None,
    resets: tuple[str, ...],
    index: Path | None,
    wait: float,
    as_json: bool,
) -> None:
    """Correct a publication's metadata (by id, id prefix or path); applies at once.

    The correction is remembered in the index folder with those of `pubkb index --metadata`,
    so it holds through `pubkb index --full`; the field's source becomes "librarian".
    """
    raw = {
        "title": title,
        "type": type_,
        "year": year,
        "chief": list(chief),
        "co_researchers": list(co),
        "organisation": organisation,
        "series": series,
        "number": number,
        "summary": summary,
        "language": language,
    }
    req = parse_request(raw, list(resets))
    root = index_dir(index)
    result = edit(root, ref, req, wait)
    prepared.save(root)
    if as_json:
        emit_json(result.to_json())
        return
    pub = result.publication
    for name, value in result.set.items():
        shown = "; ".join(value) if isinstance(value, list) else value
        click.echo(f"{pub.id} {name} = {shown!r} (librarian)")
    for name in result.reset:
        click.echo(f"{pub.id} {name}: correction dropped, detected value restored")
    if not result.applied:
        click.echo("no cached extraction: the detected values return at the next `pubkb index`")
    for name in req.resets:
        if name not in result.reset:
            click.echo(f"{pub.id} {name}: had no correction to reset", err=True)
