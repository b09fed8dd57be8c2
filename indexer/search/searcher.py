"""Search: ranked publications with page snippets, exact facet counts, filters and did-you-mean.

The public API takes and returns plain dataclasses; no Whoosh type crosses it, so another
engine could stand behind the same `Searcher` interface.
"""

from __future__ import annotations

import threading
from collections import Counter
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any, Literal

from whoosh import query as wq

from indexer import parts
from indexer.authority.clusters import Authority
from indexer.authority.decisions import authority_stamp
from indexer.authority.editions import (
    editions_stamp,
)
from indexer.search import ranking, semantic
from indexer.search._postings import score_all
from indexer.search.generation import build_generation
from indexer.search.query import ParsedQuery, parse
from indexer.search.request import (
    SORTS,
    Edition,
    Hit,
    PageHit,
    PubInfo,
    SearchRequest,
    SearchResult,
    Snapshot,
)
from indexer.search.sections import wanted_parts
from indexer.search.snippets import page_snippets
from indexer.search.spelling import Vocabulary, suggest
from indexer.store import schema
from indexer.store.index import page_texts_in
from indexer.types import PubType, parse_type

# Catalogue-like publications (an annual report lists every publication of its year) match
# almost any topic; they rank below a publication that is about the topic.
CATALOGUE_TYPES = frozenset({PubType.ANNUAL_REPORT.value})
CATALOGUE_FACTOR = 0.35

# The facets counted, which are also the filters a request can set.
_Facet = Literal["type", "year", "researcher", "language", "section", "topic"]
# Per facet, the publications its filter lets through; None where the request sets no filter.
_Filters = dict[_Facet, set[int] | None]


# The request and result types, importable from here as from indexer.search.request.
__all__ = [
    "SORTS",
    "Edition",
    "Hit",
    "PageHit",
    "PubInfo",
    "SearchRequest",
    "SearchResult",
    "Searcher",
    "Snapshot",
]


