"""The Topics page and the search page's Topic filter, under AppTest, against brute-force counts
over the key phrases the searcher holds for each publication."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from indexer.model import Metadata, PubRecord
from indexer.search.searcher import PubInfo, Searcher
from indexer.store.index import open_writer
from search_app.text import md, plain
from tests.search_app.apptest import RunApp, has_text, link_params, options, result_titles, url

TOPICS = "pages_/topics.py"


@pytest.fixture(scope="module")
def searcher(corpus_index: Path) -> Searcher:
    return Searcher(corpus_index)


@pytest.fixture(scope="module")
def pubs(searcher: Searcher) -> list[PubInfo]:
    return searcher.snapshot().publications


def brute_counts(pubs: list[PubInfo]) -> Counter[str]:
    return Counter(t for p in pubs for t in p.topics)


def topic_links(at: AppTest) -> dict[str, str]:
    """Each link to a topic: the topic named in its address -> its label as shown."""
    return {
        link_params(x)["topic"][0]: plain(x.value)
        for x in at.main.page_link
        if x.proto.page == "topics" and "topic" in link_params(x)
    }


def chart_rows(at: AppTest) -> dict[str, int]:
    """The year chart's data as the browser receives it: year -> publications."""
    (chart,) = at.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    (data,) = chart.proto.datasets
    assert spec["mark"]["type"] == "bar" and spec["data"]["name"] == data.name
    table = pa.ipc.open_stream(data.data.data).read_all().to_pydict()
    return dict(zip(table["Year"], table["Publications"], strict=True))


def test_the_list_shows_every_topic_with_its_count(run_app: RunApp, pubs: list[PubInfo]) -> None:
    at = run_app({}, page=TOPICS)
    brute = brute_counts(pubs)
    shown = topic_links(at)
    assert shown == {t: f"{t} ({n})" for t, n in brute.items()}
    # Most publications first.
    counts = [brute[t] for t in shown]
    assert counts == sorted(counts, reverse=True)
    assert has_text(at, f"{len(brute)} topics")


@pytest.fixture(scope="module")
def busiest(pubs: list[PubInfo]) -> str:
    """The topic most publications share (ties: the alphabetically first)."""
    brute = brute_counts(pubs)
    return min(brute, key=lambda t: (-brute[t], t))


def test_a_topics_chart_counts_its_publications_by_year(
    run_app: RunApp, pubs: list[PubInfo], busiest: str
) -> None:
    at = run_app({"topic": busiest}, page=TOPICS)
    mine = [p for p in pubs if busiest in p.topics]
    years = Counter(p.year for p in mine if p.year is not None)
    expected = {str(y): years.get(y, 0) for y in range(min(years), max(years) + 1)}
    assert chart_rows(at) == expected
    assert at.title[0].value == md(busiest)
    shown = {
        link_params(x)["id"][0]
        for x in at.main.page_link
        if x.proto.page == "publication" and "p" not in link_params(x)
    }
    assert shown == {p.id for p in mine}
    search = [x for x in at.main.page_link if x.proto.page == "" and x.value.startswith("Search")]
    assert link_params(search[0]) == {"topic": [busiest]}
    assert url(at) == {"topic": [busiest]}


def test_the_chart_of_a_topic_over_several_years(run_app: RunApp, pubs: list[PubInfo]) -> None:
    # A topic spanning years, so the chart's gaps (years at 0) are checked too when any exist.
    spans = {t: {p.year for p in pubs if t in p.topics and p.year} for t in brute_counts(pubs)}
    wide = max(spans, key=lambda t: (max(spans[t]) - min(spans[t]) if spans[t] else -1, t))
    at = run_app({"topic": wide}, page=TOPICS)
    years = Counter(p.year for p in pubs if wide in p.topics and p.year is not None)
    assert chart_rows(at) == {str(y): years.get(y, 0) for y in range(min(years), max(years) + 1)}


