"""The `pubkb` command line: one click group, verbs as subcommands, thin over the library.

Each module adds its verbs to the group defined in `options`; importing them here is what
registers them, so this package's `main` is the whole command.
"""

from __future__ import annotations

import sys

import click

from indexer.cli import answer, editions, index, people, records, review, search
from indexer.cli.options import cli

__all__ = ["answer", "cli", "editions", "index", "main", "people", "records", "review", "search"]


def main() -> None:
    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("pubkb: interrupted; committed batches are kept, run again to resume", err=True)
        sys.exit(130)
