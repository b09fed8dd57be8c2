"""Key phrases of every corpus publication, the Topic facet and filter, and pubkb topic(s)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.cli import cli
from indexer.metadata.phrases import STOP_PHRASES, candidates
from indexer.search.searcher import Searcher, SearchRequest
from tests.conftest import load_catalog

# Written here, independently of the indexer's lists: words no key phrase may end or start in.
_LIST = """
    a an the and or but nor of in on at to for from by with without into onto over under
    about above below between among through during before after since until upon within
    is are was were be been being am has have had do does did will would shall should can
    could may might must this that these those it its they them their he she his her we our
    you your i me my not no so as if than then there here which who whom whose what when
    where why how all any each some such very also too only just
    """
ENGLISH_FUNCTION_WORDS = frozenset(_LIST.split())
# Particles that close a Korean noun (a two-syllable noun may itself end like one: 논의).
KOREAN_PARTICLES = ("의", "에", "에서", "으로", "와", "과", "도", "은", "는", "을", "를")


@pytest.fixture(scope="module")
def searcher(corpus_index: Path) -> Searcher:
    return Searcher(corpus_index)


def test_every_publication_has_three_to_eight_key_phrases(searcher: Searcher) -> None:
    pubs = searcher.snapshot().publications
    assert len(pubs) == len(load_catalog())
    for p in pubs:
        assert 3 <= len(p.topics) <= 8, (p.path, p.topics)


def test_no_key_phrase_is_a_stop_phrase_or_a_fragment(searcher: Searcher) -> None:
    for p in searcher.snapshot().publications:
        for phrase in p.topics:
            words = phrase.split()
            assert phrase not in STOP_PHRASES
            assert words[0] not in ENGLISH_FUNCTION_WORDS, (p.path, phrase)
            assert words[-1] not in ENGLISH_FUNCTION_WORDS, (p.path, phrase)
            # A Korean phrase ends in its noun: a word of two or more syllables ending in a
            # particle is a noun with its particle still on.
            last = words[-1]
            if "\uac00" <= last[-1] <= "\ud7a3" and len(last) > 2:
                assert not last.endswith(KOREAN_PARTICLES), (p.path, phrase)


def test_korean_editions_have_korean_key_phrases(searcher: Searcher) -> None:
    korean = [p for p in searcher.snapshot().publications if p.language == "ko"]
    assert len(korean) == sum(p["language"] == "ko" for p in load_catalog())
    for p in korean:
        assert all(any("\uac00" <= c <= "\ud7a3" for c in t) for t in p.topics), p.topics


@pytest.mark.parametrize("query", ["", "refugees", "immigration policy", "난민"])
def test_topic_facet_counts_equal_a_brute_force_count(searcher: Searcher, query: str) -> None:
    result = searcher.search(SearchRequest(query, limit=1000))
    by_id = {p.id: p for p in searcher.snapshot().publications}
    brute = Counter(t for h in result.hits for t in by_id[h.id].topics)
    assert result.facets["topic"] == dict(brute)


def test_topic_filter_and_query_field(searcher: Searcher) -> None:
    counts = searcher.search(SearchRequest(limit=1)).facets["topic"]
    topic, n = next(iter(counts.items()))
    by_field = searcher.search(SearchRequest(f'topic:"{topic}"', limit=100))
    by_request = searcher.search(SearchRequest(topics=[topic], limit=100))
    assert by_field.total == by_request.total == n
    assert all(topic in searcher.topics_of(h.id) for h in by_request.hits)


def test_topics_and_topic_commands(corpus_index: Path, searcher: Searcher) -> None:
    run = CliRunner().invoke
    listed = json.loads(run(cli, ["topics", "--index", str(corpus_index), "--json"]).stdout)
    first = listed[0]
    assert first["publications"] == max(row["publications"] for row in listed)
    one = json.loads(
        run(cli, ["topic", first["topic"], "--index", str(corpus_index), "--json"]).stdout
    )
    assert len(one["publications"]) == first["publications"] == sum(one["by_year"].values())
    # Related topics count the topic's own publications, not the whole index.
    mine = [p for p in searcher.snapshot().publications if first["topic"] in p.topics]
    shared = Counter(t for p in mine for t in p.topics if t != first["topic"])
    assert one["related"] == dict(shared)
    missing = run(cli, ["topic", "no such topic at all", "--index", str(corpus_index)])
    assert missing.exit_code != 0
    hits = run(cli, ["search", "--topic", first["topic"], "--index", str(corpus_index), "--json"])
    assert json.loads(hits.stdout)["total"] == first["publications"]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("The MRTC conducts the survey every year.", "mrtc conducts"),
        ("Partners help improve their access to care.", "help improve"),
        ("So far, thanks to citizen volunteers, refugees settled.", "far thanks"),
        ("Attracting foreign workers matters to rural regions.", "attracting foreign workers"),
        ("Regardless of nationality, everyone is covered.", "regardless"),
        ("감염병이 발생한다면 인도적 측면에서 지원한다.", "발생한다면 인도적 측면"),
        ("유학생을 유치하거나 이주민을 지원한다.", "유치하거나 이주민"),
    ],
)
def test_clause_fragments_are_not_candidates(text: str, fragment: str) -> None:
    found = candidates("", [text])
    assert not any(p == fragment or p.startswith(fragment + " ") for p in found), found


def test_noun_phrases_of_the_same_sentences_stay() -> None:
    found = candidates("", ["So far, thanks to citizen volunteers, the screening process held."])
    assert {"citizen volunteers", "screening process"} <= set(found)
