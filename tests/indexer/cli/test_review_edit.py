"""`pubkb review` and `pubkb edit` through the CLI: the queue, corrections, resets, bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from indexer.cli.options import cli
from indexer.ingest import worker
from indexer.model import Candidate, Extraction, Metadata, PubRecord
from indexer.paths import CACHE_SUBDIR, OVERRIDES_FILE
from indexer.store.index import open_writer
from tests.conftest import MakePdf

GOOD_TITLE = "Refugee Resettlement in Local Communities"
WEAK_TITLE = "Notes on Seasonal Farm Work"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def pubkb_json(*args: str) -> Any:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def fail_if_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: Any, **kwargs: Any) -> Extraction:
        raise AssertionError("a PDF was parsed")

    monkeypatch.setattr(worker, "extract_pdf", boom)


@pytest.fixture
def docs(make_pdf: MakePdf, tmp_path: Path) -> Path:
    """A complete cover, and a bare one: a title only, no year, no researcher, no organisation."""
    folder = tmp_path / "docs"
    make_pdf(
        "good.pdf",
        [
            [
                ("Migration Research & Training Centre", 10),
                ("Issue Brief 2021-01", 12),
                (GOOD_TITLE, 20),
                ("Chief Researcher Bo Geun Chae", 11),
                ("2021", 11),
            ],
            ["Resettled refugees need local support."],
        ],
        folder=folder,
    )
    make_pdf(
        "weak.pdf",
        [[(WEAK_TITLE, 20)], ["Seasonal workers come back each spring."]],
        folder=folder,
    )
    return folder


@pytest.fixture
def index(docs: Path, tmp_path: Path) -> Path:
    root = tmp_path / "ix"
    result = run("index", str(docs), "--index", str(root), "--workers", "1")
    assert result.exit_code == 0, result.output
    return root


def ids(index: Path) -> dict[str, str]:
    """File name -> publication id."""
    return {Path(r["path"]).name: r["id"] for r in pubkb_json("list", "--index", str(index))}


def show(index: Path, ref: str) -> dict[str, Any]:
    return pubkb_json("show", ref, "--index", str(index))  # type: ignore[no-any-return]


# ---------------------------------------------------------------- review without confidences


def test_review_lists_missing_and_guessed_fields(index: Path) -> None:
    weak = ids(index)["weak.pdf"]
    queue = pubkb_json("review", "--index", str(index))
    assert queue["scored"] is True and queue["note"] == "" and queue["checked"] == 2
    assert [p["id"] for p in queue["publications"]] == [weak]
    fields = {f["field"]: f for f in queue["publications"][0]["fields"]}
    assert set(fields) == {"year", "chief"}
    # No year on the pages: the PDF's creation date is only a candidate, never the value.
    assert fields["year"]["value"] == "" and fields["year"]["reason"] == "missing"
    assert [c["source"] for c in fields["year"]["candidates"]] == ["info"]
    info_year = fields["year"]["candidates"][0]["value"]
    assert fields["year"]["fix"] == f"pubkb edit {weak} --year {info_year} --index {index}"
    assert fields["chief"]["value"] == "" and "missing" in fields["chief"]["reason"]
    assert fields["chief"]["fix"].startswith(f"pubkb edit {weak} --chief NAME")

    text = run("review", "--index", str(index))
    assert text.exit_code == 0
    lines = text.stdout.splitlines()
    assert f"{weak}  {WEAK_TITLE}" in lines and GOOD_TITLE not in text.stdout
    assert lines[-1] == "1 of 2 publication(s) to review, 2 field(s)"


def test_review_of_records_without_confidences_says_so(tmp_path: Path) -> None:
    # Records indexed before detection scored its fields carry no confidence at all.
    root = tmp_path / "ix"
    store(root, [record("01d", Metadata("Old Record", year=2019, sources={"year": "info"}))])
    queue = pubkb_json("review", "--index", str(root))
    assert queue["scored"] is False and "No publication has confidence scores" in queue["note"]
    (item,) = queue["publications"]
    assert [(f["field"], f["reason"]) for f in item["fields"]] == [
        ("year", "taken from the PDF's document properties"),
        ("chief", "missing (no researcher and no organisation)"),
    ]


# ---------------------------------------------------------------- edit


def test_edit_applies_at_once_without_parsing_and_survives_full(
    index: Path, docs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    weak = ids(index)["weak.pdf"]
    fail_if_parsed(monkeypatch)
    result = run(
        "edit", weak[:8], "--index", str(index), "--year", "2019", "--type", "issue briefs",
        "--chief", "Seori Choi", "--co", "Min Yi Yoo; Hyonmin Park", "--organisation", "MRTC",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"{weak} year = 2019 (librarian)" in result.stdout.splitlines()
    wanted = {
        "year": 2019,
        "type": "Issue Brief",
        "chief": ["Seori Choi"],
        "co_researchers": ["Min Yi Yoo", "Hyonmin Park"],
        "organisation": "MRTC",
    }

    def check(record: dict[str, Any]) -> None:
        assert {k: record[k] for k in wanted} == wanted
        assert record["title"] == WEAK_TITLE  # untouched fields keep their detected value
        assert {k: record["sources"][k] for k in wanted} == dict.fromkeys(wanted, "librarian")

    check(show(index, weak))
    # Nothing is left to review on it: every weak field now has the librarian as its source.
    assert pubkb_json("review", "--index", str(index))["publications"] == []
    # A plain run sees the correction already applied and leaves the record alone.
    again = pubkb_json("index", str(docs), "--index", str(index))
    assert again["updated"] == 0 and again["unchanged"] == 2
    rebuilt = pubkb_json("index", str(docs), "--index", str(index), "--full")
    assert rebuilt["added"] == 2 and rebuilt["failed"] == []
    check(show(index, weak))


def test_edit_by_path_wins_over_an_earlier_metadata_file(
    index: Path, docs: Path, tmp_path: Path
) -> None:
    good = docs / "good.pdf"
    fixes = tmp_path / "fixes.toml"
    fixes.write_text(f'["{good}"]\ntitle = "From the File"\nnumber = "2021-99"\n')
    run("index", str(docs), "--index", str(index), "--metadata", str(fixes))
    assert show(index, str(good))["title"] == "From the File"
    assert run("edit", str(good), "--index", str(index), "--title", "From Edit").exit_code == 0
    for _ in range(2):
        record = show(index, str(good))
        assert (record["title"], record["number"]) == ("From Edit", "2021-99")
        assert record["sources"]["title"] == record["sources"]["number"] == "librarian"
        run("index", str(docs), "--index", str(index), "--full")


def test_reset_brings_back_the_detected_value(index: Path, docs: Path) -> None:
    weak = ids(index)["weak.pdf"]
    detected = show(index, weak)
    run("edit", weak, "--index", str(index), "--year", "2019", "--title", "Other Title")
    result = run("edit", weak, "--index", str(index), "--reset", "year", "--json")
    assert json.loads(result.stdout)["reset"] == ["year"]
    record = show(index, weak)
    assert record.get("year") == detected.get("year")
    assert record["sources"].get("year") == detected["sources"].get("year")
    assert (record["title"], record["sources"]["title"]) == ("Other Title", "librarian")
    assert "year" not in (index / OVERRIDES_FILE).read_text()
    # Resetting a field with no correction says so and changes nothing.
    result = run("edit", weak, "--index", str(index), "--reset", "co")
    assert result.exit_code == 0 and "had no correction" in result.stderr


def test_reset_without_cached_extraction_waits_for_the_next_run(index: Path, docs: Path) -> None:
    weak = ids(index)["weak.pdf"]
    detected = show(index, weak)["year"]
    run("edit", weak, "--index", str(index), "--year", "2019")
    shutil.rmtree(index / CACHE_SUBDIR)
    result = run("edit", weak, "--index", str(index), "--reset", "year")
    assert result.exit_code == 0 and "next `pubkb index`" in result.stdout
    assert show(index, weak)["year"] == 2019
    assert pubkb_json("index", str(docs), "--index", str(index))["updated"] == 1
    assert show(index, weak)["year"] == detected


def _untouched(index: Path) -> tuple[str, list[dict[str, Any]]]:
    overrides = index / OVERRIDES_FILE
    text = overrides.read_text() if overrides.exists() else ""
    return text, pubkb_json("list", "--index", str(index))


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--year", "21"], "--year"),
        (["--year", "1850"], "--year"),
        (["--year", "twenty"], "--year"),
        (["--year", "20215"], "--year"),
        (["--title", "  "], "--title"),
        (["--type", "Novel"], "--type"),
        (["--language", "fr"], "--language"),
        (["--reset", "colour"], "--reset"),
        (["--year", "2020", "--reset", "year"], "--reset"),
        ([], "nothing to change"),
    ],
)
def test_bad_values_are_one_line_usage_errors_and_write_nothing(
    index: Path, args: list[str], named: str
) -> None:
    weak = ids(index)["weak.pdf"]
    before = _untouched(index)
    result = run("edit", weak, "--index", str(index), *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"pubkb: {named}") and result.stderr.count("\n") == 1
    assert _untouched(index) == before


@pytest.mark.parametrize("ref", ["0123456789abcdef", "no/such/file.pdf"])
def test_unknown_publication_is_a_usage_error(index: Path, ref: str) -> None:
    before = _untouched(index)
    result = run("edit", ref, "--index", str(index), "--year", "2020")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"pubkb: ID {ref}: no such publication")
    assert result.stderr.count("\n") == 1
    assert _untouched(index) == before


def record(pid: str, meta: Metadata) -> PubRecord:
    """A publication record built by hand, as detection with confidences will store it."""
    sha = pid.ljust(64, "0")
    return PubRecord(pid, f"/reports/{pid}.pdf", sha, 100, 0, 1, meta)


def store(root: Path, records: list[PubRecord]) -> None:
    with open_writer(root) as writer:
        for rec in records:
            writer.batch().put(rec, ["A page of text."])


def test_an_id_prefix_of_two_publications_is_a_usage_error(tmp_path: Path) -> None:
    root = tmp_path / "ix"
    store(root, [record(f"abcd00000000000{n}", Metadata(f"Number {n}")) for n in (1, 2)])
    result = run("edit", "abcd", "--index", str(root), "--year", "2020")
    assert result.exit_code == 2
    assert result.stderr == "pubkb: ID abcd: ambiguous id prefix (2 publications match)\n"
    assert not (root / OVERRIDES_FILE).exists()


# ---------------------------------------------------------------- review with confidences


def test_review_weighs_confidence_candidates_and_warnings(tmp_path: Path) -> None:
    root = tmp_path / "ix"
    sure = dict.fromkeys(
        ("title", "type", "year", "chief", "co_researchers", "organisation", "series", "number"),
        0.9,
    )
    low_year = Metadata("Low Year", year=2020, confidence={**sure, "year": 0.3})
    close = [Candidate("Ana Lee", 0.62, "cover"), Candidate("Lee Ana", 0.58, "info")]
    conflict = Metadata(
        "Close Names", chief=["Ana Lee"], confidence=sure, candidates={"chief": close}
    )
    unknown = Metadata(
        "Guessed Year",
        year=2001,
        sources={"year": "info"},
        confidence={k: v for k, v in sure.items() if k != "year"},
    )
    warned = Metadata("Warned", confidence=sure, warnings=["two title blocks on the cover"])
    settled = Metadata(
        "Settled", year=2019, confidence={**sure, "year": 0.1}, sources={"year": "librarian"}
    )
    fine = Metadata("Fine", confidence=sure)
    records = [
        record(f"{n:016x}", m)
        for n, m in enumerate([low_year, conflict, unknown, warned, settled, fine], start=1)
    ]
    store(root, records)
    queue = pubkb_json("review", "--index", str(root))
    assert queue["scored"] is True and queue["note"] == "" and queue["checked"] == 6
    got = {p["title"]: p for p in queue["publications"]}
    assert set(got) == {"Low Year", "Close Names", "Guessed Year", "Warned"}
    year = got["Low Year"]["fields"]
    assert [(f["field"], f["confidence"], f["value"]) for f in year] == [("year", 0.3, "2020")]
    assert year[0]["fix"] == f"pubkb edit {records[0].id} --year 2020 --index {root}"
    chief = got["Close Names"]["fields"][0]
    assert chief["field"] == "chief" and "Lee Ana" in chief["reason"]
    assert chief["candidates"] == [
        {"value": "Ana Lee", "score": 0.62, "source": "cover"},
        {"value": "Lee Ana", "score": 0.58, "source": "info"},
    ]
    # A field detection did not score is judged by where it came from.
    assert [f["field"] for f in got["Guessed Year"]["fields"]] == ["year"]
    assert got["Guessed Year"]["fields"][0]["confidence"] is None
    assert got["Warned"]["warnings"] == ["two title blocks on the cover"]
    # The lowest confidence comes first.
    assert queue["publications"][0]["title"] == "Low Year"
    # A lower threshold lets the 0.3 year pass; the conflict stays whatever the threshold.
    lower = pubkb_json("review", "--index", str(root), "--below", "0.2")
    assert {p["title"] for p in lower["publications"]} == {"Close Names", "Guessed Year", "Warned"}
    text = run("review", "--index", str(root)).stdout
    assert "candidates: 'Ana Lee' 0.62 cover; 'Lee Ana' 0.58 info" in text
    assert "warning: two title blocks on the cover" in text


# ---------------------------------------------------------------- help


def test_help_shows_both_verbs_and_every_option() -> None:
    top = run("--help").stdout
    assert " review " in top and " edit " in top
    for verb in ("review", "edit"):
        command = cli.commands[verb]  # type: ignore[attr-defined]
        for param in command.params:
            if param.param_type_name == "option" and param.name != "help":
                assert param.help, f"{verb} {param.opts[0]} has no help"
        assert run(verb, "--help").exit_code == 0
    assert "--json" in run("review", "--help").stdout