def test_leading_researchers_wrote_on_the_topic_with_evidence(
    run_app: RunApp, searcher: Searcher, pubs: list[PubInfo], busiest: str
) -> None:
    at = run_app({"topic": busiest}, page=TOPICS)
    mine = {p.id: p for p in pubs if busiest in p.topics}
    people = [link_params(x)["name"][0] for x in at.main.page_link if x.proto.page == "researchers"]
    assert people and len(people) == len(set(people))
    authors = {c for p in mine.values() for c in p.canonical}
    assert set(people) <= authors
    # Each person's caption counts their publications among the topic's.
    for name in people:
        n = sum(name in p.canonical for p in mine.values())
        assert any(t.startswith(f"{n} publication") for t in map(plain, at.caption.values))
    evidence = [
        x for x in at.main.page_link if x.proto.page == "publication" and "p" in link_params(x)
    ]
    assert evidence
    for link in evidence:
        params = link_params(link)
        assert params["id"][0] in mine
        assert plain(link.value).endswith(f"· p. {params['p'][0]}")


def test_related_topics_are_counted_on_shared_publications(
    run_app: RunApp, pubs: list[PubInfo], busiest: str
) -> None:
    at = run_app({"topic": busiest}, page=TOPICS)
    shared = Counter(t for p in pubs if busiest in p.topics for t in p.topics if t != busiest)
    shown = topic_links(at)
    assert shown, "the busiest topic shares its publications with other topics"
    for topic, label in shown.items():
        assert label == f"{topic} ({shared[topic]})"
    assert set(shown) <= set(shared)


def test_an_unknown_topic_says_so_escaped(run_app: RunApp) -> None:
    asked = "**loud** [x](javascript:alert(1))"
    at = run_app({"topic": asked}, page=TOPICS)
    (warning,) = at.warning
    assert warning.value == f"No publication has the topic {md(asked)}."
    assert not at.get("vega_lite_chart")


def test_text_from_pdfs_is_escaped(run_app: RunApp, tmp_path: Path) -> None:
    title = "**Loud** [link](http://x) $x$ :red[y] Seasonal Farm Work"
    text = "Seasonal farm work visas: *stars* $m$ [a](javascript:b) seasonal farm work again."
    meta = Metadata(title, year=2020, chief=["Jiyoung Han"])
    index = tmp_path / "ix"
    with open_writer(index) as writer:
        sha = "cd" * 32
        writer.batch().put(PubRecord(sha[:16], "/r/a.pdf", sha, 1, 0, 1, meta), [text])
    listing = run_app({}, page=TOPICS, index=index)
    topics = topic_links(listing)
    assert topics
    at = run_app({"topic": next(iter(topics))}, page=TOPICS, index=index)
    labels = [x.value for x in at.main.page_link if x.proto.page == "publication"]
    assert labels and all(v.startswith(md(title)) for v in labels)
    snippets = [m.value for m in at.main.markdown if "—" in m.value]
    assert snippets
    for shown in snippets:
        # The passage (or the title standing in for one) shows as text: no link, no math.
        assert "*stars* $m$" in plain(shown) or title in plain(shown)
        assert "](" not in shown and "$m$" not in shown and "$x$" not in shown


def test_the_search_sidebar_filters_on_a_topic_with_counts(
    run_app: RunApp, searcher: Searcher, pubs: list[PubInfo], busiest: str
) -> None:
    at = run_app({}, page=None)
    brute = brute_counts(pubs)
    ranked = sorted(brute.items(), key=lambda kv: (-kv[1], kv[0]))
    assert options(at, "w_topic") == [f"{t} ({n})" for t, n in ranked]
    at.sidebar.multiselect("w_topic").select(busiest).run()
    assert url(at) == {"topic": [busiest]}
    mine = [p for p in pubs if busiest in p.topics]
    assert has_text(at, f"{len(mine)} publication")
    by_title = {p.title for p in mine}
    assert set(result_titles(at)) <= by_title


def test_a_topic_in_the_url_narrows_the_search_and_counts_follow(
    run_app: RunApp, pubs: list[PubInfo], busiest: str
) -> None:
    at = run_app({"q": "immigrants", "topic": [busiest, "No Such Topic"]}, page=None)
    assert at.sidebar.multiselect("w_topic").value == [busiest, "no such topic"]
    hits = set(result_titles(at))
    assert hits <= {p.title for p in pubs if busiest in p.topics}
    cleared = at.sidebar.button[0].click().run()
    assert url(cleared) == {"q": ["immigrants"]}
