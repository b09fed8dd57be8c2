"""Librarian corrections: read from CSV and TOML, matched to files, applied, and remembered."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.errors import PubkbError
from indexer.ingest import corrections
from indexer.ingest.corrections import Corrections, MetadataFileError
from indexer.model import SOURCE_LIBRARIAN, ContentsEntry, Metadata
from indexer.paths import OVERRIDES_FILE

TOML = """
["docs/a.pdf"]
title = "  Refugees in Korea  "
type = "issue briefs"
year = "2019"
chief = ["Bo Geun Chae", " ", "Min Yi Yoo"]
co_researchers = "Seori Choi; ; Hyonmin Park"
contents = [{heading = "Introduction", page = 1}, {heading = "Annex"}]

["sha256:ABCDEF0123"]
language = "ko"

["0123456789abcdef"]
number = "2021-02"
"""


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Paths in a corrections file are relative to where pubkb runs: run it in tmp_path."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_toml_entries_by_path_and_by_hash_are_cleaned(here: Path) -> None:
    read = corrections.read_metadata_file(write(here, "fixes.toml", TOML))
    assert read.entries == {
        str((here / "docs" / "a.pdf").resolve()): {
            "title": "Refugees in Korea",
            "type": "Issue Brief",
            "year": 2019,
            "chief": ["Bo Geun Chae", "Min Yi Yoo"],
            "co_researchers": ["Seori Choi", "Hyonmin Park"],
            "contents": [
                {"heading": "Introduction", "page": 1},
                {"heading": "Annex"},
            ],
        },
        "sha256:abcdef0123": {"language": "ko"},
        "sha256:0123456789abcdef": {"number": "2021-02"},
    }
    # Remembered in the index folder and read back unchanged (TOML has no null page).
    remembered = here / "ix"
    remembered.mkdir()
    corrections.save(remembered, read)
    assert corrections.load(remembered).entries == read.entries


def test_csv_with_bom_loose_headers_and_empty_cells(here: Path) -> None:
    text = (
        "\ufeff Path ,Title,YEAR,Chief,Summary\n"
        "docs/a.pdf,New title,2020,Bo Geun Chae; Min Yi Yoo,\n"
        'docs/b.pdf,"Refugees, resettled",,,A short summary.\n'
    )
    read = corrections.read_metadata_file(write(here, "fixes.csv", text))
    assert read.entries == {
        str((here / "docs" / "a.pdf").resolve()): {
            "title": "New title",
            "year": 2020,
            "chief": ["Bo Geun Chae", "Min Yi Yoo"],
        },
        str((here / "docs" / "b.pdf").resolve()): {
            "title": "Refugees, resettled",
            "summary": "A short summary.",
        },
    }


def test_csv_keyed_by_hash(here: Path) -> None:
    text = "hash,type\nsha256:00ff00ff,Working Paper\n"
    read = corrections.read_metadata_file(write(here, "fixes.CSV", text))
    assert read.entries == {"sha256:00ff00ff": {"type": "Working Paper"}}


BAD_TOML = [
    ("[x\nbroken =", "not valid TOML: "),
    ('title = "no table"\n', "every top-level entry must be a table named by file path or hash"),
    ('["a.pdf"]\ncolour = "blue"\n', "entry 'a.pdf': unknown field 'colour' (known: title, "),
    ('["a.pdf"]\nyear = "soon"\n', "entry 'a.pdf': year 'soon' is not a number"),
    ('["a.pdf"]\nyear = 3000\n', "entry 'a.pdf': year 3000 is out of range"),
    ('["a.pdf"]\ntype = "Comic Book"\n', "entry 'a.pdf': unknown publication type 'Comic Book'"),
    ('["a.pdf"]\ncontents = "Introduction"\n', "entry 'a.pdf': contents must be a list"),
    ('["a.pdf"]\ncontents = [{page = 1}]\n', "entry 'a.pdf': each contents entry needs a heading"),
    (
        '["a.pdf"]\ncontents = [{heading = "Intro", page = "one"}]\n',
        "entry 'a.pdf': contents page 'one' is not a number",
    ),
    ('["sha256:abc"]\ntitle = "x"\n', "hash key 'sha256:abc' is too short"),
]
BAD_CSV = [
    ("title,year\nA title,2020\n", "CSV needs a key column: one of path, file, sha256, hash"),
    ("path,title\n,A title\n", "line 2: empty path"),
    ("path,title\na.pdf,Refugees, resettled\n", "line 2: more values than columns"),
    ("path,colour\na.pdf,blue\n", "entry 'a.pdf': unknown field 'colour'"),
    (b"path,title\na.pdf,\xff\xfe\n", "cannot read: "),
]


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [("fixes.toml", c, p) for c, p in BAD_TOML] + [("fixes.csv", c, p) for c, p in BAD_CSV],
)
def test_a_broken_file_is_one_line_naming_it(
    here: Path, name: str, content: str | bytes, problem: str
) -> None:
    path = write(here, name, content)
    with pytest.raises(MetadataFileError) as caught:
        corrections.read_metadata_file(path)
    error = caught.value
    assert isinstance(error, PubkbError)
    assert str(error).startswith(f"{path}: {problem}")
    assert error.problem.startswith(problem)
    assert "\n" not in str(error)


def test_a_missing_file_is_one_line_naming_it(here: Path) -> None:
    path = here / "nowhere.toml"
    with pytest.raises(MetadataFileError) as caught:
        corrections.read_metadata_file(path)
    assert str(caught.value).startswith(f"{path}: cannot read: ")
    assert "\n" not in str(caught.value)


def test_path_key_wins_over_hash_key() -> None:
    ovr = Corrections(
        {
            "sha256:abcd1234": {"title": "By hash", "year": 2000},
            "/reports/a.pdf": {"title": "By path"},
        }
    )
    sha = "abcd1234" + "f" * 56
    assert ovr.for_file(Path("/reports/a.pdf"), sha) == {"title": "By path", "year": 2000}
    assert ovr.for_file(Path("/reports/a.pdf"), "f" * 64) == {"title": "By path"}
    assert ovr.for_file(Path("/reports/b.pdf"), sha) == {"title": "By hash", "year": 2000}
    assert ovr.for_file(Path("/reports/b.pdf"), "f" * 64) == {}


def test_merge_and_a_moved_file_keep_every_value() -> None:
    ovr = Corrections({"/r/a.pdf": {"title": "Old", "year": 2019}})
    ovr.merge(Corrections({"/r/a.pdf": {"title": "New"}, "/r/b.pdf": {"number": "7"}}))
    assert ovr.entries == {
        "/r/a.pdf": {"title": "New", "year": 2019},
        "/r/b.pdf": {"number": "7"},
    }
    ovr.rekey_path("/r/a.pdf", "/r/b.pdf")
    assert ovr.entries == {"/r/b.pdf": {"number": "7", "title": "New", "year": 2019}}
    ovr.rekey_path("/r/gone.pdf", "/r/c.pdf")
    assert list(ovr.entries) == ["/r/b.pdf"]


def test_fingerprint_follows_the_values_not_their_order() -> None:
    assert corrections.fingerprint({}) == ""
    one = corrections.fingerprint({"title": "A", "year": 2020})
    assert one == corrections.fingerprint({"year": 2020, "title": "A"})
    assert one != corrections.fingerprint({"title": "A", "year": 2021})
    assert len(one) == 16 and all(c in "0123456789abcdef" for c in one)


def test_apply_sets_fields_and_their_source() -> None:
    meta = Metadata(title="From the cover", sources={"title": "cover", "year": "text"}, year=2018)
    values = {
        "title": "Corrected",
        "chief": ["Min Yi Yoo"],
        "contents": [{"heading": "Introduction", "page": 3}],
    }
    assert corrections.apply(meta, values) is meta
    assert meta.title == "Corrected" and meta.chief == ["Min Yi Yoo"] and meta.year == 2018
    assert meta.contents == [ContentsEntry("Introduction", 3)]
    assert meta.sources == {
        "title": SOURCE_LIBRARIAN,
        "year": "text",
        "chief": SOURCE_LIBRARIAN,
        "contents": SOURCE_LIBRARIAN,
    }


def test_remembered_in_the_index_folder(tmp_path: Path) -> None:
    assert corrections.load(tmp_path) == Corrections()
    ovr = Corrections(
        {
            "/r/a.pdf": {"title": "Ünïcode title", "year": 2020, "chief": ["A", "B"]},
            "sha256:abcdef01": {"contents": [{"heading": "Intro", "page": 2}]},
        }
    )
    corrections.save(tmp_path, ovr)
    assert (tmp_path / OVERRIDES_FILE).is_file()
    assert corrections.load(tmp_path) == ovr


def test_unreadable_remembered_corrections_name_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, OVERRIDES_FILE, '["/r/a.pdf"\ntitle = "x"\n')
    with pytest.raises(PubkbError) as caught:
        corrections.load(tmp_path)
    message = str(caught.value)
    assert message.startswith(f"{path}: remembered corrections are unreadable: ")
    assert "\n" not in message
