"""Search: ranked publications with page snippets, exact facet counts, filters and did-you-mean.

The public API takes and returns plain dataclasses; no Whoosh type crosses it, so another
engine could stand behind the same `Searcher` interface.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import Any, Literal, NamedTuple

from whoosh import query as wq

from indexer import parts
from indexer.authority.clusters import Authority
from indexer.authority.decisions import authority_stamp, load_decisions
from indexer.authority.editions import (
    EditionFacts,
    editions_stamp,
    link_editions,
    load_edition_decisions,
    name_joins,
)
from indexer.metadata.phrases import choose as choose_key_phrases
from indexer.search import ranking
from indexer.search._postings import score_all
from indexer.search.query import ParsedQuery, parse
from indexer.search.sections import PageMap, wanted_parts
from indexer.search.snippets import page_snippets
from indexer.search.spelling import Vocabulary, suggest
from indexer.store import schema
from indexer.store.index import page_texts_in
from indexer.types import PubType, parse_type

SORTS = ("relevance", "newest", "oldest")
# Catalogue-like publications (an annual report lists every publication of its year) match
# almost any topic; they rank below a publication that is about the topic.
CATALOGUE_TYPES = frozenset({PubType.ANNUAL_REPORT.value})
CATALOGUE_FACTOR = 0.35

# The facets counted, which are also the filters a request can set.
_Facet = Literal["type", "year", "researcher", "language", "section", "topic"]
# Per facet, the publications its filter lets through; None where the request sets no filter.
_Filters = dict[_Facet, set[int] | None]


@dataclass
class SearchRequest:
    query: str = ""
    types: list[str] = field(default_factory=list)
    year_from: int | None = None
    year_to: int | None = None
    researchers: list[str] = field(default_factory=list)
    limit: int = 10
    offset: int = 0
    sort: str = "relevance"
    languages: list[str] = field(default_factory=list)  # "ko", "en": the document's language
    # Parts of the report (indexer/parts.py) the matches and snippets are kept to.
    sections: list[str] = field(default_factory=list)
    # One hit for a publication whose two language editions both match (the app's cards);
    # off, every edition is its own hit (exports, counts of files).
    group_editions: bool = False
    topics: list[str] = field(default_factory=list)  # key phrases, any of them


@dataclass
class PageHit:
    page: int
    snippet: str
    ocr: bool = False  # the page's text was read from its image
    part: str = ""  # the page's part of the report (indexer/parts.py)
    section: str = ""  # what the snippet says of its place: "Policy Implications", "Summary"


@dataclass
class Hit:
    id: str
    title: str
    type: str
    year: int | None
    researchers: list[str]
    score: float
    path: str
    pages: list[PageHit] = field(default_factory=list)
    language: str = ""
    # Its other edition when the request groups editions and both match (one card for both).
    editions: list[Edition] = field(default_factory=list)


@dataclass
class SearchResult:
    total: int
    query: str
    interpreted_as: str
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    suggestion: str | None = None
    notes: list[str] = field(default_factory=list)
    # Hits to page through: `total` less the editions that share a card (= total ungrouped).
    groups: int = 0

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return asdict(self)


@dataclass
class PubInfo:
    docnum: int
    id: str
    title: str
    type: str
    year: int | None
    researchers: list[str]
    canonical: list[str]
    path: str
    language: str = ""
    ocr_pages: frozenset[int] = frozenset()
    page_parts: tuple[str, ...] = ()
    page_headings: tuple[str, ...] = ()
    running: frozenset[str] = frozenset()
    other_edition: str = ""  # the id of this publication in its other language, if linked
    topics: list[str] = field(default_factory=list)  # its key phrases, best first
    topic_weights: dict[str, float] = field(default_factory=dict)  # each key phrase's tf-idf

    def part(self, page: int) -> str:
        """The part of the report page `page` (1-based) is in; body when not known."""
        return self.page_parts[page - 1] if page <= len(self.page_parts) else parts.BODY

    def section(self, page: int) -> str:
        """The page's heading, else its part's name; empty when the page's part is not known."""
        if page > len(self.page_parts):
            return ""
        heading = self.page_headings[page - 1] if page <= len(self.page_headings) else ""
        return parts.label(self.page_parts[page - 1], heading)


@dataclass
class Edition:
    """The same publication in another language, as a card or a page links to it."""

    id: str
    title: str
    language: str

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "title": self.title, "language": self.language}


class Snapshot(NamedTuple):
    """One index generation's publications and name authority, read together."""

    publications: list[PubInfo]
    authority: Authority


