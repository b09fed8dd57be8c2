"""The library page under AppTest: counts, last run, failures and missing files; read-only."""

from __future__ import annotations

from pathlib import Path

from indexer.ingest.run import run_index
from indexer.ingest.worker import IndexOptions
from indexer.model import Metadata, PubRecord
from indexer.store.index import IndexReader, open_writer
from search_app.text import md, plain
from tests.conftest import MakePdf, load_catalog
from tests.search_app.apptest import RunApp, has_text

LIBRARY = "pages_/library.py"


def table(at: object, first_column: str) -> dict[str, object]:
    for frame in at.dataframe:  # type: ignore[attr-defined]
        data = frame.value
        if data.columns[0] == first_column:
            return dict(zip(data.iloc[:, 0], data.iloc[:, 1], strict=True))
    raise AssertionError(f"no table starting with {first_column}")


def test_counts_by_type_and_year_are_the_catalogs(run_app: RunApp) -> None:
    at = run_app({}, page=LIBRARY)
    catalog = load_catalog()
    by_type: dict[str, int] = {}
    by_year: dict[str, int] = {}
    for p in catalog:
        by_type[str(p["type"])] = by_type.get(str(p["type"]), 0) + 1
        by_year[str(p["year"])] = by_year.get(str(p["year"]), 0) + 1
    assert table(at, "Type") == by_type
    assert table(at, "Year") == by_year
    assert at.metric[0].value == str(len(catalog))
    run = table(at, "")
    assert run["Added"] == str(len(catalog)) and run["Completed"] == "True"
    assert has_text(at, "No file failed.") and has_text(at, "Every indexed file is where it was.")
    # Read-only: nothing on the page changes the index.
    assert not at.button and not at.get("download_button")


def test_failures_with_reasons_and_missing_files(
    run_app: RunApp, make_pdf: MakePdf, tmp_path: Path
) -> None:
    folder = tmp_path / "pdfs"
    folder.mkdir()
    for name in ("stays.pdf", "leaves.pdf"):
        make_pdf(name, [[("Issue Brief 2021-60", 12), (f"About {name}", 22)]], folder=folder)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\nthis is not really a PDF\n")
    index = tmp_path / "ix"
    run_index([str(folder)], index, IndexOptions(workers=1))
    (folder / "leaves.pdf").unlink()
    at = run_app({}, page=LIBRARY, index=index)
    failures = table(at, "Path")
    broken = str(folder / "broken.pdf")
    assert failures.get(broken)
    assert at.metric[2].value == "1" and at.metric[3].value == "1"
    missing = next(f.value for f in at.dataframe if list(f.value.columns) == ["Path"])
    assert list(missing["Path"]) == [str(folder / "leaves.pdf")]


def review_rows(at: object) -> list[dict[str, str]]:
    for frame in at.dataframe:  # type: ignore[attr-defined]
        if list(frame.value.columns)[:2] == ["Publication", "ID"]:
            return list(frame.value.to_dict("records"))
    raise AssertionError("no review table")


def test_review_queue_lists_weak_fields_with_the_line_that_fixes_them(
    run_app: RunApp, make_pdf: MakePdf, tmp_path: Path
) -> None:
    folder = tmp_path / "pdfs"
    make_pdf(
        "bare.pdf", [[("Notes on Seasonal Farm Work", 20)], ["Workers return."]], folder=folder
    )
    index = tmp_path / "ix"
    run_index([str(folder)], index, IndexOptions(workers=1))
    (pid,) = [r.id for r in IndexReader(index).records()]
    at = run_app({}, page=LIBRARY, index=index)
    rows = review_rows(at)
    # Only a title on the page: no year but the PDF's date, no researcher, no organisation.
    assert [(r["Publication"], r["ID"], r["Field"]) for r in rows] == [
        ("Notes on Seasonal Farm Work", pid, "year"),
        ("Notes on Seasonal Farm Work", pid, "chief"),
    ]
    assert rows[1]["Fix"].startswith(f"pubkb edit {pid} --chief NAME")
    # The fix lines name the index the app was pointed at, so each runs as shown.
    assert all(r["Fix"].endswith(f"--index {index}") for r in rows)
    assert at.code[0].value.splitlines() == [r["Fix"] for r in rows]
    assert not has_text(at, "No publication has confidence scores yet")
    assert not at.button


def test_review_queue_escapes_text_from_pdfs(run_app: RunApp, tmp_path: Path) -> None:
    title = "**Loud** [link](http://x) $x$ :red[y]"
    warning = "two <b>titles</b> on the cover"
    meta = Metadata(title, year=2020, confidence={"year": 0.2}, warnings=[warning])
    index = tmp_path / "ix"
    with open_writer(index) as writer:
        sha = "ab" * 32
        writer.batch().put(PubRecord(sha[:16], "/r/a.pdf", sha, 1, 0, 1, meta), ["Text."])
    at = run_app({}, page=LIBRARY, index=index)
    assert review_rows(at)[0]["Publication"] == title  # table cells show text as it is
    shown = [w.value for w in at.warning]
    assert shown == [md(title) + ": " + md(warning)]
    assert plain(shown[0]) == f"{title}: {warning}"
    assert not has_text(at, "No publication has confidence scores yet")
