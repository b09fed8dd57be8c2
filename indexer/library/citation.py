"""Citations of one publication in APA, BibTeX and RIS, from its record or its detail."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from indexer.library.results import PublicationDetail
from indexer.model import PubRecord
from indexer.text import ascii_word
from indexer.types import PubType

Record = PubRecord | PublicationDetail

# Lower-case words that belong to the family name ("Ludwig van Beethoven" -> "van Beethoven").
PARTICLES = frozenset({"van", "von", "de", "der", "den", "del", "della", "da", "di", "du", "la"})
# Publication types cited as reports; anything else (a collection, an annual report) is @misc.
REPORT_TYPES = frozenset(
    {
        PubType.RESEARCH_REPORT,
        PubType.CONSIGNED_RESEARCH_REPORT,
        PubType.POLICY_REPORT,
        PubType.WORKING_PAPER,
        PubType.POLICY_BRIEF,
        PubType.ISSUE_BRIEF,
    }
)
APA_MAX_AUTHORS = 20
_BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_STOP_WORDS = frozenset({"a", "an", "the", "of", "on", "and", "for", "in", "to", "from"})


@dataclass(frozen=True)
class PersonName:
    family: str
    given: str


def clean(text: object) -> str:
    """One line of text: control characters dropped, runs of whitespace made one space."""
    raw = "" if text is None else str(text)
    visible = "".join(c if unicodedata.category(c)[0] != "C" else " " for c in raw)
    return " ".join(visible.split())


def split_name(name: str) -> PersonName:
    """Family and given name of "Min Yi Yoo" or "Yoo, Min Yi" (family "Yoo", given "Min Yi")."""
    text = clean(name)
    if "," in text:
        family, given = (part.strip() for part in text.split(",", 1))
        return PersonName(family, given)
    parts = text.split(" ")
    if len(parts) < 2:
        return PersonName(text, "")
    start = len(parts) - 1
    while start > 1 and parts[start - 1].lower() in PARTICLES:
        start -= 1
    return PersonName(" ".join(parts[start:]), " ".join(parts[:start]))


def initials(given: str) -> str:
    """Initials of given names: "Min Yi" -> "M. Y.", and "Jeong-Woo" -> "J.-W."."""
    words = []
    for word in given.split():
        pieces = [p for p in word.split("-") if p]
        words.append("-".join(p[0].upper() + "." for p in pieces))
    return " ".join(words)


def _detail(rec: Record) -> PublicationDetail:
    return rec if isinstance(rec, PublicationDetail) else PublicationDetail.of(rec)


def authors(rec: Record) -> list[str]:
    """The publication's researchers in cover order, each once."""
    names = [clean(n) for n in _detail(rec).researchers]
    return list(dict.fromkeys(n for n in names if n))


def _year(rec: PublicationDetail) -> int | None:
    return rec.year if isinstance(rec.year, int) else None


def _report_number(rec: PublicationDetail) -> str:
    """The report number as cited ("Issue Brief No. 2021-02"), or "" without a number."""
    number = clean(rec.number)
    if not number:
        return ""
    series = clean(rec.series) or clean(rec.type) or "Report"
    return f"{series} No. {number}"


def _is_report(rec: PublicationDetail) -> bool:
    return clean(rec.type) in REPORT_TYPES


# ---------------------------------------------------------------- APA (7th edition)


def _apa_person(name: str) -> str:
    person = split_name(name)
    given = initials(person.given)
    return f"{person.family}, {given}" if given else person.family


def apa_authors(names: Sequence[str]) -> str:
    """APA's author list: "A, & B"; up to 20 names; beyond that 19, an ellipsis, the last."""
    people = [_apa_person(n) for n in names]
    if len(people) <= 1:
        return "".join(people)
    if len(people) > APA_MAX_AUTHORS:
        return ", ".join(people[: APA_MAX_AUTHORS - 1]) + ", . . . " + people[-1]
    return ", ".join(people[:-1]) + ", & " + people[-1]


def _sentence_end(text: str) -> str:
    return text if text.endswith((".", "?", "!")) else text + "."


