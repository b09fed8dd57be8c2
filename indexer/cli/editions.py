"""`pubkb editions`: the linked Korean and English editions, and a librarian's link/unlink."""

from __future__ import annotations

from pathlib import Path

import click

from indexer.cli.options import cli, emit_json, index_option, json_option, user_errors
from indexer.library import editions
from indexer.paths import index_dir
from indexer.search import prepared


@click.group("editions", invoke_without_command=True)
@index_option
@json_option
@click.pass_context
@user_errors
def editions_group(ctx: click.Context, index: Path | None, as_json: bool) -> None:
    """List the publications linked as editions of one another (Korean and English)."""
    ctx.obj = index
    if ctx.invoked_subcommand is not None:
        return
    found = editions.pairs(index_dir(index))
    if as_json:
        emit_json([p.to_json() for p in found])
        return
    for p in found:
        click.echo(f"{p.english_id}  {p.english_title}\n{p.korean_id}  {p.korean_title}\n")
    click.echo(f"{len(found)} linked pair(s)")


def _root(ctx: click.Context, index: Path | None) -> Path:
    return index_dir(index if index is not None else ctx.obj)


@editions_group.command("link")
@click.argument("first")
@click.argument("second")
@index_option
@click.pass_context
@user_errors
def link_cmd(ctx: click.Context, first: str, second: str, index: Path | None) -> None:
    """Link two publications (ids or paths) as editions of one; remembered in the index."""
    root = _root(ctx, index)
    p = editions.link(root, first, second)
    prepared.save(root)
    click.echo(f"linked {p.english_id} and {p.korean_id}")


@editions_group.command("unlink")
@click.argument("first")
@click.argument("second")
@index_option
@click.pass_context
@user_errors
def unlink_cmd(ctx: click.Context, first: str, second: str, index: Path | None) -> None:
    """Keep two publications apart, even when they look like editions of one."""
    root = _root(ctx, index)
    editions.unlink(root, first, second)
    prepared.save(root)
    click.echo(f"unlinked {first} and {second}")


cli.add_command(editions_group)
