"""The saved search data: read when it is of the open generation, ignored once anything changed."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from indexer import people
from indexer.cli.options import cli
from indexer.errors import PubkbError
from indexer.ingest.run import run_index
from indexer.ingest.worker import IndexOptions
from indexer.paths import GENERATION_FILE
from indexer.search import prepared, searcher
from indexer.search.searcher import Searcher, SearchRequest
from indexer.store import schema
from tests.conftest import MakePdf, load_catalog, person_names

# Queries of the corpus's topics, one with a misspelt word for did-you-mean.
QUERIES = ["refugee protection", "foreign workers visa", "undocumented vacination", "crime"]


@pytest.fixture
def root(corpus_index: Path, tmp_path: Path) -> Path:
    """A copy of the corpus index that a test may change."""
    copy = tmp_path / "ix"
    shutil.copytree(corpus_index, copy)
    return copy


def answers(s: Searcher) -> list[dict[str, Any]]:
    """All the search page shows for each query: hits with snippets, every facet count, the
    suggestion."""
    return [s.search(SearchRequest(q, limit=10)).to_dict() for q in QUERIES]


def no_live_build(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the generation was worked out, not loaded")

    monkeypatch.setattr(searcher, "build_generation", refuse)


def loads(root: Path) -> bool:
    """Whether a searcher opened on the index now would read the saved data."""
    with schema.open_index(root).searcher() as s:
        return prepared.load(s, root) is not None


def test_saved_data_answers_as_the_data_worked_out(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = Searcher(root)
    expected = answers(live)
    assert expected[2]["suggestion"]  # the misspelt query has a suggestion to compare
    assert prepared.save(root) and (root / GENERATION_FILE).is_file()
    no_live_build(monkeypatch)
    saved = Searcher(root)
    assert answers(saved) == expected
    assert [p.id for p in saved.snapshot().publications] == [
        p.id for p in live.snapshot().publications
    ]
    assert len(saved.snapshot().publications) == len(load_catalog())


def test_a_second_save_of_the_same_generation_writes_nothing(root: Path) -> None:
    assert prepared.save(root)
    before = (root / GENERATION_FILE).stat().st_mtime_ns
    assert not prepared.save(root)
    assert (root / GENERATION_FILE).stat().st_mtime_ns == before


def test_a_new_commit_makes_the_saved_data_stale(root: Path, make_pdf: MakePdf) -> None:
    assert prepared.save(root)
    title = "Seasonal Orchard Workers in Jeju"
    new = make_pdf("docs/new.pdf", [[(title, 20)], ["Orchard workers come each autumn."]])
    assert run_index([str(new.parent)], root, IndexOptions(workers=1)).added == 1
    assert not loads(root)
    titles = {p.title for p in Searcher(root).snapshot().publications}
    assert title in titles
    assert prepared.save(root) and loads(root)
    assert title in {p.title for p in Searcher(root).snapshot().publications}


def test_a_librarians_decision_makes_the_saved_data_stale(root: Path) -> None:
    first, second = (person_names(e, load_catalog())[0] for e in load_catalog()[:2])
    assert first != second
    assert prepared.save(root)
    people.merge(root, [first, second])
    assert not loads(root)
    # The searcher opened now works the merge out: the two spellings are one person.
    auth = Searcher(root).authority
    assert auth.resolve(first) == auth.resolve(second)


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: blob[: len(blob) // 2],  # torn
        lambda blob: blob.split(b"\n", 1)[0] + b"\nnot a pickle",  # right key, wrong body
        lambda blob: b"",
    ],
)
def test_a_damaged_file_is_worked_around(root: Path, damage: Any) -> None:
    expected = answers(Searcher(root))
    assert prepared.save(root)
    path = root / GENERATION_FILE
    path.write_bytes(damage(path.read_bytes()))
    assert not loads(root)
    assert answers(Searcher(root)) == expected


def test_data_saved_by_other_code_is_not_read(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert prepared.save(root) and loads(root)
    monkeypatch.setattr(prepared, "_code_stamp", lambda: "another version")
    assert not loads(root)


def test_a_folder_it_cannot_write_only_costs_time(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(*args: Any, **kwargs: Any) -> None:
        raise PermissionError("read-only file system")

    monkeypatch.setattr(prepared, "atomic_write", read_only)
    assert not prepared.save(root)
    assert not (root / GENERATION_FILE).exists()


def test_cli_commands_that_change_the_index_leave_it_saved(
    make_pdf: MakePdf, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ix = tmp_path / "ix"
    folder = tmp_path / "docs"
    for i, name in enumerate(["Dowon Kim", "Mina Park"]):
        make_pdf(
            f"brief-{i}.pdf",
            [[(f"Migrant Health Brief {i}", 20), (f"Chief Researcher {name}", 11)], ["Clinics."]],
            folder=folder,
        )

    def pubkb(*args: str) -> None:
        result = CliRunner().invoke(cli, [*args, "--index", str(ix)], catch_exceptions=False)
        assert result.exit_code == 0, result.output

    pubkb("index", str(folder), "--workers", "1")
    assert loads(ix)
    pubkb("researchers", "merge", "Dowon Kim", "Mina Park")
    assert loads(ix)
    first, other = sorted(p.id for p in Searcher(ix).snapshot().publications)
    pubkb("edit", first, "--year", "2019")
    assert loads(ix)
    pubkb("remove", first)
    assert loads(ix)
    no_live_build(monkeypatch)
    assert [p.id for p in Searcher(ix).snapshot().publications] == [other]


def test_an_index_without_publications_has_nothing_to_save(tmp_path: Path) -> None:
    broken = tmp_path / "docs" / "broken.pdf"
    broken.parent.mkdir()
    broken.write_bytes(b"%PDF-1.4\n% truncated")
    root = tmp_path / "ix"
    assert len(run_index([str(broken.parent)], root, IndexOptions(workers=1)).failed) == 1
    assert not prepared.save(root) and not (root / GENERATION_FILE).exists()
    # Opening it for search is a one-line error, not a failure deep in Whoosh.
    with pytest.raises(PubkbError, match="holds no publications yet"):
        Searcher(root)
