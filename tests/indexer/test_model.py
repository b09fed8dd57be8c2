"""The data crossing stages: an extraction's dictionary form (the cache's JSON) is
dataclasses.asdict's, and reads back as the same extraction."""

from __future__ import annotations

from dataclasses import asdict

from indexer.model import Extraction, Line, Page


def _extraction() -> Extraction:
    lines = [
        Line("Resettled refugees", 18.0, 72.0, 700.5, 300.25, 718.0, True),
        Line("p. 2", 9.0, 1, 2, 3, 4),
    ]
    return Extraction(
        sha256="ab" * 32,
        pages=[
            Page(1, "Resettled refugees\np. 2", 595.0, 842.0, lines, ocr=False),
            Page(2, "", 595.0, 842.0, [], ocr=True),
        ],
        info={"Title": "Resettled refugees", "Author": "Min Yi Yoo"},
        encrypted=True,
        ocr_mode="never",
        ocr_missing="page 2",
    )


def test_an_extractions_dictionary_is_asdicts_and_reads_back_the_same() -> None:
    ex = _extraction()
    assert ex.to_dict() == asdict(ex)
    assert list(ex.to_dict()) == list(asdict(ex))
    assert Extraction.from_dict(ex.to_dict()) == ex
