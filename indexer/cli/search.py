"""`pubkb search` and `pubkb similar`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from indexer.cli.options import (
    choice_option,
    cli,
    emit_json,
    format_option,
    index_option,
    json_option,
    limit_option,
    number_option,
    type_and_years_options,
    user_errors,
)
from indexer.errors import EXIT_USAGE, PubkbError
from indexer.extract.language import LANGUAGES
from indexer.library import manage as library
from indexer.parts import PARTS
from indexer.paths import index_dir
from indexer.search.searcher import SORTS

# ---------------------------------------------------------------- search / similar


def _print_hit(n: int, h: dict[str, Any]) -> None:
    from indexer.search.snippets import to_plain

    people = "; ".join(h["researchers"]) or "-"
    click.echo(f"{n}. {h['title']}")
    click.echo(f"   {h['type']}, {h['year'] or 'n.d.'} · {people} · id {h['id']}")
    for p in h.get("pages", []):
        ocr = " (OCR)" if p.get("ocr") else ""
        where = f" · {p['section']}" if p.get("section") else ""
        click.echo(f"   p. {p['page']}{where}{ocr}: {to_plain(p['snippet'])}")


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
@click.option(
    "--section",
    "sections",
    type=click.Choice(PARTS),
    multiple=True,
    help="Only matches in this part of the report, e.g. conclusions or summary (repeatable).",
)
@click.option(
    "--topic", "topics", multiple=True, help="Only publications with this key phrase (repeatable)."
)
@limit_option(10, "hits")
@number_option("--offset", 0, 0, "Hits to skip (for paging).")
@choice_option("--sort", "sort", SORTS, SORTS[0], "Order of the hits.")
@json_option
@format_option
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
    sections: tuple[str, ...],
    topics: tuple[str, ...],
    limit: int,
    offset: int,
    sort: str,
    as_json: bool,
    export_format: str | None,
) -> None:
    """Search publications: words, "phrases", -exclude, title:/researcher:/type:/year:/section:."""
    from indexer.search.searcher import Searcher, SearchRequest

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
        sections=list(sections),
        topics=list(topics),
    )
    root = index_dir(index)
    if export_format is not None:
        _export(root, Searcher(root).ranked_ids(req), export_format)
        return
    result = Searcher(root).search(req).to_dict()
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


def _export(root: Path, ids: list[str], fmt: str) -> None:
    from indexer.library.export import export
    from indexer.store.index import IndexReader

    by_id = {r.id: r for r in IndexReader(root).records()}
    click.echo(export([by_id[i] for i in ids if i in by_id], fmt).text, nl=False)


@cli.command("topics")
@index_option
@json_option
@user_errors
def topics_cmd(index: Path | None, as_json: bool) -> None:
    """Every topic (key phrase) with how many publications have it, most first."""
    from indexer.search.searcher import Searcher
    from indexer.search.topics import topic_counts

    counts = topic_counts(Searcher(index_dir(index)))
    if as_json:
        emit_json([{"topic": t, "publications": n} for t, n in counts.items()])
        return
    for t, n in counts.items():
        click.echo(f"{n:4}  {t}")


@cli.command("topic")
@click.argument("name", nargs=-1, required=True)
@index_option
@json_option
@user_errors
def topic_cmd(name: tuple[str, ...], index: Path | None, as_json: bool) -> None:
    """One topic: its publications by year and the researchers who lead on it."""
    from indexer.search.searcher import Searcher
    from indexer.search.topics import normalise_topic, topic_view

    topic = normalise_topic(" ".join(name))
    view = topic_view(Searcher(index_dir(index)), topic)
    if view is None:
        raise PubkbError(f"no publication has the topic '{topic}' (see: pubkb topics)")
    by_year = {y: n for y, n in view.by_year.items() if n}
    related = view.related
    if as_json:
        emit_json(
            {
                "topic": topic,
                "publications": [
                    {"id": h.id, "title": h.title, "year": h.year} for h in view.publications
                ],
                "by_year": by_year,
                "researchers": view.researchers,
                "related": related,
            }
        )
        return
    click.echo(f"{topic}: {len(view.publications)} publication(s)")
    click.echo("by year: " + ", ".join(f"{y} {n}" for y, n in sorted(by_year.items())))
    for h in view.publications:
        click.echo(f"  {h.year or 'n.d.'}  {h.title} · id {h.id}")
    people = view.researchers
    if people:
        click.echo("researchers: " + "; ".join(f"{p} ({n})" for p, n in people.items()))
    if related:
        click.echo("related: " + "; ".join(list(related)[:8]))


@cli.command("similar")
@click.argument("ref")
@index_option
@limit_option(10, "publications")
@json_option
@user_errors
def similar_cmd(ref: str, index: Path | None, limit: int, as_json: bool) -> None:
    """Publications most like REF (an id, id prefix or path)."""
    from dataclasses import asdict

    from indexer.search.searcher import Searcher
    from indexer.store.index import IndexReader

    root = index_dir(index)
    rec = library.find_record(IndexReader(root).records(), ref)
    hits = [asdict(h) for h in Searcher(root).similar(rec.id, limit)]
    if as_json:
        emit_json(hits)
        return
    for i, h in enumerate(hits, start=1):
        _print_hit(i, h)
