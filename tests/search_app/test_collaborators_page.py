"""Find collaborators under AppTest: people ranked for a topic, with passages and their pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.search.searcher import Searcher
from indexer.store.index import IndexReader
from search_app.text import plain
from tests.search_app.apptest import RunApp, has_text, link_params, url

COLLABORATORS = "pages_/collaborators.py"


@pytest.fixture(scope="module")
def searcher(corpus_index: Path) -> Searcher:
    return Searcher(corpus_index)


def people(at: object) -> list[str]:
    return [
        link_params(x)["name"][0]
        for x in at.main.page_link  # type: ignore[attr-defined]
        if x.proto.page == "researchers"
    ]


def test_topic_ranks_people_with_evidence_at_its_page(run_app: RunApp, searcher: Searcher) -> None:
    at = run_app({"topic": "refugee resettlement"}, page=COLLABORATORS)
    ranked = people(at)
    assert ranked[0] == "Bo Geun Chae"
    assert len(ranked) == len(set(ranked)) <= 10
    evidence = [x for x in at.main.page_link if x.proto.page == "publication"]
    assert evidence
    snippets = [m.value for m in at.main.markdown if ":orange-background[" in m.value]
    assert len(snippets) == len(evidence)
    for link, snippet in zip(evidence, snippets, strict=True):
        params = link_params(link)
        page = int(params["p"][0])
        assert plain(link.value).endswith(f"· p. {page}")
        text = " ".join(searcher.page_texts(params["id"][0])[page - 1].split()).lower()
        marked = plain(snippet).split("**")[1::2]
        assert marked and all(w.lower() in text for w in marked)


def test_filters_narrow_the_evidence(run_app: RunApp, searcher: Searcher) -> None:
    at = run_app({"topic": "immigration", "type": "Policy Report"}, page=COLLABORATORS)
    ids = {link_params(x)["id"][0] for x in at.main.page_link if x.proto.page == "publication"}
    assert ids
    by_id = {r.id: r.meta.type for r in IndexReader(searcher.root).records()}
    types = {by_id[i] for i in ids}
    assert types == {"Policy Report"}
    assert at.multiselect("w_ctype").value == ["Policy Report"]


def test_the_widgets_write_the_url(run_app: RunApp) -> None:
    at = run_app({}, page=COLLABORATORS)
    assert has_text(at, "Describe a topic")
    at.text_input("w_topic").input("census migration background").run()
    assert url(at) == {"topic": ["census migration background"]}
    assert people(at)


def test_nothing_found_and_bad_years(run_app: RunApp) -> None:
    at = run_app({"topic": "xylophonequartz", "year_from": "soon"}, page=COLLABORATORS)
    assert at.warning and "Nobody has written about this yet" in at.warning[0].value
    assert has_text(at, "ignored year_from='soon'")


def test_collaborators_for_a_person(run_app: RunApp) -> None:
    at = run_app({"name": "Hye-Kyoung Lee"}, page=COLLABORATORS)
    ranked = people(at)
    assert ranked and "HyeKyoung Lee" not in ranked
    unknown = run_app({"name": "Nobody Atall"}, page=COLLABORATORS)
    assert "There is no researcher named" in unknown.warning[0].value
