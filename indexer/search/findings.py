"""What our publications concluded: whole sentences from the conclusions and summaries of the
publications that best match a question.

Extracted, never generated: every passage is a run of whole sentences of one page's text, as
the PDF gives it (only line breaks become spaces), so no word is shown that is not in the PDF.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from indexer import parts
from indexer.search.query import parse
from indexer.search.searcher import PubInfo, Searcher, SearchRequest
from indexer.text import HANGUL_SYLLABLES

# Publications, best first, whose conclusions are read: the right one is among the first few
# a search ranks (the policy questions find theirs in the top 3).
CANDIDATES = 5
# Passages shown at most, one per publication.
MAX_FINDINGS = 3
# A passage is one to this many consecutive sentences, at most MAX_PASSAGE_CHARS long: enough
# for a claim and its reason, short enough to read at a glance.
MAX_SENTENCES = 3
MAX_PASSAGE_CHARS = 700
MIN_WORDS = 2
# The share of the question's weight (its distinctive words, weighted by idf) a passage must
# hold to be shown. Below it a passage shares a common word or two with the question but is
# about something else; a question whose answer a conclusion holds names its subject with a
# rarer word that the passage repeats. Better to say "nothing matched well" than to show it.
MIN_COVERAGE = 0.35
# Publications further down the ranking need a passage this much better to be shown first:
# the ranking has read the whole publication, a passage is only a few sentences.
RANK_DECAY = 0.85

_SENTENCE_END = re.compile(r"(?<=[.!?。])[\"'”’)]*\s+")
# A sentence starts with a capital, a digit, an opening quote or bracket, or Hangul.
_STARTS = re.compile(rf"^[\"'“‘(\[]?[A-Z0-9{HANGUL_SYLLABLES}]")
_ENDS = re.compile(r"[.!?。][\"'”’)]*$")


@dataclass
class Finding:
    """One passage: whole sentences from a conclusion or summary page."""

    text: str
    pub_id: str
    title: str
    type: str
    year: int | None
    page: int
    part: str
    section: str  # the heading the page falls under, or the part's name
    link: str  # the app's publication page at this page: ?id=…&p=…
    coverage: float  # share of the question's weight the passage holds, 0-1


@dataclass
class Findings:
    question: str
    interpreted_as: str
    passages: list[Finding] = field(default_factory=list)
    # Why nothing is shown, when nothing is.
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def sentences(text: str) -> list[str]:
    """The whole sentences of a page's text, in order. Paragraphs are split at blank lines;
    a fragment that does not start and end as a sentence (a heading, a page number, a sentence
    carried over from the page before or onto the next) is left out."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n|" + parts.RUNNING_MARK, text):
        joined = " ".join(block.split())
        for piece in _SENTENCE_END.split(joined):
            piece = piece.strip()
            # A numbered heading's "V." or "2." ends with a full stop but says nothing.
            words = len(piece.split())
            if words >= MIN_WORDS and _STARTS.match(piece) and _ENDS.search(piece):
                out.append(piece)
    return out


def _adjacent(text: str, run: list[str]) -> bool:
    """Whether the sentences stand side by side in the page text (nothing left out between)."""
    return " ".join(run) in " ".join(text.split())


def _coverage(searcher: Searcher, passage: str, weights: dict[str, float], total: float) -> float:
    found = {t for t, _, _ in searcher.analyse(passage)}
    return sum(w for t, w in weights.items() if t in found) / total if total else 0.0


def _best_passage(
    searcher: Searcher, info: PubInfo, weights: dict[str, float], total: float
) -> Finding | None:
    """The conclusion or summary passage of a publication holding most of the question."""
    best: Finding | None = None
    pages = searcher.passage_texts(info, parts.FINDINGS_PARTS)
    for number, text in enumerate(pages, start=1):
        found = sentences(text)
        for i in range(len(found)):
            for j in range(i + 1, min(i + MAX_SENTENCES, len(found)) + 1):
                run = found[i:j]
                passage = " ".join(run)
                if len(passage) > MAX_PASSAGE_CHARS or not _adjacent(text, run):
                    break
                cover = round(_coverage(searcher, passage, weights, total), 3)
                # Shorter wins a tie (a sentence more that adds no word of the question is
                # noise), and conclusions win one over a summary that repeats them.
                better = best is None or cover > best.coverage
                tie = best is not None and cover == best.coverage and len(run) == 1
                if better or (tie and best is not None and _prefer(info.part(number), best.part)):
                    best = Finding(
                        passage,
                        info.id,
                        info.title,
                        info.type,
                        info.year,
                        number,
                        info.part(number),
                        info.section(number),
                        f"?id={info.id}&p={number}",
                        cover,
                    )
    return best


def _prefer(part: str, over: str) -> bool:
    return part == parts.CONCLUSIONS and over != parts.CONCLUSIONS


def findings(searcher: Searcher, question: str, limit: int = MAX_FINDINGS) -> Findings:
    """Up to `limit` passages, one per publication, from the conclusions and summaries of the
    publications that best match `question`; none, with a note, when none holds enough of it."""
    # Only the order of the best few is needed: no facet counts, no snippets.
    candidates = searcher.ranked_ids(SearchRequest(question))[:CANDIDATES]
    out = Findings(question, parse(question).interpreted_as())
    weights = searcher.term_weights(question)
    total = sum(weights.values())
    if not weights:
        out.note = "no words to look for in this question"
        return out
    scored: list[tuple[float, Finding]] = []
    for rank, pid in enumerate(candidates):
        found = _passage_of(searcher, pid, weights, total)
        if found is not None and found.coverage >= MIN_COVERAGE:
            scored.append((found.coverage * RANK_DECAY**rank, found))
    scored.sort(key=lambda sf: -sf[0])
    out.passages = [f for _, f in scored[:limit]]
    if not out.passages:
        out.note = (
            "no conclusion or summary of the best-matching publications says much about this; "
            "see the search results instead"
        )
    return out


def _passage_of(
    searcher: Searcher, pid: str, weights: dict[str, float], total: float
) -> Finding | None:
    info = searcher.publication(pid)
    return _best_passage(searcher, info, weights, total) if info is not None else None
