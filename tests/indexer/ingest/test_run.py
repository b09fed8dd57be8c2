"""Incremental indexing through the CLI: adds, updates, moves, prunes, dry runs and corrections."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from indexer.cli.options import cli
from indexer.ingest import worker
from indexer.model import Extraction
from tests.conftest import MakePdf


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def pubkb_json(*args: str) -> Any:
    result = run(*args, "--json")
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return json.loads(result.stdout)


def cover(title: str, chief: str, body: str) -> list[list[str | tuple[str, float]]]:
    return [
        [
            ("Migration Research & Training Centre", 10),
            ("Issue Brief 2021-01", 12),
            (title, 20),
            (f"Chief Researcher {chief}", 11),
            ("2021", 11),
        ],
        [body],
    ]


@pytest.fixture
def library(make_pdf: MakePdf, tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    make_pdf(
        "a.pdf",
        cover(
            "Refugee Resettlement in Local Communities",
            "Bo Geun Chae",
            "Resettled refugees need local support.",
        ),
        folder=docs,
    )
    make_pdf(
        "b.pdf",
        cover(
            "Vaccination of Undocumented Foreigners",
            "Hyonmin Park",
            "Vaccines should reach everyone regardless of status.",
        ),
        folder=docs,
    )
    make_pdf(
        "sub/c.PDF",
        cover(
            "Census Questions on Migration Background",
            "Hyo Min Park",
            "Census surveys ask few migration questions.",
        ),
        folder=docs,
    )
    return docs


@pytest.fixture
def index(tmp_path: Path) -> Path:
    return tmp_path / "ix"


def fail_if_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: Any, **kwargs: Any) -> Extraction:
        raise AssertionError("a PDF was parsed")

    monkeypatch.setattr(worker, "extract_pdf", boom)


def listing(index: Path) -> dict[str, dict[str, Any]]:
    return {Path(r["path"]).name: r for r in pubkb_json("list", "--index", str(index))}


def test_index_walks_folders_recursively_any_case(library: Path, index: Path) -> None:
    out = pubkb_json("index", str(library), "--index", str(index), "--workers", "1")
    assert out["added"] == 3 and out["failed"] == []
    rows = listing(index)
    assert set(rows) == {"a.pdf", "b.pdf", "c.PDF"}
    assert all(r["pages"] == 2 for r in rows.values())
    assert len({r["id"] for r in rows.values()}) == 3


def test_unchanged_rerun_parses_nothing(
    library: Path, index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("index", str(library), "--index", str(index), "--workers", "1")
    fail_if_parsed(monkeypatch)
    out = pubkb_json("index", str(library), "--index", str(index), "--workers", "1")
    assert (out["added"], out["updated"], out["unchanged"]) == (0, 0, 3)


def test_edited_file_replaces_its_entry(library: Path, index: Path, make_pdf: MakePdf) -> None:
    run("index", str(library), "--index", str(index), "--workers", "1")
    old_id = listing(index)["a.pdf"]["id"]
    make_pdf(
        "a.pdf",
        [*cover("Integration Indicators Abroad", "Sangtu Ko", "Indicators."), ["A third page."]],
        folder=library,
    )
    out = pubkb_json("index", str(library), "--index", str(index), "--workers", "1")
    assert out["updated"] == 1 and out["unchanged"] == 2
    rows = listing(index)
    assert len(rows) == 3
    assert rows["a.pdf"]["id"] != old_id and rows["a.pdf"]["pages"] == 3
    assert run("verify", "--index", str(index)).exit_code == 0


def test_renamed_file_moves_without_extraction(
    library: Path, index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("index", str(library), "--index", str(index), "--workers", "1")
    before = listing(index)["b.pdf"]
    shutil.rmtree(index / "cache")  # a move must not even need the extraction cache
    (library / "b.pdf").rename(library / "renamed.pdf")
    fail_if_parsed(monkeypatch)
    out = pubkb_json("index", str(library), "--index", str(index), "--workers", "1")
    assert out["moved"] == 1 and out["added"] == 0
    rows = listing(index)
    assert "b.pdf" not in rows and rows["renamed.pdf"]["id"] == before["id"]
    assert rows["renamed.pdf"]["title"] == before["title"]
    assert run("verify", "--index", str(index)).exit_code == 0


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_dry_run_reports_and_changes_nothing(library: Path, index: Path, make_pdf: MakePdf) -> None:
    run("index", str(library), "--index", str(index), "--workers", "1")
    (library / "a.pdf").unlink()
    (library / "b.pdf").rename(library / "b2.pdf")
    make_pdf(
        "d.pdf",
        cover("Border Management after the Pandemic", "Hyo-won Choi", "Borders."),
        folder=library,
    )
    before = snapshot(index)
    result = run("index", str(library), "--index", str(index), "--dry-run", "--prune")
    assert result.exit_code == 0
    assert "would add" in result.stdout and "d.pdf" in result.stdout
    assert "would move" in result.stdout and "b2.pdf" in result.stdout
    assert "would prune" in result.stdout and "a.pdf" in result.stdout
    assert snapshot(index) == before
    fresh = index.parent / "never-created"
    assert run("index", str(library), "--index", str(fresh), "--dry-run").exit_code == 0
    assert not fresh.exists()


def test_prune_removes_deleted_files_and_status_lists_them_before(
    library: Path, index: Path
) -> None:
    run("index", str(library), "--index", str(index), "--workers", "1")
    gone = library / "a.pdf"
    gone.unlink()
    run("index", str(library), "--index", str(index), "--workers", "1")
    status = pubkb_json("status", "--index", str(index))
    assert status["missing"] == [str(gone.resolve())] and status["documents"] == 3
    assert run("verify", "--index", str(index)).exit_code == 1
    out = pubkb_json("index", str(library), "--index", str(index), "--prune")
    assert out["removed"] == 1
    assert set(listing(index)) == {"b.pdf", "c.PDF"}
    assert run("verify", "--index", str(index)).exit_code == 0


def test_full_rebuild_uses_cache_and_keeps_corrections(
    library: Path, index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fixes = tmp_path / "fixes.toml"
    fixes.write_text(
        f'["{library / "a.pdf"}"]\ntitle = "Corrected Title"\nyear = 2020\n'
        'chief = ["Bo Geun Chae", "Juyoung Jang"]\n'
    )
    out = pubkb_json("index", str(library), "--index", str(index), "--metadata", str(fixes))
    assert out["added"] == 3
    fail_if_parsed(monkeypatch)
    out = pubkb_json("index", str(library), "--index", str(index), "--full")
    assert out["added"] == 3 and out["failed"] == []
    row = listing(index)["a.pdf"]
    assert (row["title"], row["year"]) == ("Corrected Title", 2020)
    assert row["chief"] == ["Bo Geun Chae", "Juyoung Jang"]
    assert row["sources"]["title"] == "librarian"


def test_csv_corrections_by_hash_apply_to_unchanged_files(
    library: Path, index: Path, tmp_path: Path
) -> None:
    run("index", str(library), "--index", str(index), "--workers", "1")
    target = listing(index)["b.pdf"]
    sha = pubkb_json("show", target["id"], "--index", str(index))["sha256"]
    fixes = tmp_path / "fixes.csv"
    fixes.write_text(
        f"sha256,type,co_researchers\nsha256:{sha[:12]},Policy Brief,Min Yi Yoo; Seori Choi\n"
    )
    out = pubkb_json("index", str(library), "--index", str(index), "--metadata", str(fixes))
    assert out["updated"] == 1 and out["unchanged"] == 2
    row = listing(index)["b.pdf"]
    assert row["type"] == "Policy Brief" and row["co_researchers"] == ["Min Yi Yoo", "Seori Choi"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("[x\nbroken =", "not valid TOML"),
        ('["a.pdf"]\ncolour = "blue"\n', "unknown field 'colour'"),
        ('["a.pdf"]\nyear = "soon"\n', "is not a number"),
        ('["a.pdf"]\ntype = "Comic Book"\n', "unknown publication type"),
    ],
)
def test_broken_metadata_file_fails_clearly_and_indexing_goes_on(
    library: Path, index: Path, tmp_path: Path, content: str, reason: str
) -> None:
    fixes = tmp_path / "fixes.toml"
    fixes.write_text(content)
    result = run("index", str(library), "--index", str(index), "--metadata", str(fixes))
    assert result.exit_code == 1
    assert f"FAILED {fixes}: broken metadata file" in result.stderr and reason in result.stderr
    assert "Traceback" not in result.output
    assert len(listing(index)) == 3


def test_schema_change_asks_for_full_reindex(library: Path, index: Path) -> None:
    run("index", str(library), "--index", str(index), "--workers", "1")
    (index / "schema-version").write_text("0\n")
    result = run("list", "--index", str(index))
    assert result.exit_code == 1
    assert "re-index needed: pubkb index --full" in result.stderr
    assert run("index", str(library), "--index", str(index)).exit_code == 1
    assert run("index", str(library), "--index", str(index), "--full").exit_code == 0
    assert len(listing(index)) == 3


def test_duplicate_content_is_skipped_not_failed(library: Path, index: Path) -> None:
    shutil.copy(library / "a.pdf", library / "copy-of-a.pdf")
    result = run("index", str(library), "--index", str(index), "--workers", "1")
    assert result.exit_code == 0
    assert "copy-of-a.pdf" in result.stderr and "same content as" in result.stderr
    assert len(listing(index)) == 3


def test_index_folder_comes_from_environment(
    library: Path, index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PUBKB_INDEX", str(index))
    assert run("index", str(library), "--workers", "1").exit_code == 0
    assert (index / "schema-version").exists()
    assert len(pubkb_json("list")) == 3


def test_remove_by_id_and_path(library: Path, index: Path) -> None:
    run("index", str(library), "--index", str(index), "--workers", "1")
    rows = listing(index)
    result = run(
        "remove", rows["a.pdf"]["id"], str(library / "b.pdf"), "nonsense", "--index", str(index)
    )
    assert result.exit_code == 1 and "nonsense: no such publication" in result.stderr
    assert set(listing(index)) == {"c.PDF"}
    assert run("verify", "--index", str(index)).exit_code == 0


def test_show_gives_summary_contents_and_sources(library: Path, index: Path) -> None:
    run("index", str(library), "--index", str(index), "--workers", "1")
    rid = listing(index)["a.pdf"]["id"]
    shown = pubkb_json("show", rid[:6], "--index", str(index))
    assert shown["id"] == rid and shown["page_count"] == 2
    assert {"summary", "contents", "sources", "sha256"} <= set(shown)
    text = run("show", str(library / "a.pdf"), "--index", str(index))
    assert text.exit_code == 0 and rid in text.stdout


def test_workers_pool_gives_same_records_as_single_process(library: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    run("index", str(library), "--index", str(one), "--workers", "1")
    run("index", str(library), "--index", str(two), "--workers", "2")
    strip = {"indexed_at"}

    def rows(ix: Path) -> list[dict[str, Any]]:
        return [
            {k: v for k, v in r.items() if k not in strip}
            for r in pubkb_json("list", "--index", str(ix))
        ]

    assert rows(one) == rows(two)
