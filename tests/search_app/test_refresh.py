"""A run of `pubkb index` shows up in the running app without a restart."""

from __future__ import annotations

from pathlib import Path

from indexer.ingest.run import run_index
from indexer.ingest.worker import IndexOptions
from tests.conftest import MakePdf
from tests.search_app.apptest import RunApp, result_titles


def pdf(make_pdf: MakePdf, folder: Path, name: str, title: str, word: str) -> None:
    make_pdf(
        name,
        [[("Issue Brief 2021-70", 12), (title, 22)], [f"This page is about {word}."]],
        folder=folder,
    )


def test_new_commits_and_full_rebuilds_are_picked_up(
    run_app: RunApp, make_pdf: MakePdf, tmp_path: Path
) -> None:
    folder = tmp_path / "pdfs"
    index = tmp_path / "ix"
    pdf(make_pdf, folder, "first.pdf", "Lighthouses of the West Coast", "lighthouses")
    run_index([str(folder)], index, IndexOptions(workers=1))
    assert result_titles(run_app({"q": "harbours"}, index=index)) == []

    pdf(make_pdf, folder, "second.pdf", "Harbours and Their Keepers", "harbours")
    run_index([str(folder)], index, IndexOptions(workers=1))
    assert result_titles(run_app({"q": "harbours"}, index=index)) == ["Harbours and Their Keepers"]

    (folder / "first.pdf").unlink()
    run_index([str(folder)], index, IndexOptions(workers=1, full=True))
    assert result_titles(run_app({}, index=index)) == ["Harbours and Their Keepers"]