@dataclass
class _Generation:
    """Everything derived from one index generation, rebuilt only when the index changes."""

    pubs: dict[int, PubInfo]
    by_id: dict[str, int]
    by_type: dict[str, set[int]]
    by_year: dict[int, set[int]]
    by_researcher: dict[str, set[int]]
    authority: Authority
    vocab: Vocabulary | None = None
    by_language: dict[str, set[int]] = field(default_factory=dict)
    pages: PageMap = field(default_factory=PageMap)
    editions_stamp: tuple[int, int, int] | None = None
    by_topic: dict[str, set[int]] = field(default_factory=dict)
    # by_topic turned around: each publication's topics. There are far more topics than
    # publications in a match set, so the topic facet counts publication by publication.
    topics_of: dict[int, tuple[str, ...]] = field(default_factory=dict)


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
        self._gen = self._build_generation()

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
            self._gen = self._build_generation()
            return True

    def close(self) -> None:
        self._s.close()

    def _build_generation(self) -> _Generation:
        s = self._s
        pubs: dict[int, PubInfo] = {}
        by_type: dict[str, set[int]] = {}
        by_year: dict[int, set[int]] = {}
        stored = {n: s.stored_fields(n) for n in s.document_numbers(kind=schema.KIND_PUB)}
        records = [(n, json.loads(f["record"])) for n, f in stored.items()]
        edition_decisions = load_edition_decisions(self.root)
        facts = {r["id"]: EditionFacts.of(r) for _, r in records}
        other = link_editions(list(facts.values()), edition_decisions)
        joins = [
            (j.hangul, j.romanised)
            for a, b in sorted(other.items())
            if a < b
            for j in name_joins(facts[a], facts[b])
        ]
        authority = Authority.build(
            ((_names(r["meta"]), r["meta"].get("year") or 0) for _, r in records),
            overrides=load_decisions(self.root),
            joins=joins,
        )
        authority.note_leads({r["id"]: r["meta"].get("chief", []) for _, r in records})
        by_res: dict[str, set[int]] = {}
        by_language: dict[str, set[int]] = {}
        for n, r in records:
            meta = r["meta"]
            names = _names(meta)
            canon = list(dict.fromkeys(authority.resolve(x) or x for x in names))
            info = PubInfo(
                n, r["id"], meta["title"], meta["type"], meta.get("year"), names, canon, r["path"]
            )
            info.language = meta.get("language") or ""
            info.ocr_pages = frozenset(r.get("ocr_pages", []))
            info.page_parts = tuple(r.get("page_parts", []))
            info.page_headings = tuple(r.get("page_headings", []))
            info.running = frozenset(r.get("running_lines", []))
            info.other_edition = other.get(info.id, "")
            pubs[n] = info
            by_language.setdefault(info.language, set()).add(n)
            by_type.setdefault(info.type, set()).add(n)
            if info.year is not None:
                by_year.setdefault(info.year, set()).add(n)
            for c in canon:
                by_res.setdefault(c, set()).add(n)
        by_id = {p.id: n for n, p in pubs.items()}
        name_words = frozenset(
            w.lower()
            for spelled in authority.spellings.values()
            for x in spelled
            for w in x.split()
        )
        chosen = choose_key_phrases(
            {n: json.loads(f.get("phrases") or "{}") for n, f in stored.items()}, name_words
        )
        by_topic: dict[str, set[int]] = {}
        for n, phrases in chosen.items():
            pubs[n].topics = list(phrases)
            pubs[n].topic_weights = dict(phrases)
            for t in phrases:
                by_topic.setdefault(t, set()).add(n)
        gen = _Generation(pubs, by_id, by_type, by_year, by_res, authority, by_language=by_language)
        gen.pages = PageMap.build(self._s, ((n, p.id) for n, p in pubs.items()))
        gen.editions_stamp = edition_decisions.stamp
        gen.by_topic = by_topic
        gen.topics_of = _values_of(by_topic)
        return gen

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
            return [self._gen.pubs[n].id for n, _ in self._rank(final, scores, req)]

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
        ranked = self._rank(final, scores, req)
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
        self, final: set[int], matched: dict[int, float] | None, req: SearchRequest
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

        return [(n, scores[n]) for n in sorted(final, key=key)]

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


def _values_of(by_value: dict[str, set[int]]) -> dict[int, tuple[str, ...]]:
    """Per document, the values whose sets hold it: counting a document's values gives
    the same counts as intersecting each value's set with the documents."""
    out: dict[int, list[str]] = {}
    for value, docs in by_value.items():
        for n in docs:
            out.setdefault(n, []).append(value)
    return {n: tuple(values) for n, values in out.items()}


def _names(meta: dict[str, Any]) -> list[str]:
    names = [*meta.get("chief", []), *meta.get("co_researchers", [])]
    return list(dict.fromkeys(names))
