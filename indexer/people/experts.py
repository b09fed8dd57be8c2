"""Expert finding and collaborator suggestions: publication relevance credited by role."""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from indexer.authority.clusters import sort_key
from indexer.people.librarian import _known
from indexer.people.results import Collaborator, Evidence, Expert
from indexer.people.topics import topics
from indexer.search.searcher import Searcher

# ---------------------------------------------------------------- experts

# Publications looked at per topic: enough to reach everyone who wrote on it, few enough that
# a prolific author does not climb on a long tail of barely related documents.
DOC_DEPTH = 20
# How strongly a publication ties a person to its topic (Balog's document-candidate
# association, by role). Each researcher gets the whole association, not a share of it: a
# co-researcher of the report on the topic knows the topic however large the team was. The
# chief researcher led the work, so counts twice a co-researcher.
CHIEF_WEIGHT = 1.0
CO_WEIGHT = 0.5
EVIDENCE_PER_PERSON = 3
RELEVANCE_POWER = 2.0
# Below a tenth of the best match's relevance a publication mentions the topic in passing.
MIN_RELEVANCE = 0.1
# A person's publications counted best first, each at this fraction of the one before: more
# work on a topic is more evidence, but the total stays under twice the best publication's, so
# many publications that touch the topic cannot outrank one that is about it.
FURTHER_PUBLICATION_DECAY = 0.5
# How many of a person's main topics make the query for people working on the same things.
COLLABORATION_TOPICS = 5


@dataclass
class _Share:
    evidence: list[tuple[float, Evidence]] = field(default_factory=list)

    @property
    def score(self) -> float:
        """The person's publications on the topic, best first, each worth less than the last."""
        parts = sorted((part for part, _ in self.evidence), reverse=True)
        return sum(p * FURTHER_PUBLICATION_DECAY**i for i, p in enumerate(parts))


def _shares(
    searcher: Searcher,
    topic: str,
    types: Sequence[str] = (),
    year_from: int | None = None,
    year_to: int | None = None,
    exclude: frozenset[str] = frozenset(),
    key_phrases: Sequence[str] = (),
) -> dict[str, _Share]:
    """Each publication's relevance to the topic, credited to each of its researchers by role
    (publications whose id is in `exclude` left out; only those with one of `key_phrases`
    when given)."""
    from indexer.search.searcher import SearchRequest

    auth = searcher.snapshot().authority
    req = SearchRequest(
        topic,
        types=list(types),
        year_from=year_from,
        year_to=year_to,
        limit=DOC_DEPTH + len(exclude),
        topics=list(key_phrases),
    )
    hits = [h for h in searcher.search(req).hits if h.id not in exclude and h.score > 0]
    shares: dict[str, _Share] = {}
    if not hits:
        return shares
    # Relevance relative to the best match, sharpened: BM25 grows slowly with evidence, so
    # unsharpened, a long tail of publications that merely mention the topic outweighs one
    # that is about it. The score is the publication's whole relevance, not its best page's.
    top = hits[0].score
    for hit in hits:
        if not hit.researchers or hit.score < MIN_RELEVANCE * top:
            continue
        roles = {c: auth.role(hit.id, c) for c in hit.researchers}
        weights = {c: CHIEF_WEIGHT if r == "chief" else CO_WEIGHT for c, r in roles.items()}
        best = hit.pages[0] if hit.pages else None
        for c, w in weights.items():
            part = (hit.score / top) ** RELEVANCE_POWER * w
            share = shares.setdefault(c, _Share())
            ev = Evidence(
                hit.id,
                hit.title,
                hit.year,
                roles[c],
                best.page if best else None,
                best.snippet if best else html.escape(hit.title),
            )
            share.evidence.append((part, ev))
    return shares


def experts(
    searcher: Searcher,
    topic: str,
    limit: int = 10,
    types: Sequence[str] = (),
    year_from: int | None = None,
    year_to: int | None = None,
    key_phrases: Sequence[str] = (),
) -> list[Expert]:
    """People ranked by how much of the index's writing on `topic` is theirs, with the best
    passage of each of their most relevant publications as evidence (only publications with
    one of `key_phrases`, when given: the Topics page ranks within a topic's publications)."""
    auth = searcher.snapshot().authority
    shares = _shares(searcher, topic, types, year_from, year_to, key_phrases=key_phrases)
    return [
        Expert(name, auth.aliases(name), round(s.score, 4), _evidence(s))
        for name, s in _ranked(shares)[:limit]
    ]


def _ranked(shares: dict[str, _Share]) -> list[tuple[str, _Share]]:
    return sorted(shares.items(), key=lambda kv: (-kv[1].score, sort_key(kv[0])))


def _evidence(share: _Share) -> list[Evidence]:
    ranked = sorted(share.evidence, key=lambda pe: -pe[0])
    return [ev for _, ev in ranked[:EVIDENCE_PER_PERSON]]


def collaborators(
    searcher: Searcher, name: str, topic: str | None = None, limit: int = 10
) -> list[Collaborator]:
    """People working on `topic`, or by default on the person's own main topics, ranked
    like `experts` on their work without the person (what they bring of their own);
    `coauthored` says how many publications they already share with the person."""
    pubs, auth = searcher.snapshot()
    canon = _known(auth, name)
    mine = [p for p in pubs if canon in p.canonical]
    if not topic:
        topic = " ".join(topics(mine, limit=COLLABORATION_TOPICS))
    shared = Counter(c for p in mine for c in p.canonical)
    shares = _shares(searcher, topic, exclude=frozenset(p.id for p in mine))
    return [
        Collaborator(n, auth.aliases(n), round(s.score, 4), shared[n], _evidence(s))
        for n, s in _ranked(shares)
        if n != canon
    ][:limit]
