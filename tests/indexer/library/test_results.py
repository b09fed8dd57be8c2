"""Typed library results give exactly the JSON of `pubkb list`, `show`, `status` and `verify`."""

from __future__ import annotations

import json
from typing import Any

from indexer.ingest.state import Duplicate, Failure, RunFailure, RunSummary
from indexer.library.results import (
    IndexStatus,
    PublicationDetail,
    PublicationSummary,
    VerifyReport,
)
from indexer.model import ContentsEntry, Metadata, PubRecord


def a_record() -> PubRecord:
    return PubRecord(
        id="4d0769247cced909",
        path="/reports/issue-brief-2021-02.pdf",
        sha256="4d0769247cced909" + "a" * 48,
        size=52311,
        mtime_ns=1_600_000_000_000_000_000,
        pages=4,
        meta=Metadata(
            title="Vaccination of Undocumented Foreigners",
            type="Issue Brief",
            series="Issue Brief",
            number="2021-02",
            year=2021,
            chief=["Hyonmin Park"],
            co_researchers=["Seori Choi", "Hyonmin Park"],
            organisation="Migration Research & Training Centre",
            summary="Vaccines should reach everyone.",
            contents=[ContentsEntry("Introduction", 1), ContentsEntry("Annex", None)],
            language="en",
            sources={"title": "cover", "year": "text"},
        ),
        has_text_layer=True,
        indexed_at="2021-06-01T09:00:00Z",
        override_key="",
        flags=["ocr"],
        ocr_pages=[3, 4],
        page_languages=["en", "en", "ko", ""],
    )


SUMMARY: dict[str, Any] = {
    "id": "4d0769247cced909",
    "path": "/reports/issue-brief-2021-02.pdf",
    "title": "Vaccination of Undocumented Foreigners",
    "type": "Issue Brief",
    "series": "Issue Brief",
    "number": "2021-02",
    "year": 2021,
    "chief": ["Hyonmin Park"],
    "co_researchers": ["Seori Choi", "Hyonmin Park"],
    "researchers": ["Hyonmin Park", "Seori Choi"],
    "organisation": "Migration Research & Training Centre",
    "pages": 4,
    "language": "en",
    "flags": ["ocr"],
    "ocr_pages": [3, 4],
    "sources": {"title": "cover", "year": "text"},
}
DETAIL: dict[str, Any] = {
    **SUMMARY,
    "summary": "Vaccines should reach everyone.",
    "contents": [{"heading": "Introduction", "page": 1}, {"heading": "Annex", "page": None}],
    "page_count": 4,
    "page_languages": ["en", "en", "ko", ""],
    "sha256": "4d0769247cced909" + "a" * 48,
    "size": 52311,
    "indexed_at": "2021-06-01T09:00:00Z",
}


def same_json(got: Any, expected: Any) -> bool:
    """Equal, and in the same key order: what `--json` prints, byte for byte."""
    return json.dumps(got, indent=2, ensure_ascii=False) == json.dumps(
        expected, indent=2, ensure_ascii=False
    )


def test_summary_json() -> None:
    summary = PublicationSummary.of(a_record())
    assert summary.researchers == ["Hyonmin Park", "Seori Choi"]
    assert same_json(summary.to_json(), SUMMARY)


def test_detail_json_is_the_summary_and_more() -> None:
    detail = PublicationDetail.of(a_record())
    assert isinstance(detail, PublicationSummary)
    assert detail.contents == [ContentsEntry("Introduction", 1), ContentsEntry("Annex", None)]
    assert same_json(detail.to_json(), DETAIL)


def test_json_forms_are_copies() -> None:
    rec = a_record()
    detail = PublicationDetail.of(rec)
    out = detail.to_json()
    out["flags"].append("changed")
    out["sources"]["title"] = "changed"
    out["contents"][0]["heading"] = "changed"
    assert detail.to_json() == DETAIL
    detail.chief.append("Someone Else")
    assert rec.meta.chief == ["Hyonmin Park"]


def test_status_json() -> None:
    status = IndexStatus(
        index="/ix",
        schema_version=6,
        documents=2,
        pages=12,
        by_type={"Issue Brief": 1, "Research Report": 1},
        by_year={"2020": 1, "2021": 1},
        no_text_layer=["/r/scan.pdf"],
        missing=["/r/gone.pdf"],
        failures=[Failure("/r/broken.pdf", "corrupt", size=10, mtime_ns=5, at="2021-06-01")],
        last_run=RunSummary(
            started="2021-06-01T09:00:00Z",
            finished="2021-06-01T09:01:00Z",
            added=2,
            failed=[RunFailure("/r/broken.pdf", "corrupt")],
            duplicates=[Duplicate("/r/copy.pdf", "same content as /r/a.pdf")],
            completed=True,
        ),
        index_bytes=4096,
    )
    expected = {
        "index": "/ix",
        "schema_version": 6,
        "documents": 2,
        "pages": 12,
        "by_type": {"Issue Brief": 1, "Research Report": 1},
        "by_year": {"2020": 1, "2021": 1},
        "no_text_layer": ["/r/scan.pdf"],
        "missing": ["/r/gone.pdf"],
        "failures": [{"path": "/r/broken.pdf", "reason": "corrupt", "at": "2021-06-01"}],
        "last_run": {
            "started": "2021-06-01T09:00:00Z",
            "finished": "2021-06-01T09:01:00Z",
            "added": 2,
            "updated": 0,
            "moved": 0,
            "unchanged": 0,
            "removed": 0,
            "failed": [{"path": "/r/broken.pdf", "reason": "corrupt"}],
            "duplicates": [{"path": "/r/copy.pdf", "note": "same content as /r/a.pdf"}],
            "warnings": [],
            "completed": True,
        },
        "index_bytes": 4096,
    }
    assert same_json(status.to_json(), expected)


def test_status_json_before_any_run() -> None:
    empty = IndexStatus("/ix", None, 0, 0, {}, {}, [], [], [], None, 0)
    assert same_json(
        empty.to_json(),
        {
            "index": "/ix",
            "schema_version": None,
            "documents": 0,
            "pages": 0,
            "by_type": {},
            "by_year": {},
            "no_text_layer": [],
            "missing": [],
            "failures": [],
            "last_run": None,
            "index_bytes": 0,
        },
    )


def test_verify_json() -> None:
    report = VerifyReport()
    assert same_json(report.to_json(), {"ok": True, "checked": 0, "problems": []})
    report.checked = 3
    report.add("/r/a.pdf", "file is missing")
    report.add("/r/b.pdf", "indexed 2 times")
    assert not report.ok
    assert same_json(
        report.to_json(),
        {
            "ok": False,
            "checked": 3,
            "problems": [
                {"path": "/r/a.pdf", "problem": "file is missing"},
                {"path": "/r/b.pdf", "problem": "indexed 2 times"},
            ],
        },
    )
