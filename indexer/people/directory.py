"""The researcher directory and one researcher's profile."""

from __future__ import annotations

from collections import Counter

from indexer.authority.clusters import sort_key
from indexer.people.librarian import _known
from indexer.people.results import CoAuthor, Profile, ProfilePublication, ResearcherSummary
from indexer.people.topics import topics
from indexer.search.searcher import Searcher


def directory(searcher: Searcher) -> list[ResearcherSummary]:
    """Every researcher, alphabetically by surname, with their publication counts."""
    pubs, auth = searcher.snapshot()
    chief: Counter[str] = Counter()
    co: Counter[str] = Counter()
    years: dict[str, set[int]] = {}
    for p in pubs:
        for c in p.canonical:
            (chief if auth.role(p.id, c) == "chief" else co)[c] += 1
            if p.year is not None:
                years.setdefault(c, set()).add(p.year)
    people = sorted(chief.keys() | co.keys(), key=sort_key)
    return [
        ResearcherSummary(
            c,
            auth.aliases(c),
            chief[c] + co[c],
            chief[c],
            co[c],
            sorted(years.get(c, ())),
        )
        for c in people
    ]


def profile(searcher: Searcher, name: str) -> Profile:
    """One researcher (any spelling): publications with role, counts, topics, co-authors."""
    pubs, auth = searcher.snapshot()
    canon = _known(auth, name)
    mine = [p for p in pubs if canon in p.canonical]
    mine.sort(key=lambda p: (-(p.year or 0), p.title))
    coauthors = Counter(c for p in mine for c in p.canonical if c != canon)
    return Profile(
        name=canon,
        aliases=auth.aliases(canon),
        publications=[
            ProfilePublication(p.id, p.title, p.type, p.year, auth.role(p.id, canon)) for p in mine
        ],
        by_year=dict(sorted(Counter(p.year for p in mine if p.year is not None).items())),
        by_type=dict(Counter(p.type for p in mine).most_common()),
        topics=topics(mine),
        coauthors=[
            CoAuthor(n, k)
            for n, k in sorted(coauthors.items(), key=lambda kv: (-kv[1], sort_key(kv[0])))
        ],
    )
