"""Dates printed in reports, ranked by how well they date the publication itself."""

from __future__ import annotations

import datetime
import re

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"((?:19|20)\d\d)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
DATE_RE = re.compile(rf"\b(?:{_DAY}\s+)?{_MONTH},?\s+(?:{_DAY},?\s+)?{_YEAR}\b", re.I)
NUMERIC_DATE_RE = re.compile(
    r"\b((?:19|20)\d\d)[-./](?:0?[1-9]|1[0-2])[-./](?:0?[1-9]|[12]\d|3[01])\b"
    r"|\b(?:0?[1-9]|[12]\d|3[01])[./](?:0?[1-9]|1[0-2])[./]((?:19|20)\d\d)\b"
    # Korean: "2021년 12월", "2021. 12."
    r"|\b((?:19|20)\d\d)\s*년(?:\s*\d{1,2}\s*월)?(?:\s*\d{1,2}\s*일)?|\b((?:19|20)\d\d)\.\s?(?:0?[1-9]|1[0-2])\.(?!\d)"
)
COPYRIGHT_RE = re.compile(r"(?:©|\(c\)|\bcopyright\b)\s*©?[^\d\n]{0,40}?\b((?:19|20)\d\d)\b", re.I)
# Labels of the publication date: imprint and colophon wording, the date field of report forms,
# and the release-time labels of Korean press releases (보도시점, 배포).
PUBLISHED_RE = re.compile(
    r"\b(?:publication\s+date|date\s+of\s+(?:publication|issue|report)|published(?:\s+(?:in|on))?"
    r"|first\s+published|issued(?:\s+(?:in|on))?|report\s+date|발행\s?(?:일자|일|연월일)"
    r"|보도\s?(?:시점|일시|일자)?|배포\s?(?:일시|일자)?)\s*[:：]?\s*(.*)",
    re.I,
)
# A citation the publisher suggests gives the year in brackets after the authors.
CITATION_RE = re.compile(
    r"\b(?:suggested\s+citation|recommended\s+citation|cite\s+(?:this|as)|please\s+cite)\b"
    r".*?\(\s*((?:19|20)\d\d)\s*\)",
    re.I,
)
YEAR_ONLY_RE = re.compile(r"^\(?((?:19|20)\d\d)\)?(?:,\s*vol\b.*)?$", re.I)
_NOT_PUBLICATION = re.compile(
    r"\b(?:posted|accessed|retrieved|downloaded|received|revised|accepted|updated|printed on)\b",
    re.I,
)
_MONTH_ONLY = re.compile(rf"^{_MONTH}$", re.I)
# A date line's label is short ("Final Evaluation Report,"); more words make a sentence.
DATE_LABEL_MAX_WORDS = 4


def is_date_line(text: str) -> bool:
    """A line that is a date, perhaps with a short label ("Final Evaluation Report, 17 March 2023").

    A date inside a sentence fragment ("1999). In January 1998, the") dates an event instead.
    """
    m = DATE_RE.search(text) or NUMERIC_DATE_RE.search(text)
    if m is None:
        return bool(_MONTH_ONLY.match(text.strip()))
    rest = text[: m.start()] + " " + text[m.end() :]
    words = [w for w in rest.split() if re.search(r"\w", w)]
    return len(words) <= DATE_LABEL_MAX_WORDS and not re.search(r"\d", rest)


def date_overlaps(text: str, pos: int) -> bool:
    return any(m.start() <= pos < m.end() for m in DATE_RE.finditer(text))


def is_dating_line(text: str) -> bool:
    """A date, copyright or publication line: cover furniture, never part of a title."""
    return bool(is_date_line(text) or COPYRIGHT_RE.search(text) or PUBLISHED_RE.match(text))


def plausible_year(year: int) -> bool:
    return 1900 <= year <= datetime.date.today().year + 1


def _first_year(*matches: re.Match[str] | None) -> int | None:
    for m in matches:
        if m is None:
            continue
        for g in m.groups():
            if g and plausible_year(int(g)):
                return int(g)
    return None


def line_year(text: str, on_cover: bool, footer: bool = False) -> tuple[int, int] | None:
    """(rank, year) for a line that dates the publication; lower ranks are stronger evidence.

    0 a labelled publication date, 1 a date line on the cover, 2 a copyright year,
    3 a date line elsewhere in the front matter, 4 a bare year on the cover.
    """
    if _NOT_PUBLICATION.search(text):
        return None
    pub = PUBLISHED_RE.match(text)
    if pub:
        rest = pub.group(1)
        year = _first_year(DATE_RE.search(rest), NUMERIC_DATE_RE.search(rest))
        year = year or _first_year(re.search(r"\b((?:19|20)\d\d)\b", rest))
        if year:
            return 0, year
    if is_date_line(text) or footer:
        # Journals print the issue date in running footers ("March 2005 • Journal of ...").
        year = _first_year(DATE_RE.search(text), NUMERIC_DATE_RE.search(text))
        if year:
            return (1 if on_cover and not footer else 3), year
    year = _first_year(COPYRIGHT_RE.search(text), CITATION_RE.search(text))
    if year:
        return 2, year
    if on_cover:
        year = _first_year(YEAR_ONLY_RE.match(text))
        if year:
            return 4, year
    return None


def info_year(info: dict[str, str]) -> int | None:
    """The Info creation year; never ModDate, which re-saves and re-exports move."""
    m = re.match(r"^(?:D:)?((?:19|20)\d\d)", info.get("CreationDate", "").strip())
    return int(m.group(1)) if m and plausible_year(int(m.group(1))) else None
