"""Person and organisation names on report covers: bylines, name lists, corporate authors.

Names are kept exactly as printed (spelling, order, "Surname, Given"); unifying variants is
another module's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from indexer.metadata.layout import BELOW_OVERLAP, TextLine, strip_marks
from indexer.metadata.vocab import (
    NOT_NAME_WORDS,
    PARTICLES,
    is_credential,
    is_hangul_name,
    is_korean_unit,
    wordset,
)
from indexer.text import HANGUL_SYLLABLES, fold

# A person's name has a given name and a surname, and rarely more than five words with
# middle names, initials and particles.
NAME_MIN_WORDS = 2
NAME_MAX_WORDS = 5
# Longer all-capital words are account names or headings, not how covers print people;
# shorter ones can be initials run together ("JM").
CAPS_INITIALS = 3
# Corporate names, even long ones with "of the ... for ...", stay under these word counts.
ORG_MAX_WORDS = 12
ORG_PHRASE_MIN_WORDS = 2
ORG_PHRASE_MAX_WORDS = 8
# One mention of an organisation is a citation; repeated ones name the author.
ORG_MIN_MENTIONS = 2
# Title lines rarely list this many people; bylines often do.
LIST_MIN_PEOPLE = 3
# A value right of its label starts at or after the label's end, give or take rounding
# (points).
ROW_VALUE_SLACK = 1.0
# A wrapped name list continues no further left than a small indent ...
NAME_WRAP_INDENT = 0.6
# ... and no further down than a line's spacing.
NAME_WRAP_GAP = 1.2
# A byline wraps over a few lines; reading on would pull in the next block of names.
MAX_NAME_LINES = 6
# A corporate name under its label may be centred on it, so it can start this many type sizes
# to either side.
ORG_VALUE_REACH = 2
# A label's value longer than this is a sentence, not a corporate name.
ORG_VALUE_MAX_WORDS = 10


# Positions printed after a name ("Jane Roe, Senior Fellow").
_POSITION = re.compile(
    r"^(?:(?:senior|junior|chief|lead|principal|associate|assistant|visiting|research|deputy)\s+)*"
    r"(?:fellow|researcher|professor|director|economist|consultant|analyst|specialist|officer"
    r"|lecturer|advisor|adviser|expert|evaluator|team leader|head)s?$",
    re.I,
)
_TITLE_PREFIX = re.compile(r"^(?:Dr|Prof|Professor|Mr|Mrs|Ms|Mx)\.?\s+")
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_SPLIT = re.compile(r"\s*(?:,|;|\s&\s|\band\b|\bund\b|\bet\b)\s*")
_INITIAL = re.compile(r"^(?:[A-Z]\.){1,3}$|^[A-Z]\.-[A-Z]\.$|^[A-Z]$")
_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['’\-.])*$")
_EMAIL_URL = re.compile(r"@|https?:|www\.|\.(?:org|com|edu|net|int)\b", re.I)

ORG_HEADS = wordset(
    """
    university college school institute department faculty centre center office division unit bank
    group ltd ltda inc llc gmbh plc corporation company project programme program organization
    organisation foundation association committee council commission ministry agency fund service
    network secretariat authority board
    """
)


def _tokens(name: str) -> list[str]:
    return name.replace("\u00a0", " ").split()


def _valid_token(tok: str, pos: int, count: int, lenient: bool) -> bool:
    low = tok.lower().strip(".")
    if fold(tok) in NOT_NAME_WORDS and low not in PARTICLES:
        return False
    if _INITIAL.match(tok):
        return True
    if not _WORD.match(tok):
        return False
    if tok[0].isupper():
        # "ROSSINI" as a surname is account-name style, not how covers print people.
        return not (len(tok) > CAPS_INITIALS and tok.isupper()) or lenient
    if low in PARTICLES:
        return 0 < pos < count - 1
    # Korean given names are sometimes printed with a lower-case second syllable ("Seo yeon").
    return lenient and 0 < pos < count - 1 and tok.isalpha()


def is_person_name(name: str, lenient: bool = False) -> bool:
    """Two to five name words, capitalised, no digits, no institution or title vocabulary.

    After a label (`lenient`), a Korean name written in Hangul (김도원) is one word: a known
    surname and a given name, never a body's name (기획조정실).
    """
    tokens = _tokens(name)
    if lenient and len(tokens) == 1 and is_hangul_name(tokens[0]):
        return True
    if not NAME_MIN_WORDS <= len(tokens) <= NAME_MAX_WORDS or _EMAIL_URL.search(name):
        return False
    if not all(_valid_token(t, i, len(tokens), lenient) for i, t in enumerate(tokens)):
        return False
    # At least two words that are more than an initial.
    return sum(not _INITIAL.match(t) for t in tokens) >= NAME_MIN_WORDS


def clean_name(part: str) -> str:
    part = strip_marks(_PAREN.sub(" ", part))
    part = _KO_POSITION.sub("", _TITLE_PREFIX.sub("", part.strip()))
    # Superscript affiliation digits come out glued to the surname ("Rossini1").
    part = re.sub(r"(?<=[a-z])\d{1,2}$", "", part)
    return " ".join(strip_marks(part.strip(" .:;,")).split())


def is_org_name(text: str) -> bool:
    words = fold(text).split()
    if is_korean_unit(text):
        return True
    return 1 <= len(words) <= ORG_MAX_WORDS and any(w in ORG_HEADS for w in words)


_CONNECTORS = frozenset({"of", "for", "and", "the", "&", "on", "de", "du", "des", "in"})


def is_org_line(text: str) -> bool:
    """A line that is a corporate name and nothing else: capitalised words with an org head."""
    text = text.strip()
    if is_korean_unit(text):
        return True
    if not is_org_name(text) or text.endswith((".", ":")) or _EMAIL_URL.search(text):
        return False
    words = [w.strip("(),&") for w in text.split()]
    return all(not w or w[0].isupper() or w.lower() in _CONNECTORS for w in words)


def _capitalised_runs(text: str) -> list[list[str]]:
    """Runs of capitalised words, with connectors inside ("Office of Budget and Planning")."""
    runs: list[list[str]] = []
    current: list[str] = []
    for raw in text.split():
        word = raw.strip("()[]“”\"'‘’").rstrip(",.;:")
        if word and (word[0].isupper() or (current and word.lower() in _CONNECTORS)):
            current.append(word)
            if not raw.endswith((",", ".", ";", ":", ")")):
                continue
        if current:
            runs.append(current)
        current = []
    if current:
        runs.append(current)
    return runs


def org_phrases(text: str) -> list[str]:
    """Corporate names in running text, each cut after its head word ("... Project")."""
    found: list[str] = []
    for run in _capitalised_runs(text):
        while run and run[-1].lower() in _CONNECTORS:
            run = run[:-1]
        while run and run[0].lower() in _CONNECTORS:
            run = run[1:]
        heads = [i for i, w in enumerate(run) if w.lower() in ORG_HEADS]
        if not heads:
            continue
        last = heads[-1]
        if not (last + 1 < len(run) and run[last + 1].lower() == "of"):
            run = run[: last + 1]
        if ORG_PHRASE_MIN_WORDS <= len(run) <= ORG_PHRASE_MAX_WORDS:
            found.append(" ".join(run))
    return found


def most_named_org(text: str, minimum: int = ORG_MIN_MENTIONS) -> str:
    """The organisation the text names most often (at least `minimum` times), as first printed."""
    counts: dict[str, int] = {}
    first: dict[str, str] = {}
    for phrase in org_phrases(text):
        key = fold(phrase)
        counts[key] = counts.get(key, 0) + 1
        first.setdefault(key, phrase)
    if not counts:
        return ""
    key = max(counts, key=lambda k: counts[k])  # ties: the first named, dicts keep order
    return first[key] if counts[key] >= minimum else ""


@dataclass
class NameList:
    """The people of one byline or list, plus any corporate names met among them."""

    people: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)


def _pair_surname_first(text: str, parts: list[str]) -> list[str]:
    """ "Rossini, Marco" split on its comma: single words come in surname/given pairs."""
    if not parts or len(parts) % 2 or any(len(_tokens(p)) != 1 for p in parts):
        return parts
    pairs = [(parts[i], parts[i + 1]) for i in range(0, len(parts), 2)]
    if all(
        re.search(rf"{re.escape(a)}\s*,\s*{re.escape(b)}", text) and is_person_name(f"{b} {a}")
        for a, b in pairs
    ):
        # Shown as people are addressed: "Surname, Given" becomes "Given Surname".
        return [f"{b} {a}" for a, b in pairs]
    return parts


def parse_names(text: str, lenient: bool = False) -> NameList | None:
    """Split a list of names; None when any part is neither a name, a credential nor (lenient)
    an org.

    Strict mode is for unlabelled lines, where anything else means the line is not a byline.
    Credentials (degrees, class years, acronyms) are dropped; they count only beside people.
    """
    text = _KO_OTHER_ROLE.split(_PAREN.sub(" ", text))[0].strip()
    if text.endswith(":"):
        return None  # a title line or a label, never a byline
    raw = [p for p in (clean_name(x) for x in _SPLIT.split(text)) if p]
    raw = [p for p in raw if not is_credential(p) and not _POSITION.match(p)]
    result = NameList()
    for part in _pair_surname_first(text, raw):
        if lenient and is_korean_unit(part):
            result.orgs.append(" ".join(part.split()))
        elif "," in part or is_person_name(part, lenient):
            result.people.append(part)
        elif lenient and is_org_name(part):
            result.orgs.append(part)
        else:
            return None
    return result if result.people or result.orgs else None


def looks_like_name_fragment(text: str) -> bool:
    """A continuation line of a wrapped name list: only name words, commas and "and"."""
    words = [w for w in re.split(r"[\s,;&]+", _PAREN.sub(" ", text)) if w]
    if not words:
        return False
    for w in words:
        w = strip_marks(w.strip("."))
        if w.lower() in {"and", "und", "et"} or w.lower() in PARTICLES or _INITIAL.match(w + "."):
            continue
        if is_hangul_name(w):
            continue  # Hangul has no capitals: a Korean name is its two to four syllables
        if not w or not _WORD.match(w) or not w[0].isupper() or fold(w) in NOT_NAME_WORDS:
            return False
    return True


# ---------------------------------------------------------------- labelled bylines

CHIEF, FIRST, CO, ORG, SKIP = "chief", "first", "co", "org", "skip"

# Label at the start of a line; the role says where the names go. Specific labels come before
# the general ones they begin with ("Corresponding author" is not "Author").
_LABELS: tuple[tuple[str, str], ...] = (
    (r"corresponding\s+authors?", SKIP),
    (r"associate\s+editors?", SKIP),
    (r"co-?\s?researchers?", CO),
    (r"co-?\s?authors?", CO),
    (r"co-?\s?investigators?", CO),
    (r"chief\s+researchers?", CHIEF),
    (r"principal\s+(?:investigators?|researchers?)", CHIEF),
    (r"lead\s+authors?", CHIEF),
    (r"authors?", FIRST),
    (r"written\s+by", FIRST),
    (r"edited\s+by", FIRST),
    (r"editors?", FIRST),
    (r"evaluators?", FIRST),
    (r"conducted\s+by", FIRST),
    (r"prepared\s+by", FIRST),
    (r"researchers?", FIRST),
    (r"by", FIRST),
    (r"submitted\s+by", ORG),
    (r"published\s+by", ORG),
    (r"document\s+of", ORG),
    # Korean reports: 연구책임자 (chief researcher), 공동연구자 / 공동연구진 (co-researchers).
    (r"(?:연구\s?책임자|책임\s?연구원)", CHIEF),
    (r"공동\s?연구(?:자|원|진)", CO),
    # 작성 / 작성자 (written by), the byline of Korean briefs and issue papers.
    (r"작성자?", FIRST),
)
# Korean staff roles printed after the authors on the same line (data collection, publisher,
# editor, design): the byline ends where one starts.
_KO_OTHER_ROLE = re.compile(r"\s(?:자료\s?수집|발행인|발행처|편집인?|디자인)(?:\s|$)")
# Korean positions printed after a name ("홍길동 부연구위원").
_KO_POSITION = re.compile(
    rf"(?<=[{HANGUL_SYLLABLES}])\s+(?:선임|수석|책임|부)?(?:연구\s?위원|연구원|위원|사원|박사|교수|실장|팀장"
    r"|센터장|부장|과장|주임)$"
)
_LABEL_RE = re.compile(
    r"^(" + "|".join(f"(?P<l{i}>{p})" for i, (p, _) in enumerate(_LABELS)) + r")\b\s*[:：]?\s*",
    re.I,
)
# Labels that may also start mid-line ("Chief Researcher A Co-researcher B" on one line).
_MIDLINE = re.compile(r"\s(?=(?:co-?\s?researchers?|chief\s+researchers?)\b)", re.I)


def match_label(text: str) -> tuple[str, str] | None:
    """(role, rest of the line) when the line starts with a byline label."""
    m = _LABEL_RE.match(text)
    if not m:
        return None
    for i, (_, role) in enumerate(_LABELS):
        if m.group(f"l{i}"):
            rest = text[m.end() :]
            # "By" alone on a line is a word that lost its sentence, not a label.
            if role == FIRST and m.group(f"l{i}").lower() == "by" and not rest:
                return None
            return role, rest
    return None


def is_by_label(text: str) -> bool:
    return bool(re.match(r"by\b", text.strip(), re.I))


def is_strong_byline(text: str) -> bool:
    """Name lines that cannot be a title: initials, degrees, marks, or a list of three or more."""
    names = parse_names(text)
    if names is None or names.orgs:
        return False
    if any(_INITIAL.match(t) for p in names.people for t in _tokens(p)):
        return True
    raw = [x.strip() for x in _SPLIT.split(_PAREN.sub(" ", text)) if x.strip()]
    marked = re.search(r"[∗*†‡§¶]|[a-z]\d\b", text)
    listed = len(names.people) >= LIST_MIN_PEOPLE
    degree = any(is_credential(clean_name(x)) and not re.search(r"\d", x) for x in raw)
    return bool(marked) or listed or degree


def split_labels(text: str) -> list[str]:
    return [p for p in _MIDLINE.split(text) if p.strip()]


@dataclass
class Byline:
    """Who a publication names: researchers by role, and corporate authors."""

    chief: list[str] = field(default_factory=list)
    co: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    page: int = 0
    labelled: bool = False  # the names followed a byline label ("Authors:", "작성")

    def add(self, role: str, names: NameList) -> None:
        if role == CHIEF:
            self.chief += names.people
        elif role == CO:
            self.co += names.people
        elif role == FIRST and names.people:
            # Plain author lists: the first person leads, as in a citation.
            target = self.co if self.chief else self.chief
            target.append(names.people[0])
            self.co += names.people[1:]
        self.orgs += names.orgs

    @property
    def people(self) -> list[str]:
        return [*self.chief, *self.co]


def _row_value(label: TextLine, lines: list[TextLine]) -> TextLine | None:
    """The value printed right of a label on the same row ("Evaluators:   Jane Roe ...")."""
    right = [ln for ln in lines if ln.same_row(label) and ln.x0 >= label.x1 - ROW_VALUE_SLACK]
    return min(right, key=lambda ln: ln.x0) if right else None


def _line_below(
    prev: TextLine, lines: list[TextLine], column: tuple[float, float]
) -> TextLine | None:
    """The next line down in the same column, if it follows closely (a wrapped continuation)."""
    below = [
        ln
        for ln in lines
        if ln.y1 <= prev.y0 + BELOW_OVERLAP * prev.height
        and min(ln.x1, column[1]) - max(ln.x0, column[0]) > 0
        and ln.x0 >= column[0] - NAME_WRAP_INDENT * prev.size
    ]
    if not below:
        return None
    nxt = max(below, key=lambda ln: (ln.y1, -ln.x0))
    return nxt if prev.gap_below(nxt) <= NAME_WRAP_GAP * max(prev.size, nxt.size) else None


def _continuations(
    start: TextLine, lines: list[TextLine], column: tuple[float, float]
) -> list[str]:
    texts: list[str] = []
    prev = start
    while len(texts) < MAX_NAME_LINES:
        nxt = _line_below(prev, lines, column)
        if nxt is None or match_label(nxt.text) or not looks_like_name_fragment(nxt.text):
            break
        texts.append(nxt.text)
        prev = nxt
    return texts


def _join_wrapped(parts: list[str]) -> str:
    return " ".join(p.strip() for p in parts if p.strip())


def _label_value(line: TextLine, rest: str, lines: list[TextLine]) -> tuple[str, TextLine]:
    """The label's value: the rest of its line, else the text to its right on the same row."""
    if rest.strip():
        return rest, line
    value = _row_value(line, lines)
    return (value.text, value) if value is not None else ("", line)


