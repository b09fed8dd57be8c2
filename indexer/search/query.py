"""The query language for humans: words, "phrases", -exclusions, field:value and year ranges.

Parsing never fails: whatever cannot be read as syntax is read as plain words, and a note
says so. `ParsedQuery.interpreted_as()` is the normalised form shown back to the user.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# The longest query read, for every caller; the rest is cut off, with a note. The app's search
# box and its address hold as many characters, so what the app shows is what is read. 500, not
# more: a query of about 400 characters already holds more than MAX_WORDS loose words, so a
# longer one would mostly add words that are cut anyway.
MAX_QUERY_CHARS = 500
MAX_WORDS = 64

FIELD_ALIASES = {
    "title": "title",
    "researcher": "researcher",
    "author": "researcher",
    "by": "researcher",
    "type": "type",
    "year": "year",
    "section": "section",
    "part": "section",
    "topic": "topic",
}
OPERATORS = {"AND", "OR", "&&", "||"}
NEGATIONS = {"NOT", "!"}

# Words that make a request a question ("what did we conclude about ...?", "any reports on
# ...?") without saying what it is about. Most are stop words of the index anyway; the verbs of
# asking (conclude, find, say, know) and the names of the collection's own kind (report, paper,
# research) are not, and would match nearly every report. Dropped from loose words only, never
# from quoted phrases, and only when some other word remains. The query language drops them
# from the words it reads, so they are neither shown as searched nor highlighted; the ranking
# drops them from the text it scores, for callers that skip the query language.
_QUESTION_WORDS = """
    what which who whom whose when where why how
    did do does done doing is are was were be been being has have had having
    can could should would will shall may might must
    we our ours us i me my you your they their them it its
    there here any anything something please
    about regarding concerning on
    conclude concluded concludes conclusion conclusions find found finding findings
    say says said know knew tell told show shows
    publication publications report reports paper papers research
"""
QUESTION_WORDS: frozenset[str] = frozenset(_QUESTION_WORDS.split())

_TOKEN = re.compile(
    r"""(?P<neg>-)?
        (?:(?P<field>[A-Za-z_]+):)?
        (?:"(?P<phrase>[^"]*)"|(?P<word>[^\s"]+))?
    """,
    re.X,
)
_YEAR_RANGE = re.compile(r"^(\d{4})?\s*(?:-|\.\.|to)\s*(\d{4})?$")


@dataclass
class ParsedQuery:
    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=list)
    exclude_words: list[str] = field(default_factory=list)
    exclude_phrases: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    researchers: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)  # parts of the report, as typed
    topics: list[str] = field(default_factory=list)
    year_from: int | None = None
    year_to: int | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        return bool(self.words or self.phrases or self.prefixes or self.titles)

    def interpreted_as(self) -> str:
        parts = list(self.words)
        parts += [f"{p}*" for p in self.prefixes]
        parts += [f'"{p}"' for p in self.phrases]
        parts += [f"-{w}" for w in self.exclude_words]
        parts += [f'-"{p}"' for p in self.exclude_phrases]
        parts += [f'title:"{t}"' for t in self.titles]
        parts += [f'researcher:"{r}"' for r in self.researchers]
        parts += [f'type:"{t}"' for t in self.types]
        parts += [f"section:{s}" for s in self.sections]
        parts += [f'topic:"{t}"' for t in self.topics]
        if self.year_from is not None or self.year_to is not None:
            lo, hi = self.year_from, self.year_to
            parts.append(f"year:{lo}" if lo == hi else f"year:{lo or ''}..{hi or ''}")
        return " ".join(parts)


def clean(text: str) -> str:
    """Drop control and format characters, fold odd quotes, cap the length."""
    text = "".join(
        " " if unicodedata.category(c)[0] == "C" else c for c in unicodedata.normalize("NFC", text)
    )
    text = text.replace("“", '"').replace("”", '"').replace("„", '"')
    return text[:MAX_QUERY_CHARS]


def _plain_words(text: str) -> list[str]:
    return re.findall(r"\w[\w'’.-]*\w|\w", text)


def parse(text: str) -> ParsedQuery:
    """Read a user's query; never raises."""
    pq = ParsedQuery()
    raw = clean(text or "")
    if len(text or "") > MAX_QUERY_CHARS:
        pq.notes.append(f"query shortened to {MAX_QUERY_CHARS} characters")
    if raw.count('"') % 2:
        pq.notes.append("unbalanced quote ignored")
        raw = raw.replace('"', " ")
    if raw.count("(") != raw.count(")") or raw.count("[") != raw.count("]"):
        pq.notes.append("unbalanced brackets ignored")
    raw = re.sub(r"[()\[\]{}]", " ", raw)
    negate_next = False
    for m in _TOKEN.finditer(raw):
        if not m.group(0):
            continue
        negate_next = _take(pq, m, negate_next)
    _finish(pq)
    return pq


