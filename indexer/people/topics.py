"""Key phrases that set a set of publications apart from the whole index."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from indexer.authority.clusters import Authority
from indexer.search.searcher import PubInfo, Searcher
from indexer.text import lower_unaccented

# ---------------------------------------------------------------- topics (key phrases)

TOPIC_COUNT = 8


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that carry no topic of their own; the index's stop list is kept short for phrase
# search, so a topic needs its own.
_FUNCTION_WORDS = _words(
    """
    about above after again against all also among any because been before being below
    between both but could did does doing down during each either few further had has having
    her here hers him his how however into its just more most much must neither nor now off
    once only other our ours out over own same she should since some such than their theirs
    them then there these they those through thus too toward towards under until upon very
    was were what whether which while who whom whose why within without would
    although though even already still well many several various large important take
    place make made given
    """
)
# Words of the publications' own make-up (series names, front matter, section headings).
_DOCUMENT_WORDS = _words(
    """
    report reports paper papers working chapter chapters study studies brief briefs issue
    issues contents summary background introduction conclusion conclusions suggestions
    implications annex appendix table tables figure figures publisher publication publishing
    copyright researcher researchers chief director task tasks case cases current situation
    """
)


@dataclass
class _Term:
    count: int = 0
    forms: Counter[str] = field(default_factory=Counter)  # surface forms seen


def _name_words(auth: Authority) -> set[str]:
    return {
        w
        for names in auth.spellings.values()
        for n in names
        for w in re.findall(r"\w+", lower_unaccented(n))
    }


def topics(
    searcher: Searcher,
    mine: Sequence[PubInfo],
    pubs: Sequence[PubInfo],
    auth: Authority,
    limit: int = TOPIC_COUNT,
) -> list[str]:
    """Distinctive words and two-word phrases of these publications against the whole index:
    tf-idf with idf squared, as what sets a person apart matters more than what they repeat;
    names, numbers and the words every publication is made of are left out."""
    if not mine:
        return []
    skip = _name_words(auth) | _FUNCTION_WORDS | _DOCUMENT_WORDS
    terms: dict[tuple[str, ...], _Term] = {}
    for p in mine:
        # The title counts thrice: it says what the publication is about in fewest words.
        for text in [p.title] * 3 + searcher.page_texts(p.id):
            _count_terms(searcher.analyse(text), text, skip, terms)
    total = max(len(pubs), 1)
    df = searcher.document_frequencies("body", {stem for gram in terms for stem in gram})
    scored = []
    for gram, t in terms.items():
        if len(gram) == 2 and t.count < 2:
            continue
        if any(df[g] > total / 2 for g in gram):
            continue  # a word in most publications describes the collection, not a person
        # A phrase is at least as rare as its rarer word.
        idf = max(math.log((total + 1) / (df[g] + 1)) for g in gram)
        # A phrase names a topic more exactly than either of its words: it gets both credits.
        scored.append((t.count * idf * idf * len(gram), gram))
    scored.sort(key=lambda x: (-x[0], x[1]))
    chosen: list[tuple[str, ...]] = []
    for _, gram in scored:
        if len(chosen) == limit:
            break
        if not any(set(gram) & set(c) for c in chosen):
            chosen.append(gram)
    return [terms[g].forms.most_common(1)[0][0] for g in chosen]


def _count_terms(
    analysed: list[tuple[str, int, int]],
    text: str,
    skip: set[str],
    terms: dict[tuple[str, ...], _Term],
) -> None:
    """Add the words and two-word phrases of `text` (analysed: stems with their spans)."""
    prev: tuple[str, int, int] | None = None  # stem, start and end offsets
    for stem, start, end in analysed:
        surface = text[start:end]
        word = lower_unaccented(surface)
        if len(word) < 3 or not word.isalpha() or word in skip:
            prev = None
            continue
        one = terms.setdefault((stem,), _Term())
        one.count += 1
        one.forms[_form(surface)] += 1
        # Two words make a phrase only when nothing but a space or hyphen stands between.
        if prev is not None and re.fullmatch(r"\s?-?\s?", text[prev[2] : start]):
            two = terms.setdefault((prev[0], stem), _Term())
            two.count += 1
            two.forms[_form(text[prev[1] : end])] += 1
        prev = (stem, start, end)


def _form(surface: str) -> str:
    """Lower case except acronyms ("COI"), spacing normalised."""
    words = surface.split()
    return " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in words)
