"""The `pubkb` command line: one click group, verbs as subcommands, thin over the library."""

from __future__ import annotations

import click

from indexer import __version__


@click.group()
@click.version_option(__version__, prog_name="pubkb")
def cli() -> None:
    """Index and search a research centre's report PDFs."""


def main() -> None:
    cli()
