"""People verbs of the `pubkb` command line: researchers, experts, collaborators, the graph."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from indexer import people
from indexer.cli.options import (
    choice_option,
    cli,
    emit_json,
    index_option,
    json_option,
    limit_option,
    type_and_years_options,
    user_errors,
)
from indexer.errors import EXIT_USAGE, PubkbError
from indexer.paths import index_dir
from indexer.people.results import Evidence
from indexer.search import prepared
from indexer.types import parse_type

if TYPE_CHECKING:
    from indexer.search.searcher import Searcher

F = TypeVar("F", bound=Callable[..., Any])


@contextmanager
def _searcher(index: Path | None) -> Iterator[Searcher]:
    from indexer.search.searcher import Searcher

    s = Searcher(index_dir(index))
    try:
        yield s
    finally:
        s.close()


def _aka(aliases: list[str]) -> str:
    return f" (also {', '.join(aliases)})" if aliases else ""


def _print_evidence(items: list[Evidence]) -> None:
    from indexer.search.snippets import to_plain

    for e in items:
        page = f"p. {e.page}" if e.page else "no page"
        click.echo(f"     {e.title} ({e.year or 'n.d.'}, {e.role}) · id {e.id} · {page}")
        click.echo(f"       {to_plain(e.snippet)}")


# ---------------------------------------------------------------- researchers (+ authority)


def _print_directory(rows: list[people.ResearcherSummary]) -> None:
    for r in rows:
        years = ", ".join(map(str, r.years)) or "n.d."
        click.echo(
            f"{r.name}{_aka(r.aliases)}: {r.publications} publication(s), "
            f"{r.as_chief} as chief, {r.as_co} as co-researcher; {years}"
        )
    click.echo(f"{len(rows)} researcher(s)")


@click.group("researchers", invoke_without_command=True)
@index_option
@json_option
@click.pass_context
@user_errors
def researchers_group(ctx: click.Context, index: Path | None, as_json: bool) -> None:
    """List every researcher, variant spellings merged; or correct the name authority."""
    ctx.ensure_object(dict)
    ctx.obj["index"] = index
    if ctx.invoked_subcommand is not None:
        return
    with _searcher(index) as s:
        rows = people.directory(s)
    if as_json:
        emit_json([asdict(r) for r in rows])
    else:
        _print_directory(rows)


def _root(ctx: click.Context, index: Path | None) -> Path:
    """A subcommand's own --index, else the group's."""
    parent = ctx.obj.get("index") if isinstance(ctx.obj, dict) else None
    return index_dir(index or parent)


def _saved(root: Path, person: people.Person) -> people.Person:
    """`person`, once the search data of the changed authority is saved beside the index."""
    prepared.save(root)
    return person


def _report_change(verb: str, person: people.Person, as_json: bool) -> None:
    if as_json:
        emit_json({"action": verb, **asdict(person)})
    else:
        click.echo(f"{verb}: {person.name}{_aka(person.aliases)}")


@researchers_group.command("merge")
@click.argument("names", nargs=-1, required=True)
@index_option
@json_option
@click.pass_context
@user_errors
def merge_cmd(
    ctx: click.Context, names: tuple[str, ...], index: Path | None, as_json: bool
) -> None:
    """Make NAMES (two or more spellings) one person; kept across re-indexing."""
    if len(names) < 2:
        raise PubkbError("merge needs at least two names", EXIT_USAGE)
    root = _root(ctx, index)
    _report_change("merged", _saved(root, people.merge(root, list(names))), as_json)


@researchers_group.command("split")
@click.argument("name")
@index_option
@json_option
@click.pass_context
@user_errors
def split_cmd(ctx: click.Context, name: str, index: Path | None, as_json: bool) -> None:
    """Make the spelling NAME a person of their own, apart from the variants merged with it."""
    root = _root(ctx, index)
    _report_change("split", _saved(root, people.split(root, name)), as_json)


@researchers_group.command("rename")
@click.argument("old")
@click.argument("new")
@index_option
@json_option
@click.pass_context
@user_errors
def rename_cmd(ctx: click.Context, old: str, new: str, index: Path | None, as_json: bool) -> None:
    """Call the person known as OLD (any spelling) NEW from now on."""
    root = _root(ctx, index)
    _report_change("renamed", _saved(root, people.rename(root, old, new)), as_json)


@researchers_group.command("link")
@click.argument("hangul")
@click.argument("romanised")
@index_option
@json_option
@click.pass_context
@user_errors
def link_cmd(
    ctx: click.Context, hangul: str, romanised: str, index: Path | None, as_json: bool
) -> None:
    """Make the name HANGUL (as Korean editions print it) the person called ROMANISED, so one
    profile gathers both editions: pubkb researchers link 김도원 "Dowon Kim"."""
    root = _root(ctx, index)
    _report_change("linked", _saved(root, people.link(root, hangul, romanised)), as_json)


# ---------------------------------------------------------------- researcher (profile)


def _print_profile(p: people.Profile) -> None:
    click.echo(f"{p.name}{_aka(p.aliases)}")
    click.echo(f"  {len(p.publications)} publication(s)")
    click.echo("  by year: " + ", ".join(f"{y} {n}" for y, n in p.by_year.items()))
    click.echo("  by type: " + ", ".join(f"{t} {n}" for t, n in p.by_type.items()))
    if p.topics:
        click.echo("  topics: " + "; ".join(p.topics))
    if p.coauthors:
        click.echo("  co-authors: " + "; ".join(f"{c.name} ({c.count})" for c in p.coauthors))
    click.echo("  publications:")
    for pub in p.publications:
        click.echo(f"    {pub.year or 'n.d.'} {pub.type}, {pub.role}: {pub.title}  (id {pub.id})")


@click.command("researcher")
@click.argument("name")
@index_option
@json_option
@user_errors
def researcher_cmd(name: str, index: Path | None, as_json: bool) -> None:
    """One researcher's profile (any spelling of NAME): publications, topics, co-authors."""
    with _searcher(index) as s:
        p = people.profile(s, name)
    if as_json:
        emit_json(asdict(p))
    else:
        _print_profile(p)