def apa(rec: Record) -> str:
    """APA 7 reference for a report: Author, A. A., & Author, B. (2021). Title (Series No. N).
    Publisher."""
    rec = _detail(rec)
    organisation = clean(rec.organisation)
    names = authors(rec)
    title = clean(rec.title) or "Untitled"
    year = _year(rec)
    lead = apa_authors(names) if names else organisation
    number = _report_number(rec)
    parts = [
        _sentence_end(lead) if lead else "",
        f"({year if year is not None else 'n.d.'}).",
        _sentence_end(f"{title} ({number})" if number else title),
    ]
    # A group author is not repeated as the publisher.
    if organisation and names:
        parts.append(_sentence_end(organisation))
    return " ".join(p for p in parts if p)


# ---------------------------------------------------------------- BibTeX


def bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX_SPECIALS.get(c, c) for c in clean(text))


def cite_key(rec: Record) -> str:
    """A BibTeX key: first author's family name, year and first significant title word."""
    rec = _detail(rec)
    names = authors(rec)
    who = ascii_word(split_name(names[0]).family) if names else ""
    who = who or ascii_word(clean(rec.organisation).split(" ")[0]) or "anon"
    year = _year(rec)
    words = [ascii_word(w) for w in clean(rec.title).split(" ")]
    word = next((w for w in words if w and w not in _STOP_WORDS), "")
    return f"{who}{year if year is not None else 'nd'}{word}"


def _bibtex_person(name: str) -> str:
    person = split_name(name)
    family = bibtex_escape(person.family)
    # A lone name is braced so BibTeX does not read it as a given name.
    return f"{family}, {bibtex_escape(person.given)}" if person.given else f"{{{family}}}"


def bibtex(rec: Record, key: str | None = None) -> str:
    """A @techreport entry (@misc for types that are not reports); the title keeps its case.
    `key` replaces the cite key (an export makes keys unique across its entries)."""
    rec = _detail(rec)
    kind = "techreport" if _is_report(rec) else "misc"
    fields: list[tuple[str, str]] = []
    names = authors(rec)
    if names:
        fields.append(("author", " and ".join(_bibtex_person(n) for n in names)))
    fields.append(("title", "{" + bibtex_escape(clean(rec.title) or "Untitled") + "}"))
    organisation = clean(rec.organisation)
    if organisation:
        fields.append(("institution" if kind == "techreport" else "publisher", organisation))
    year = _year(rec)
    if year is not None:
        fields.append(("year", str(year)))
    for name, value in (("type", rec.type), ("number", rec.number), ("language", rec.language)):
        if clean(value):
            fields.append((name, clean(value)))
    lines = [f"@{kind}{{{key or cite_key(rec)},"]
    for name, value in fields:
        escaped = value if name in ("author", "title") else bibtex_escape(value)
        lines.append(f"  {name:<11} = {{{escaped}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- RIS


def ris(rec: Record) -> str:
    """An RIS record (TY RPRT for reports, GEN otherwise); one tag per line, ending in ER."""
    rec = _detail(rec)
    kind = "RPRT" if _is_report(rec) else "GEN"
    tags: list[tuple[str, str]] = [("TY", kind)]
    for name in authors(rec):
        person = split_name(name)
        tags.append(("AU", f"{person.family}, {person.given}" if person.given else person.family))
    tags.append(("TI", clean(rec.title) or "Untitled"))
    year = _year(rec)
    if year is not None:
        tags.append(("PY", str(year)))
    optional = [
        ("PB", rec.organisation),
        ("T3", rec.series),
        ("SN", rec.number),
        ("LA", rec.language),
        ("AB", rec.summary),
    ]
    tags.extend((tag, clean(value)) for tag, value in optional if clean(value))
    tags.append(("ER", ""))
    return "".join(f"{tag}  - {value}\n" for tag, value in tags)


FORMATS = {"APA": apa, "BibTeX": bibtex, "RIS": ris}
EXTENSIONS = {"APA": "txt", "BibTeX": "bib", "RIS": "ris"}


def citations(rec: Record) -> dict[str, str]:
    """Every format, keyed by its name."""
    detail = _detail(rec)
    return {name: render(detail) for name, render in FORMATS.items()}
