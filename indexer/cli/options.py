"""Shared parts of the `pubkb` command: the click group, common options, errors and JSON."""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from indexer import __version__
from indexer.errors import PubkbError
from indexer.paths import INDEX_ENV

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


def number_option(flag: str, minimum: float, default: float, help: str) -> Callable[[F], F]:
    """A number no smaller than `minimum`, whole when the default is, default shown in --help."""
    kind: click.ParamType[Any] = (
        click.IntRange(min=int(minimum))
        if isinstance(default, int)
        else click.FloatRange(min=minimum)
    )
    return click.option(flag, type=kind, default=default, show_default=True, help=help)


def choice_option(
    flag: str, dest: str, choices: Sequence[str], default: str, help: str
) -> Callable[[F], F]:
    """One of `choices`, default shown in --help."""
    return click.option(
        flag, dest, type=click.Choice(list(choices)), default=default, show_default=True, help=help
    )


def wait_option(fn: F) -> F:
    return number_option(
        "--wait", 0, 0.0, "Seconds to wait for another run's lock before giving up."
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


# `--format`'s values besides the listing itself; kept in step with indexer.library.export.
EXPORT_FORMATS = ("csv", "bibtex", "ris")


def format_option(fn: F) -> F:
    """--format csv|bibtex|ris: the whole result set as a file on stdout, instead of a page."""
    return click.option(
        "--format",
        "export_format",
        type=click.Choice(EXPORT_FORMATS),
        default=None,
        help="Export every matching publication (not one page) as CSV, BibTeX or RIS.",
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
