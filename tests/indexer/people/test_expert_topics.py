"""Expert finding on the annual report's topics: who led the on-topic work comes first."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from indexer import people
from indexer.search.searcher import Searcher
from tests.conftest import REPO, load_catalog

TOPICS = tomllib.loads((REPO / "bench" / "experts_topics.toml").read_text(encoding="utf-8"))[
    "topic"
]


@pytest.fixture(scope="module")
def searcher(corpus_index: Path) -> Iterator[Searcher]:
    s = Searcher(corpus_index)
    yield s
    s.close()


def test_topic_file_agrees_with_the_catalog() -> None:
    catalog = {p["file"]: p for p in load_catalog()}
    assert len(TOPICS) >= 15
    for t in TOPICS:
        pubs: list[dict[str, Any]] = [catalog[f] for f in t["publications"]]
        chiefs = {n for p in pubs for n in p["chief"]}
        everyone = chiefs | {n for p in pubs for n in p["co_researchers"]}
        assert set(t["chief"]) == chiefs, t["query"]
        assert set(t["co"]) == everyone - chiefs, t["query"]


@pytest.mark.parametrize("topic", TOPICS, ids=[t["query"] for t in TOPICS])
def test_every_chief_researcher_is_in_the_top_five(
    searcher: Searcher, topic: dict[str, Any]
) -> None:
    auth = searcher.authority
    found = [e.name for e in people.experts(searcher, topic["query"], limit=5)]
    chiefs = {auth.resolve(n) or n for n in topic["chief"]}
    assert chiefs <= set(found), found
