"""Search: ranked publications with page snippets, exact facet counts, filters and did-you-mean.

The public API takes and returns plain dataclasses; no Whoosh type crosses it, so another
engine could stand behind the same `Searcher` interface.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import numpy as np
from whoosh import query as wq

from indexer import parts
from indexer.authority.clusters import Authority
from indexer.authority.decisions import authority_stamp
from indexer.authority.editions import (
    editions_stamp,
)
from indexer.errors import PubkbError
from indexer.search import prepared, ranking, semantic
from indexer.search._postings import (
    doc_frequency,
    score_arrays,
    share_mapped_files,
    term_postings,
)
from indexer.search.facets import ordered_counts
from indexer.search.generation import Generation, build_generation
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
# Per facet, which documents its filter lets through (a boolean array over document numbers);
# None where the request sets no filter.
_Filters = dict[_Facet, Any]


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
        share_mapped_files()
        self.ix = schema.open_index(root)
        # Read once: whoosh's Index.schema re-reads the table of contents from disk each time.
        self.schema = self.ix.schema
        # Re-entrant: page_texts takes it, and searches call it while they hold it.
        self._lock = threading.RLock()
        self._term_cache: dict[str, tuple[tuple[str, int, int], ...]] = {}
        self._s = self.ix.searcher(weighting=ranking.weighting())
        if not self._s.doc_count_all():
            # Whoosh reads an index of no segment (every file of each run failed) through an
            # empty reader, which has no postings or columns to search.
            raise PubkbError(f"the index at {root} holds no publications yet")
        self._gen = self._generation()
        self._factor = _catalogue_factors(self._gen)
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
            self._gen = self._generation()
            self._factor = _catalogue_factors(self._gen)
            return True

    def _generation(self) -> Generation:
        """The open generation's derived data: as saved beside the index when it is of this
        generation (indexer/search/prepared.py), else worked out now."""
        return prepared.load(self._s, self.root) or build_generation(self._s, self.root)

    def close(self) -> None:
        self._s.close()

    def vocabulary(self) -> Vocabulary:
        gen = self._gen
        if gen.vocab is None:
            gen.vocab = Vocabulary.from_reader(self._s.reader(), lazy=True, words=gen.spell_words)
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

    def _matches(self, pq: ParsedQuery) -> tuple[Any, Any | None]:
        """Which documents match (a boolean array over document numbers: publications only),
        and every document's score (an array, 0 where none), or None when there is no text to
        score (then every publication matches, in no particular order of relevance)."""
        docs = self._gen.docs
        if not pq.has_text:
            return docs.is_pub, None
        q = ranking.search_query(self.schema, pq)
        scores = np.zeros(len(docs.is_pub))
        matched = np.zeros(len(docs.is_pub), dtype=bool)
        if q is wq.NullQuery:
            return matched, scores
        ids, found = score_arrays(self._s, q)
        scores[ids] = found
        matched[ids] = True
        matched &= docs.is_pub
        return matched, scores

    def _filters(
        self,
        req: SearchRequest,
        pq: ParsedQuery,
        notes: list[str],
        in_parts: dict[str, Any] | None,
    ) -> _Filters:
        gen = self._gen
        size = len(gen.docs.is_pub)
        facets = gen.facets
        types: Any = None
        wanted_types = [*req.types, *pq.types]
        if wanted_types:
            chosen_types = []
            for t in wanted_types:
                parsed = parse_type(t)
                if parsed is None:
                    notes.append(f"unknown publication type '{t}'")
                    continue
                chosen_types.append(parsed.value)
            types = facets["type"].mask(chosen_types, size)
        years: Any = None
        lo = pq.year_from if pq.year_from is not None else req.year_from
        hi = pq.year_to if pq.year_to is not None else req.year_to
        if lo is not None or hi is not None:
            within = [
                y for y in facets["year"].raw if (lo is None or y >= lo) and (hi is None or y <= hi)
            ]
            years = facets["year"].mask(within, size)
        people: Any = None
        wanted_people = [*req.researchers, *pq.researchers]
        if wanted_people:
            canons = []
            for name in wanted_people:
                canon = gen.authority.resolve(name)
                if canon is None:
                    notes.append(f"no researcher named '{name}' in the index")
                    continue
                canons.append(canon)
            people = facets["researcher"].mask(canons, size)
        languages: Any = None
        if req.languages:
            languages = facets["language"].mask(
                [lang.strip().lower() for lang in req.languages], size
            )
        sections: Any = None
        chosen = wanted_parts([*req.sections, *pq.sections], notes)
        if chosen:
            sections = np.zeros(size, dtype=bool)
            for part in chosen:
                if in_parts is not None and part in in_parts:
                    sections[in_parts[part]] = True
        topics: Any = None
        wanted_topics = [*req.topics, *pq.topics]
        if wanted_topics:
            topics = facets["topic"].mask(
                [" ".join(t.lower().split()) for t in wanted_topics], size
            )
        return {
            "type": types,
            "year": years,
            "researcher": people,
            "language": languages,
            "section": sections,
            "topic": topics,
        }

    def _facets(
        self, matched: Any, filters: _Filters, in_parts: dict[str, Any]
    ) -> dict[str, Mapping[str, int]]:
        """Counts per value over the matching set, each facet under the other facets' filters
        (so choosing one type still shows how many hits the other types have)."""
        facets = self._gen.facets
        out: dict[str, Mapping[str, int]] = {}
        for facet in ("type", "year", "researcher", "language", "section", "topic"):
            base = matched
            for other, docs in filters.items():
                if other != facet and docs is not None:
                    base = base & docs
            if facet == "section":
                keys = sorted(in_parts)
                counted = np.array([int(base[in_parts[k]].sum()) for k in keys], dtype=np.int64)
                out[facet] = ordered_counts(keys, counted)
            else:
                out[facet] = facets[facet].counts(base)
        return out

    def search(self, req: SearchRequest) -> SearchResult:
        with self._lock:
            return self._search(req)

    def ranked_ids(self, req: SearchRequest) -> list[str]:
        """The ids of every publication the request matches, in its order (for exports: no
        paging, no snippets)."""
        with self._lock:
            gen = self._gen
            pq = parse(req.query)
            matched, scores = self._matches(pq)
            # The pages holding the query's words matter only to a part filter.
            wanted = wanted_parts([*req.sections, *pq.sections])
            in_parts = gen.pages.matches(self._s, self.schema, pq) if wanted else None
            final = self._final(matched, self._filters(req, pq, [], in_parts))
            order, _ = self._rank(final, scores, req, pq)
            return [gen.pubs[n].id for n in order.tolist()]

    @staticmethod
    def _final(matched: Any, filters: _Filters) -> Any:
        final = matched.copy()
        for docs in filters.values():
            if docs is not None:
                final &= docs
        return final

    def _search(self, req: SearchRequest) -> SearchResult:
        gen = self._gen
        pq = parse(req.query)
        notes = list(pq.notes)
        matched, scores = self._matches(pq)
        in_parts = gen.pages.matches(self._s, self.schema, pq)
        filters = self._filters(req, pq, notes, in_parts)
        final = self._final(matched, filters)
        order, ranked_scores = self._rank(final, scores, req, pq)
        partners: dict[int, int] = {}
        if req.group_editions:
            order, ranked_scores, partners = self._group_editions(order, ranked_scores, final)
        end = req.offset + req.limit
        shown = list(
            zip(
                order[req.offset : end].tolist(),
                ranked_scores[req.offset : end].tolist(),
                strict=True,
            )
        )
        weights = self._term_weights(pq)
        keep = frozenset(wanted_parts([*req.sections, *pq.sections]))
        holding = self._pages_holding(weights) if shown and weights else None
        hits = [self._hit(n, score, weights, keep, holding) for n, score in shown]
        for hit, (n, _) in zip(hits, shown, strict=True):
            if n in partners:
                p = gen.pubs[partners[n]]
                hit.editions.append(Edition(p.id, p.title, p.language))
        # Any word the index has never seen is worth a correction, however many hits.
        suggestion = (
            suggest(req.query, pq.words, self.vocabulary, self._indexed) if pq.words else None
        )
        return SearchResult(
            total=int(final.sum()),
            query=req.query,
            interpreted_as=pq.interpreted_as(),
            hits=hits,
            facets=self._facets(matched, filters, in_parts),
            suggestion=suggestion,
            notes=notes,
            groups=len(order),
        )

    def _rank(
        self, final: Any, scores: Any | None, req: SearchRequest, pq: ParsedQuery
    ) -> tuple[Any, Any]:
        """The documents of `final` in the request's order, with their scores; for a text
        query in relevance order, the best BM25 matches re-ordered by the embedding fusion."""
        docs = self._gen.docs
        found = np.flatnonzero(final)
        ranked = scores[found] * self._factor[found] if scores is not None else np.zeros(len(found))
        # Year first for the date sorts, score first for relevance; title breaks ties.
        direction = {"newest": -1.0, "oldest": 1.0}.get(req.sort, 0.0)
        year = docs.year[found]
        order = np.lexsort((docs.title_rank[found], -year, -ranked, direction * year))
        nums, sorted_scores = found[order], ranked[order]
        if scores is None or direction:
            return nums, sorted_scores
        text = semantic.query_text(pq.words, [*pq.phrases, *pq.titles])
        return self.reranker.rerank_arrays(
            self._s, self._gen, self._gen.pubs, nums, sorted_scores, text
        )

    def _group_editions(
        self, order: Any, scores: Any, present: Any
    ) -> tuple[Any, Any, dict[int, int]]:
        """The better-ranked edition of each linked pair that both match stands for the two;
        returns the shortened ranking and each standing edition's partner."""
        partner = self._gen.docs.partner[order]
        linked = np.flatnonzero(partner >= 0)
        linked = linked[present[partner[linked]]]
        partners: dict[int, int] = {}
        dropped: set[int] = set()
        for n, other in zip(order[linked].tolist(), partner[linked].tolist(), strict=True):
            if n not in dropped:
                partners[n] = other
                dropped.add(other)
        if not dropped:
            return order, scores, partners
        kept = ~np.isin(order, np.fromiter(dropped, dtype=np.int64, count=len(dropped)))
        return order[kept], scores[kept], partners

    def _pages_holding(self, weights: dict[str, float]) -> Any:
        """Which page documents hold any of the weighted terms in their passage text (a
        boolean array over document numbers): the only pages a snippet can come from, since
        a passage marks exactly the terms the passage field indexed."""
        out = np.zeros(len(self._gen.docs.is_pub), dtype=bool)
        reader = self._s.reader()
        field = self.schema["passage"]
        for term in weights:
            out[term_postings(reader, "passage", field.to_bytes(term))[0]] = True
        return out

    def _hit(
        self,
        n: int,
        score: float,
        weights: dict[str, float],
        keep: frozenset[str] = frozenset(),
        holding: Any | None = None,
    ) -> Hit:
        info = self._gen.pubs[n]
        snips = (
            page_snippets(self.passage_texts(info, keep, holding), self.analyse, weights)
            if weights
            else []
        )
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
        return bool(terms) and all(doc_frequency(self._s, "body", t) > 0 for t in terms)

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
            if len(terms) == 1:  # most words: no generator to build
                term, start, end = terms[0]
                out.append((term, at + start, at + end))
            else:
                out.extend((term, at + start, at + end) for term, start, end in terms)
        return out

    def page_texts(self, pid: str, holding: Any | None = None) -> list[str]:
        """A publication's stored page texts, in page order, read from its page documents
        (the page map knows them: no term lookup in every segment). With `holding` (a boolean
        array over document numbers), the other pages' texts are not read and come back
        empty."""
        with self._lock:  # the page map and the searcher of one generation, read together
            gen = self._gen
            n = gen.by_id.get(pid)
            if n is None:
                return page_texts_in(self._s, pid)
            docs = gen.pages.pages_of(n)
            wanted = holding[docs].tolist() if holding is not None else [True] * len(docs)
            texts = [
                self._s.stored_fields(d)["page_text"] if read else ""
                for d, read in zip(docs, wanted, strict=True)
            ]
        return texts

    def passage_texts(
        self, info: PubInfo, keep: frozenset[str] = frozenset(), holding: Any | None = None
    ) -> list[str]:
        """The publication's page texts as passages may be taken from them: without running
        headers and footers, the contents pages empty (a list of headings is no passage), and
        with `keep`, only the pages of those parts; with `holding`, only those page documents'
        texts are read (the others come back empty)."""
        out = []
        for number, text in enumerate(self.page_texts(info.id, holding), start=1):
            part = info.part(number)
            if not text or part == parts.CONTENTS or (keep and part not in keep):
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


def _catalogue_factors(gen: Generation) -> Any:
    """Per document number, what its score is multiplied by: CATALOGUE_FACTOR for catalogue
    types, else 1."""
    factor = np.ones(len(gen.docs.is_pub))
    factor[gen.facets["type"].mask(CATALOGUE_TYPES, len(factor))] = CATALOGUE_FACTOR
    return factor