def _org_value(line: TextLine, rest: str, lines: list[TextLine]) -> str:
    """A corporate name after "Document of" / "Submitted by": same line, or the line below."""
    text, anchor = _label_value(line, rest, lines)
    if not text.strip():
        reach = ORG_VALUE_REACH * line.size
        below = _line_below(anchor, lines, (line.x0 - reach, line.x1 + reach))
        text = below.text if below is not None else ""
    text = text.strip(" .,:;")
    words = text.split()
    if (
        not 1 <= len(words) <= ORG_VALUE_MAX_WORDS
        or not text[:1].isupper()
        or re.search(r"\d", text)
    ):
        return ""
    return text


def labelled_names(lines: list[TextLine], by_below: float | None = None) -> Byline:
    """Names after byline labels on one page, with values to the right or on following lines.

    "By ..." opens captions and sentences too ("by Age Group"); it counts only on a title
    page, below the title (lines under `by_below`).
    """
    found = Byline()
    for line in lines:
        for segment in split_labels(line.text):
            hit = match_label(segment)
            if hit is None or hit[0] == SKIP:
                continue
            if is_by_label(segment) and (by_below is None or line.y1 > by_below):
                continue
            role, rest = hit
            if role == ORG:
                org = _org_value(line, rest, lines)
                if org:
                    found.orgs.append(org)
                continue
            text, anchor = _label_value(line, rest, lines)
            column = (line.x0, max(line.x1, anchor.x1))
            names = parse_names(_join_wrapped([text, *_continuations(anchor, lines, column)]), True)
            if names is not None:
                found.add(role, names)
                found.labelled = True
    return found


def unlabelled_names(lines: list[TextLine], language: str = "en") -> list[str]:
    """People on lines that hold nothing but names (title-page author blocks), top down."""
    people: list[str] = []
    for line in lines:
        if language == "ko" and not re.search(f"[{HANGUL_SYLLABLES}]", line.text):
            # Korean reports print their authors in Hangul; a Latin line under a Hangul title
            # is its English parallel title or the publisher's name.
            continue
        names = parse_names(line.text)
        if names is not None and not names.orgs:
            people += [p for p in names.people if p not in people]
    return people