def _take(pq: ParsedQuery, m: re.Match[str], negate_next: bool) -> bool:
    """Add one token to `pq`; returns whether the next token is negated (after NOT)."""
    neg = bool(m.group("neg")) or negate_next
    fname, phrase, word = m.group("field"), m.group("phrase"), m.group("word")
    if fname is not None:
        _take_field(pq, fname, phrase if phrase is not None else word, neg)
        return False
    if word is not None and word in NEGATIONS:
        return True
    if word is not None and word in OPERATORS:
        return False
    if phrase is not None:
        _add_text(pq, phrase, neg, quoted=True)
    elif word is not None:
        _add_text(pq, word, neg, quoted=False)
    elif m.group("neg"):
        pq.notes.append("dangling '-' ignored")
    return False


def _add_text(pq: ParsedQuery, text: str, neg: bool, quoted: bool) -> None:
    words = _plain_words(text)
    if not words:
        if text.strip("*?"):
            return
        pq.notes.append(f"'{text}' ignored: no words in it")
        return
    if quoted and len(words) > 1:
        (pq.exclude_phrases if neg else pq.phrases).append(" ".join(words))
        return
    if not quoted and len(words) == 1 and text.endswith("*") and len(words[0]) >= 3 and not neg:
        pq.prefixes.append(words[0].lower())
        return
    (pq.exclude_words if neg else pq.words).extend(words)


def _take_field(pq: ParsedQuery, fname: str, value: str | None, neg: bool) -> None:
    name = FIELD_ALIASES.get(fname.lower())
    value = (value or "").strip()
    if name is None:
        pq.notes.append(f"unknown field '{fname}:' read as words")
        _add_text(pq, f"{fname} {value}", neg, quoted=False)
        return
    if not value or not _plain_words(value):
        pq.notes.append(f"'{fname}:' has no value and was ignored")
        return
    if neg:
        pq.notes.append(f"'-{fname}:' is not supported; '{value}' excluded as words")
        _add_text(pq, value, True, quoted=True)
        return
    if name == "year":
        _take_year(pq, value)
    elif name == "title":
        pq.titles.append(" ".join(_plain_words(value)))
    elif name == "researcher":
        pq.researchers.append(value)
    elif name == "section":
        pq.sections.append(value)
    elif name == "topic":
        pq.topics.append(" ".join(value.split()))
    else:
        pq.types.append(value)


def _take_year(pq: ParsedQuery, value: str) -> None:
    value = value.strip()
    if re.fullmatch(r"\d{4}", value):
        pq.year_from = pq.year_to = int(value)
        return
    m = _YEAR_RANGE.match(value)
    if m and (m.group(1) or m.group(2)):
        lo = int(m.group(1)) if m.group(1) else None
        hi = int(m.group(2)) if m.group(2) else None
        if lo is not None and hi is not None and lo > hi:
            lo, hi = hi, lo
        pq.year_from, pq.year_to = lo, hi
        return
    pq.notes.append(f"'year:{value}' is not a year or range (try year:2021 or year:2019..2021)")


def _finish(pq: ParsedQuery) -> None:
    topical = [w for w in pq.words if w.lower() not in QUESTION_WORDS]
    if topical and len(topical) < len(pq.words):
        pq.words = topical
    if len(pq.words) > MAX_WORDS:
        pq.notes.append(f"only the first {MAX_WORDS} words are used")
        pq.words = pq.words[:MAX_WORDS]
