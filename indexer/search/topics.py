"""Topics over the index: every key phrase with its count, and one topic's publications by year,
its related topics and its researchers."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from indexer.search.searcher import Hit, Searcher, SearchRequest

# More publications than any one topic has in a research centre's output; the page lists them all.
MAX_PUBLICATIONS = 1000


def normalise_topic(topic: str) -> str:
    """A topic as the index keeps it: lower case, single spaces."""
    return " ".join(topic.lower().split())


def topic_counts(searcher: Searcher) -> dict[str, int]:
    """Every topic with how many publications carry it, most first (ties alphabetical)."""
    return dict(searcher.search(SearchRequest(limit=1)).facets.get("topic", {}).items())


@dataclass
class TopicView:
    topic: str
    publications: list[Hit]  # newest first
    # Every year from the first to the last publication, years without one at 0, so a chart
    # of it shows the gaps.
    by_year: dict[int, int] = field(default_factory=dict)
    undated: int = 0
    researchers: dict[str, int] = field(default_factory=dict)  # publications per researcher
    related: dict[str, int] = field(default_factory=dict)  # topics sharing its publications


def topic_view(searcher: Searcher, topic: str) -> TopicView | None:
    """One topic's publications, years and related topics; None when no publication has it."""
    name = normalise_topic(topic)
    result = searcher.search(
        SearchRequest(topics=[name], limit=MAX_PUBLICATIONS, sort="newest", group_editions=False)
    )
    if result.total == 0:
        return None
    counted = {int(y): n for y, n in result.facets.get("year", {}).items()}
    by_year = (
        {y: counted.get(y, 0) for y in range(min(counted), max(counted) + 1)} if counted else {}
    )
    return TopicView(
        topic=name,
        publications=list(result.hits),
        by_year=by_year,
        undated=result.total - sum(counted.values()),
        researchers=dict(result.facets.get("researcher", {}).items()),
        related=_related(searcher, result.hits, name),
    )


def _related(searcher: Searcher, hits: list[Hit], topic: str) -> dict[str, int]:
    """The other topics of these publications, by how many of them carry each. Not the topic
    facet: a facet is counted without its own filter, so it would count the whole index."""
    counts = Counter(t for h in hits for t in searcher.topics_of(h.id) if t != topic)
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
