"""`pubkb answer`: what our publications concluded about a question, in their own sentences."""

from __future__ import annotations

import textwrap
from pathlib import Path

import click

from indexer.cli.options import cli, emit_json, index_option, json_option, user_errors
from indexer.paths import index_dir


@cli.command("answer")
@click.argument("question", nargs=-1, required=True)
@index_option
@json_option
@user_errors
def answer_cmd(question: tuple[str, ...], index: Path | None, as_json: bool) -> None:
    """Up to three passages from the conclusions and summaries that best answer QUESTION.

    The passages are whole sentences quoted from the PDFs, never written anew; when no
    conclusion says much about the question, it says so."""
    from indexer.search.findings import findings
    from indexer.search.searcher import Searcher

    found = findings(Searcher(index_dir(index)), " ".join(question))
    if as_json:
        emit_json(found.to_dict())
        return
    if not found.passages:
        click.echo(f"No good answer: {found.note}.")
        return
    click.echo("What our publications concluded:")
    for i, f in enumerate(found.passages, start=1):
        click.echo("")
        click.echo(textwrap.fill(f"“{f.text}”", width=88, initial_indent=f"{i}. ",
                                 subsequent_indent="   "))  # fmt: skip
        click.echo(f"   — {f.title} ({f.type}, {f.year or 'n.d.'}), p. {f.page} · {f.section}")
        click.echo(f"     open: pubkb show {f.pub_id} · app: {f.link}")
