"""Scores for title candidates and the confidence that goes with each detected field.

Every weight is hand-set and named with the reason it holds for report covers in general; a
candidate's score is the sum of its feature weights, and confidence comes from the score and
the margin over the runner-up.
"""

from __future__ import annotations

import re

from indexer.metadata.dates import DATE_RE, NUMERIC_DATE_RE
from indexer.metadata.layout import TextLine
from indexer.metadata.names import is_org_line
from indexer.text import HANGUL_SYLLABLES, fold

# Relative type size is the strongest cue: covers set the title in the largest type.
W_SIZE = 1.0
# Publishers set their own name big on covers; a title is rarely just an organisation's name.
W_ORG = -0.6
# A lone capitalised acronym (a few letters) is a logo or wordmark, not a title.
W_ACRONYM = -0.8
ACRONYM_MAX_LETTERS = 5
# On a document in a script other than Latin, a Latin-only line is a masthead or a parallel
# translation; the title is printed in the document's own script.
W_SCRIPT = -0.6
# Letters set apart one by one ("주 택 실", "R E P O R T") are ornament: section or office names.
W_SPACED = -0.5
# A line that carries a date is usually an imprint line; it may still be a title ("2025년 …").
W_DATE = -0.2
# A single word is rarely a whole title (a country, a programme, a logo); it often qualifies one.
W_ONE_WORD = -0.2
# Covers read top down; the higher of two equal candidates is the title, the other a subtitle.
W_HEIGHT = 0.1
# Covers come first: a block on a later page is a section heading more often than a title.
W_LATER_PAGE = -0.15

# Confidence: what a clear winner with no rival scores, and how much a margin adds.
CONF_BASE = 0.45
CONF_PER_SCORE = 0.3
CONF_PER_MARGIN = 0.6
# A margin wider than this over the runner-up is decisive.
MARGIN_FULL = 0.5

_HANGUL = re.compile(f"[{HANGUL_SYLLABLES}]")
_SPACED = re.compile(r"^(?:\S\s){2,}\S$")


def script_of(text: str) -> str:
    """The script that dominates a string's letters: 'hangul', 'latin' or 'other'."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return ""
    hangul = sum(bool(_HANGUL.match(c)) for c in letters)
    latin = sum(c.isascii() or "\u00c0" <= c <= "\u024f" for c in letters)
    best = max((hangul, "hangul"), (latin, "latin"), (len(letters) - hangul - latin, "other"))
    return best[1]


# Nouns naming a kind of document or work: a line with one is a title or a label, even when it
# also names a body ("Programme Appraisal Document", "Country Programme Evaluation").
DOCUMENT_WORDS = {
    "report", "reports", "paper", "papers", "brief", "document", "evaluation", "study", "review",
    "plan", "statement", "summary", "assessment", "appraisal", "profile", "survey", "analysis",
    "strategy", "guidelines", "handbook",
}  # fmt: skip


def is_imprint(text: str) -> bool:
    """A line that is only an organisation's name (a publisher's imprint)."""
    return is_org_line(text) and not DOCUMENT_WORDS & set(fold(text).split())


def _is_acronym(text: str) -> bool:
    words = text.split()
    letters = [c for c in text if c.isalpha()]
    return len(words) == 1 and text.isupper() and len(letters) <= ACRONYM_MAX_LETTERS


def title_features(
    text: str, lines: list[TextLine], page_top_size: float, page_height: float, language: str
) -> dict[str, float]:
    """The weighted features of one candidate block (only those that apply)."""
    big = max(ln.size for ln in lines)
    feats: dict[str, float] = {"size": W_SIZE * big / max(page_top_size, 1e-6)}
    top = max(ln.y1 for ln in lines)
    feats["height"] = W_HEIGHT * max(0.0, min(1.0, top / max(page_height, 1e-6)))
    if is_imprint(text):
        feats["organisation"] = W_ORG
    if _is_acronym(text):
        feats["acronym"] = W_ACRONYM
    if language == "ko" and script_of(text) != "hangul":
        feats["script"] = W_SCRIPT
    if _SPACED.match(text.strip()):
        feats["spaced"] = W_SPACED
    if DATE_RE.search(text) or NUMERIC_DATE_RE.search(text):
        feats["date"] = W_DATE
    # Hangul compounds are written without spaces, so one word there is a whole title.
    if len(text.split()) == 1 and script_of(text) == "latin":
        feats["one_word"] = W_ONE_WORD
    return feats


def confidence(best: float, runner_up: float | None) -> float:
    """0–1 from the winner's score and its margin over the next candidate."""
    margin = MARGIN_FULL if runner_up is None else min(MARGIN_FULL, best - runner_up)
    value = CONF_BASE + CONF_PER_SCORE * min(best, 1.0) + CONF_PER_MARGIN * margin
    return round(max(0.0, min(1.0, value)), 2)


def info_agrees(title: str, info: str) -> bool:
    a, b = fold(title), fold(info)
    return bool(a) and bool(b) and (a == b or a in b)
