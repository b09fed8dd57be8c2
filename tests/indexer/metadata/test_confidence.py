"""Confidence by source for the fields detection reads from one place."""

from __future__ import annotations

from indexer.metadata.confidence import (
    FROM_INFO,
    LABEL_IN_TEXT,
    LABEL_ON_COVER,
    NOT_FOUND,
    ORGANISATION,
    READ_FROM_PAGES,
    fill_by_source,
)
from indexer.model import ContentsEntry, Metadata


def test_each_field_gets_the_confidence_of_where_it_was_read() -> None:
    meta = Metadata(
        "A title",
        type="Issue Brief",
        series="Issue Brief",
        number="2021-07",
        organisation="A Research Centre",
        summary="What the brief found.",
        contents=[ContentsEntry("Introduction", 3)],
        sources={
            "type": "cover",
            "series": "text",
            "number": "text",
            "organisation": "cover",
            "summary": "text",
            "contents": "text",
            "language": "text",
        },
    )
    fill_by_source(meta)
    assert meta.confidence == {
        "type": LABEL_ON_COVER,
        "series": LABEL_IN_TEXT,
        "number": LABEL_IN_TEXT,
        "organisation": ORGANISATION,
        "summary": READ_FROM_PAGES,
        "contents": READ_FROM_PAGES,
        "language": READ_FROM_PAGES,
    }


def test_nothing_found_is_not_certain_either_way() -> None:
    meta = Metadata("Only a title", sources={"language": "text"})
    fill_by_source(meta)
    assert meta.confidence["type"] == NOT_FOUND  # "Other": no label on the cover
    assert meta.confidence["series"] == meta.confidence["number"] == NOT_FOUND
    assert meta.confidence["organisation"] == meta.confidence["summary"] == NOT_FOUND


def test_scored_fields_keep_their_own_confidence_and_info_is_weak() -> None:
    meta = Metadata(
        "A title",
        organisation="Some Office",
        sources={"organisation": "info"},
        confidence={"title": 0.93, "type": 0.4},
    )
    fill_by_source(meta)
    assert meta.confidence["title"] == 0.93 and meta.confidence["type"] == 0.4
    assert meta.confidence["organisation"] == FROM_INFO
    # Only fields detection scores elsewhere stay without one.
    assert "year" not in meta.confidence and "chief" not in meta.confidence
