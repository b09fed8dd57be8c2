"""The state kept beside the index: the last run, with its rows, and the remembered failures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indexer.ingest import state
from indexer.ingest.state import (
    Duplicate,
    Failure,
    IndexState,
    RunFailure,
    RunSummary,
    RunWarning,
)
from indexer.paths import STATE_FILE


def a_run() -> RunSummary:
    return RunSummary(
        started="2021-06-01T09:00:00Z",
        finished="2021-06-01T09:05:00Z",
        added=3,
        updated=1,
        moved=2,
        unchanged=40,
        removed=1,
        failed=[RunFailure("/r/broken.pdf", "corrupt or truncated PDF")],
        duplicates=[Duplicate("/r/copy.pdf", "same content as /r/a.pdf")],
        warnings=[RunWarning("/r/scan.pdf", "no text layer, and OCR is unavailable")],
        completed=True,
    )


def test_nothing_recorded_yet(tmp_path: Path) -> None:
    assert state.load(tmp_path) == IndexState(last_run=None, failures={})
    assert state.load(tmp_path / "no-such-folder") == IndexState()


def test_saved_state_loads_back_with_typed_rows(tmp_path: Path) -> None:
    saved = IndexState(
        last_run=a_run(),
        failures={"/r/broken.pdf": Failure("/r/broken.pdf", "corrupt", 120, 7, "2021-06-01")},
    )
    state.save(tmp_path, saved)
    loaded = state.load(tmp_path)
    assert loaded == saved
    assert loaded.last_run is not None
    assert loaded.last_run.failed == [RunFailure("/r/broken.pdf", "corrupt or truncated PDF")]
    assert isinstance(loaded.last_run.duplicates[0], Duplicate)
    assert isinstance(loaded.last_run.warnings[0], RunWarning)


def test_the_state_file_keeps_its_json_shape(tmp_path: Path) -> None:
    failure = Failure("/r/broken.pdf", "corrupt", size=120, mtime_ns=7, at="2021-06-01T09:01:00Z")
    state.save(tmp_path, IndexState(last_run=a_run(), failures={"/r/broken.pdf": failure}))
    text = (tmp_path / STATE_FILE).read_text(encoding="utf-8")
    expected = {
        "last_run": {
            "started": "2021-06-01T09:00:00Z",
            "finished": "2021-06-01T09:05:00Z",
            "added": 3,
            "updated": 1,
            "moved": 2,
            "unchanged": 40,
            "removed": 1,
            "failed": [{"path": "/r/broken.pdf", "reason": "corrupt or truncated PDF"}],
            "duplicates": [{"path": "/r/copy.pdf", "note": "same content as /r/a.pdf"}],
            "warnings": [
                {"path": "/r/scan.pdf", "warning": "no text layer, and OCR is unavailable"}
            ],
            "completed": True,
        },
        "failures": {
            "/r/broken.pdf": {
                "path": "/r/broken.pdf",
                "reason": "corrupt",
                "size": 120,
                "mtime_ns": 7,
                "at": "2021-06-01T09:01:00Z",
            }
        },
    }
    assert json.loads(text) == expected
    assert text == json.dumps(expected, indent=1, ensure_ascii=False)


def test_a_run_as_pubkb_index_and_pubkb_status_print_it() -> None:
    run = a_run()
    counts = [("added", 3), ("updated", 1), ("moved", 2), ("unchanged", 40), ("removed", 1)]
    rows = [
        ("failed", [{"path": "/r/broken.pdf", "reason": "corrupt or truncated PDF"}]),
        ("duplicates", [{"path": "/r/copy.pdf", "note": "same content as /r/a.pdf"}]),
        ("warnings", [{"path": "/r/scan.pdf", "warning": "no text layer, and OCR is unavailable"}]),
    ]
    assert list(run.counts().items()) == counts
    assert list(run.result_json().items()) == [*counts, *rows]
    assert list(run.to_json().items()) == [
        ("started", "2021-06-01T09:00:00Z"),
        ("finished", "2021-06-01T09:05:00Z"),
        *counts,
        *rows,
        ("completed", True),
    ]
    assert RunSummary().result_json() == {
        "added": 0,
        "updated": 0,
        "moved": 0,
        "unchanged": 0,
        "removed": 0,
        "failed": [],
        "duplicates": [],
        "warnings": [],
    }


def test_a_state_file_without_rows_or_failures(tmp_path: Path) -> None:
    (tmp_path / STATE_FILE).write_text('{"last_run": {"added": 2, "completed": false}}')
    assert state.load(tmp_path) == IndexState(last_run=RunSummary(added=2), failures={})
    (tmp_path / STATE_FILE).write_text('{"last_run": null, "failures": {}}')
    assert state.load(tmp_path) == IndexState()


@pytest.mark.parametrize(
    "content",
    [
        "",
        "{not json",
        '{"last_run": "yesterday"}',
        '{"last_run": {"added": 1, "colour": "blue"}}',
        '{"last_run": {"failed": [{"path": "/r/a.pdf"}]}}',
        '{"last_run": {"warnings": ["a string, not a row"]}}',
        '{"failures": {"/r/a.pdf": {"path": "/r/a.pdf"}}}',
        '{"failures": ["/r/a.pdf"]}',
        "[]",
        b"\xff\xfe",
    ],
)
def test_a_damaged_state_file_only_loses_history(tmp_path: Path, content: str | bytes) -> None:
    path = tmp_path / STATE_FILE
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    assert state.load(tmp_path) == IndexState()