class Searcher:
    """An open index kept ready for queries; `refresh()` picks up new commits cheaply."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.ix = schema.open_index(root)
        # Read once: whoosh's Index.schema re-reads the table of contents from disk each time.
        self.schema = self.ix.schema
        self._lock = threading.Lock()
        self._term_cache: dict[str, tuple[tuple[str, int, int], ...]] = {}
        self._s = self.ix.searcher(weighting=ranking.weighting())
        self._gen = build_generation(self._s, self.root)
        # BM25 fused with embedding similarity for the best matches (indexer/search/semantic.py).
        self.reranker = semantic.Reranker()

    # ------------------------------------------------------------ index state

    def refresh(self) -> bool:
        """Reopen if the index or the name authority changed since; returns whether it did."""
        with self._lock:
            # A librarian's merge/split/rename changes names without a new index commit.
            names_changed = self._gen.authority.stamp != authority_stamp(self.root) or (
                self._gen.editions_stamp != editions_stamp(self.root)
            )
            if self._s.up_to_date() and not names_changed:
                return False
            if not self._s.up_to_date():
                self._s = self._s.refresh()
            self._gen = build_generation(self._s, self.root)
            return True

    def close(self) -> None:
        self._s.close()

    def vocabulary(self) -> Vocabulary:
        gen = self._gen
        if gen.vocab is None:
            gen.vocab = Vocabulary.from_reader(self._s.reader())
        return gen.vocab

    @property
    def authority(self) -> Authority:
        return self._gen.authority

    def index_generation(self) -> int:
        """The newest commit of the index on disk (a cache key that changes on every run)."""
        return int(self.ix.latest_generation())

    def snapshot(self) -> Snapshot:
        """The publications and the name authority of one index generation, so that a
        concurrent refresh cannot pair the publications of one with the names of another."""
        gen = self._gen
        return Snapshot(list(gen.pubs.values()), gen.authority)

    def topics_of(self, pid: str) -> list[str]:
        """A publication's key phrases, best first."""
        n = self._gen.by_id.get(pid)
        return list(self._gen.pubs[n].topics) if n is not None else []

    def edition_of(self, pid: str) -> Edition | None:
        """The publication in its other language, when the two editions are linked."""
        gen = self._gen
        n = gen.by_id.get(pid)
        other = gen.by_id.get(gen.pubs[n].other_edition) if n is not None else None
        if other is None:
            return None
        p = gen.pubs[other]
        return Edition(p.id, p.title, p.language)

    # ------------------------------------------------------------ queries

    def _matches(self, pq: ParsedQuery) -> dict[int, float] | None:
        """Every matching publication with its score, or None when there is no text to score
        (then everything matches, in no particular order of relevance)."""
        gen = self._gen
        if not pq.has_text:
            return None
        q = ranking.search_query(self.schema, pq)
        if q is wq.NullQuery:
            return {}
        scores = score_all(self._s, q)
        return {d: s for d, s in scores.items() if d in gen.pubs}

    def _filters(
        self,
        req: SearchRequest,
        pq: ParsedQuery,
        notes: list[str],
        in_parts: dict[str, set[int]],
    ) -> _Filters:
        gen = self._gen
        types: set[int] | None = None
        wanted_types = [*req.types, *pq.types]
        if wanted_types:
            types = set()
            for t in wanted_types:
                parsed = parse_type(t)
                if parsed is None:
                    notes.append(f"unknown publication type '{t}'")
                    continue
                types |= gen.by_type.get(parsed.value, set())
        years: set[int] | None = None
        lo = pq.year_from if pq.year_from is not None else req.year_from
        hi = pq.year_to if pq.year_to is not None else req.year_to
        if lo is not None or hi is not None:
            years = set()
            for y, docs in gen.by_year.items():
                if (lo is None or y >= lo) and (hi is None or y <= hi):
                    years |= docs
        people: set[int] | None = None
        wanted_people = [*req.researchers, *pq.researchers]
        if wanted_people:
            people = set()
            for name in wanted_people:
                canon = gen.authority.resolve(name)
                if canon is None:
                    notes.append(f"no researcher named '{name}' in the index")
                    continue
                people |= gen.by_researcher.get(canon, set())
        languages: set[int] | None = None
        if req.languages:
            languages = set()
            for lang in req.languages:
                languages |= gen.by_language.get(lang.strip().lower(), set())
        sections: set[int] | None = None
        chosen = wanted_parts([*req.sections, *pq.sections], notes)
        if chosen:
            sections = set()
            for part in chosen:
                sections |= in_parts.get(part, set())
        topics: set[int] | None = None
        wanted_topics = [*req.topics, *pq.topics]
        if wanted_topics:
            topics = set()
            for t in wanted_topics:
                topics |= gen.by_topic.get(" ".join(t.lower().split()), set())
        return {
            "type": types,
            "year": years,
            "researcher": people,
            "language": languages,
            "section": sections,
            "topic": topics,
        }

    def _facets(
        self, matched: set[int], filters: _Filters, in_parts: dict[str, set[int]]
    ) -> dict[str, dict[str, int]]:
        """Counts per value over the matching set, each facet under the other facets' filters
        (so choosing one type still shows how many hits the other types have)."""
        gen = self._gen
        sources: dict[_Facet, dict[Any, set[int]]] = {
            "type": gen.by_type,
            "year": gen.by_year,
            "researcher": gen.by_researcher,
            "language": gen.by_language,
            "section": in_parts,
            "topic": gen.by_topic,
        }
        out: dict[str, dict[str, int]] = {}
        for facet, values in sources.items():
            base = matched
            for other, docs in filters.items():
                if other != facet and docs is not None:
                    base = base & docs
            if facet == "topic":
                found = chain.from_iterable(gen.topics_of.get(n, ()) for n in base)
                counts: dict[str, int] = Counter(found)
            else:
                counts = {str(v): len(base & docs) for v, docs in values.items()}
            # Most first, then by value: sorted by value, then stably by count, both in C.
            ordered = sorted((k, c) for k, c in counts.items() if c)
            ordered.sort(key=itemgetter(1), reverse=True)
            out[facet] = dict(ordered)
        return out

    def search(self, req: SearchRequest) -> SearchResult:
        with self._lock:
            return self._search(req)

    def ranked_ids(self, req: SearchRequest) -> list[str]:
        """The ids of every publication the request matches, in its order (for exports: no
        paging, no snippets)."""
        with self._lock:
            pq = parse(req.query)
            scores = self._matches(pq)
            matched = set(self._gen.pubs) if scores is None else set(scores)
            in_parts = self._gen.pages.matches(self._s, self.schema, pq)
            final = self._final(matched, self._filters(req, pq, [], in_parts))
            return [self._gen.pubs[n].id for n, _ in self._rank(final, scores, req, pq)]

    @staticmethod
    def _final(matched: set[int], filters: _Filters) -> set[int]:
        final = set(matched)
        for docs in filters.values():
            if docs is not None:
                final &= docs
        return final

    def _search(self, req: SearchRequest) -> SearchResult:
        pq = parse(req.query)
        notes = list(pq.notes)
        scores = self._matches(pq)
        matched = set(self._gen.pubs) if scores is None else set(scores)
        in_parts = self._gen.pages.matches(self._s, self.schema, pq)
        filters = self._filters(req, pq, notes, in_parts)
        final = self._final(matched, filters)
        ranked = self._rank(final, scores, req, pq)
        partners: dict[int, int] = {}
        if req.group_editions:
            ranked, partners = self._group_editions(ranked)
        shown = ranked[req.offset : req.offset + req.limit]
        weights = self._term_weights(pq)
        keep = frozenset(wanted_parts([*req.sections, *pq.sections]))
        hits = [self._hit(n, score, weights, keep) for n, score in shown]
        for hit, (n, _) in zip(hits, shown, strict=True):
            if n in partners:
                p = self._gen.pubs[partners[n]]
                hit.editions.append(Edition(p.id, p.title, p.language))
        # Any word the index has never seen is worth a correction, however many hits.
        suggestion = (
            suggest(req.query, pq.words, self.vocabulary(), self._indexed) if pq.words else None
        )
        return SearchResult(
            total=len(final),
            query=req.query,
            interpreted_as=pq.interpreted_as(),
            hits=hits,
            facets=self._facets(matched, filters, in_parts),
            suggestion=suggestion,
            notes=notes,
            groups=len(ranked),
        )

    def _rank(
        self,
        final: set[int],
        matched: dict[int, float] | None,
        req: SearchRequest,
        pq: ParsedQuery,
    ) -> list[tuple[int, float]]:
        gen = self._gen
        scores: dict[int, float] = {}
        for n in final:
            base = matched[n] if matched is not None else 0.0
            scores[n] = base * (CATALOGUE_FACTOR if gen.pubs[n].type in CATALOGUE_TYPES else 1.0)

        # Year first for the date sorts, score first for relevance; title breaks ties.
        direction = {"newest": -1.0, "oldest": 1.0}.get(req.sort, 0.0)

        def key(n: int) -> tuple[float, float, float, str]:
            year = float(gen.pubs[n].year or 0)
            return (direction * year, -scores[n], -year, gen.pubs[n].title)

        ranked = [(n, scores[n]) for n in sorted(final, key=key)]
        if matched is None or direction:
            return ranked
        text = semantic.query_text(pq.words, [*pq.phrases, *pq.titles])
        return self.reranker.rerank(self._s, gen, gen.pubs, ranked, text)

    def _group_editions(
        self, ranked: list[tuple[int, float]]
    ) -> tuple[list[tuple[int, float]], dict[int, int]]:
        """The better-ranked edition of each linked pair that both match stands for the two;
        returns the shortened ranking and each standing edition's partner."""
        gen = self._gen
        present = {n for n, _ in ranked}
        kept: list[tuple[int, float]] = []
        partners: dict[int, int] = {}
        dropped: set[int] = set()
        for n, score in ranked:
            if n in dropped:
                continue
            other = gen.by_id.get(gen.pubs[n].other_edition)
            if other is not None and other in present:
                partners[n] = other
                dropped.add(other)
            kept.append((n, score))
        return kept, partners

    def _hit(
        self, n: int, score: float, weights: dict[str, float], keep: frozenset[str] = frozenset()
    ) -> Hit:
        info = self._gen.pubs[n]
        pages = self.passage_texts(info, keep)
        snips = page_snippets(pages, self.analyse, weights) if weights else []
        return Hit(
            info.id,
            info.title,
            info.type,
            info.year,
            info.canonical,
            round(score, 4),
            info.path,
            [
                PageHit(
                    s.page,
                    s.text,
                    s.page in info.ocr_pages,
                    info.part(s.page),
                    info.section(s.page),
                )
                for s in snips
            ],
            info.language,
        )

    def _term_weights(self, pq: ParsedQuery) -> dict[str, float]:
        # Stop words are indexed and scored, but marking every "the" and "of" of a passage (or
        # choosing the passage by them) shows nothing: they count only when nothing else does.
        loose = ranking.content_words(pq.words, schema.STOP_WORDS_EN)
        parts = [ranking.content_words([p], schema.STOP_WORDS_EN) for p in pq.phrases]
        weights: dict[str, float] = {}
        for w in [loose, *parts, *pq.titles]:
            for term, _, _ in self.analyse(w):
                weights[term] = max(1.0, float(self._s.idf("body", term)))
        return weights

    def _indexed(self, word: str) -> bool:
        terms = [t for t, _, _ in self.analyse(word)]
        return bool(terms) and all(self._s.doc_frequency("body", t) > 0 for t in terms)

    def analyse(self, text: str) -> list[tuple[str, int, int]]:
        """The text fields' analysed terms of `text`, each with its character span, as the index
        analyses it; fast enough for whole pages.

        Tokens come from the analyzer's own tokenizer pattern (a C regex); each distinct word
        goes through the analyzer's filters once and is then remembered, which gives the same
        terms as analysing the text in one go, since those filters act word by word."""
        analyzer = self.schema["body"].analyzer
        pattern = analyzer.items[0].expression
        cache = self._term_cache
        out: list[tuple[str, int, int]] = []
        for m in pattern.finditer(text):
            word = m.group()
            terms = cache.get(word)
            if terms is None:
                # A Korean run gives several bigram terms, each with its own characters.
                terms = tuple((t.text, t.startchar, t.endchar) for t in analyzer(word, chars=True))
                if len(cache) < 200_000:
                    cache[word] = terms
            at = m.start()
            out.extend((term, at + start, at + end) for term, start, end in terms)
        return out

    def page_texts(self, pid: str) -> list[str]:
        return page_texts_in(self._s, pid)

    def passage_texts(self, info: PubInfo, keep: frozenset[str] = frozenset()) -> list[str]:
        """The publication's page texts as passages may be taken from them: without running
        headers and footers, the contents pages empty (a list of headings is no passage), and
        with `keep`, only the pages of those parts."""
        out = []
        for number, text in enumerate(self.page_texts(info.id), start=1):
            part = info.part(number)
            if part == parts.CONTENTS or (keep and part not in keep):
                out.append("")
            else:
                out.append(parts.without_running(text, info.running))
        return out

    def publication(self, pid: str) -> PubInfo | None:
        """What this generation knows of one publication, by id."""
        gen = self._gen
        n = gen.by_id.get(pid)
        return gen.pubs[n] if n is not None else None

    def term_weights(self, text: str) -> dict[str, float]:
        """The analysed terms of a query with their weights (idf, at least 1), as snippets
        weigh them."""
        with self._lock:
            return self._term_weights(parse(text))

    # ------------------------------------------------------------ more like this

    def similar(self, pid: str, limit: int = 10) -> list[Hit]:
        """Publications sharing the most distinctive words of this one."""
        with self._lock:
            gen = self._gen
            n = gen.by_id.get(pid)
            if n is None:
                return []
            info = gen.pubs[n]
            text = "\n".join([info.title] * 3 + self.page_texts(pid))
            keys = self._s.key_terms_from_text("body", text, numterms=25)
            q = wq.Or(
                [wq.Term("body", t, boost=w) for t, w in keys]
                + [wq.Term("title", t, boost=w) for t, w in keys]
            )
            out = []
            for hit in self._s.search(q, limit=limit + 1, filter=set(gen.pubs) - {n}):
                p = gen.pubs[hit.docnum]
                factor = CATALOGUE_FACTOR if p.type in CATALOGUE_TYPES else 1.0
                out.append(
                    Hit(
                        p.id,
                        p.title,
                        p.type,
                        p.year,
                        p.canonical,
                        round(hit.score * factor, 4),
                        p.path,
                        language=p.language,
                    )
                )
            out.sort(key=lambda h: -h.score)
            return out[:limit]
