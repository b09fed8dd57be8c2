"""`pubkb index corpus/` recovers the catalog's metadata without ever reading the catalog."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from indexer.cli.options import cli
from tests.conftest import load_catalog

FIELDS = ("title", "type", "year", "chief", "co_researchers", "language")


def pubkb_json(*args: str) -> Any:
    result = CliRunner().invoke(cli, [*args, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def listed(corpus_index: Path) -> dict[str, dict[str, Any]]:
    return {Path(r["path"]).name: r for r in pubkb_json("list", "--index", str(corpus_index))}


def test_every_catalog_field_is_recovered(listed: dict[str, dict[str, Any]]) -> None:
    catalog = load_catalog()
    assert set(listed) == {str(p["file"]) for p in catalog}
    wrong = [
        (p["file"], name, listed[str(p["file"])][name], p[name])
        for p in catalog
        for name in FIELDS
        if listed[str(p["file"])][name] != p[name]
    ]
    assert wrong == []


def test_show_gives_each_contents_entry_its_start_page(
    corpus_index: Path, listed: dict[str, dict[str, Any]]
) -> None:
    wrong = []
    for pub in load_catalog():
        shown = pubkb_json("show", listed[str(pub["file"])]["id"], "--index", str(corpus_index))
        got = [(c["heading"], c["page"]) for c in shown["contents"]]
        want = [(c["heading"], c["page"]) for c in pub["contents"]]  # type: ignore[attr-defined]
        if got != want:
            wrong.append((pub["file"], got, want))
    assert wrong == []


def test_the_indexer_never_reads_the_catalog() -> None:
    # Every source file of the library and the app, however deep in their packages.
    repo = Path(__file__).parents[2]
    files = [*(repo / "indexer").rglob("*.py"), *(repo / "search_app").rglob("*.py")]
    assert len(files) > 40  # the walk reached the sub-packages
    readers = [str(p) for p in files if re.search(r"\bcatalog\b", p.read_text(), re.IGNORECASE)]
    assert readers == []