# ---------------------------------------------------------------- experts / collaborators


def _check_types(types: tuple[str, ...]) -> list[str]:
    unknown = [t for t in types if parse_type(t) is None]
    if unknown:
        raise PubkbError(f"unknown publication type: {', '.join(unknown)}", EXIT_USAGE)
    return list(types)


@click.command("experts")
@click.argument("topic", nargs=-1, required=True)
@index_option
@limit_option(10, "people")
@type_and_years_options
@json_option
@user_errors
def experts_cmd(
    topic: tuple[str, ...],
    index: Path | None,
    limit: int,
    types: tuple[str, ...],
    year_from: int | None,
    year_to: int | None,
    as_json: bool,
) -> None:
    """Who has worked on TOPIC: people ranked by their publications on it, with passages."""
    wanted = _check_types(types)
    with _searcher(index) as s:
        found = people.experts(s, " ".join(topic), limit, wanted, year_from, year_to)
    if as_json:
        emit_json([asdict(e) for e in found])
        return
    if not found:
        click.echo("nobody: no publication with researchers matches this topic")
    for i, e in enumerate(found, start=1):
        click.echo(f"{i}. {e.name}{_aka(e.aliases)}  score {e.score}")
        _print_evidence(e.evidence)


@click.command("collaborators")
@click.argument("name")
@index_option
@click.option("--topic", default=None, help="Rank on this topic instead of NAME's own topics.")
@limit_option(10, "people")
@json_option
@user_errors
def collaborators_cmd(
    name: str, index: Path | None, topic: str | None, limit: int, as_json: bool
) -> None:
    """People working on NAME's topics (or on --topic), marking existing co-authors."""
    with _searcher(index) as s:
        found = people.collaborators(s, name, topic, limit)
    if as_json:
        emit_json([asdict(c) for c in found])
        return
    for i, c in enumerate(found, start=1):
        mark = f", co-authored {c.coauthored} publication(s)" if c.coauthored else ", new contact"
        click.echo(f"{i}. {c.name}{_aka(c.aliases)}  score {c.score}{mark}")
        _print_evidence(c.evidence)


# ---------------------------------------------------------------- graph


@click.command("graph")
@index_option
@choice_option(
    "--format",
    "fmt",
    ("text", "json", "graphml"),
    "text",
    "Output format: text lines, JSON, or GraphML for Gephi/yEd/networkx.",
)
@json_option
@user_errors
def graph_cmd(index: Path | None, fmt: str, as_json: bool) -> None:
    """The co-author network: researchers and how many publications each pair shares."""
    with _searcher(index) as s:
        g = people.graph(s)
    if as_json or fmt == "json":
        emit_json(g.to_json())
    elif fmt == "graphml":
        click.echo(g.to_graphml(), nl=False)
    else:
        for e in g.edges:
            click.echo(f"{e.source} — {e.target}: {e.publications}")
        click.echo(f"{len(g.nodes)} researcher(s), {len(g.edges)} co-author pair(s)")


# The people verbs join the one `pubkb` group defined in indexer.cli.options.
for _cmd in (researchers_group, researcher_cmd, experts_cmd, collaborators_cmd, graph_cmd):
    cli.add_command(_cmd)
