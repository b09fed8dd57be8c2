"""Citations of one publication in APA, BibTeX and RIS, from `library.detail_dict` output."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from indexer.text import ascii_word

Record = Mapping[str, Any]

# Lower-case words that belong to the family name ("Ludwig van Beethoven" -> "van Beethoven").
PARTICLES = frozenset({"van", "von", "de", "der", "den", "del", "della", "da", "di", "du", "la"})
# Publication types cited as reports; anything else (a collection, an annual report) is @misc.
REPORT_TYPES = frozenset(
    {
        "Research Report",
        "Consigned Research Report",
        "Policy Report",
        "Working Paper",
        "Policy Brief",
        "Issue Brief",
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


def authors(rec: Record) -> list[str]:
    """The publication's researchers in cover order, each once."""
    names = [clean(n) for n in rec.get("researchers") or []]
    return list(dict.fromkeys(n for n in names if n))


def _year(rec: Record) -> int | None:
    year = rec.get("year")
    return year if isinstance(year, int) else None


def _report_number(rec: Record) -> str:
    """The report number as cited ("Issue Brief No. 2021-02"), or "" without a number."""
    number = clean(rec.get("number"))
    if not number:
        return ""
    series = clean(rec.get("series")) or clean(rec.get("type")) or "Report"
    return f"{series} No. {number}"


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
    organisation = clean(rec.get("organisation"))
    names = authors(rec)
    title = clean(rec.get("title")) or "Untitled"
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
    names = authors(rec)
    who = ascii_word(split_name(names[0]).family) if names else ""
    who = who or ascii_word(clean(rec.get("organisation")).split(" ")[0]) or "anon"
    year = _year(rec)
    words = [ascii_word(w) for w in clean(rec.get("title")).split(" ")]
    word = next((w for w in words if w and w not in _STOP_WORDS), "")
    return f"{who}{year if year is not None else 'nd'}{word}"


def _bibtex_person(name: str) -> str:
    person = split_name(name)
    family = bibtex_escape(person.family)
    # A lone name is braced so BibTeX does not read it as a given name.
    return f"{family}, {bibtex_escape(person.given)}" if person.given else f"{{{family}}}"


def bibtex(rec: Record) -> str:
    """A @techreport entry (@misc for types that are not reports); the title keeps its case."""
    kind = "techreport" if clean(rec.get("type")) in REPORT_TYPES else "misc"
    fields: list[tuple[str, str]] = []
    names = authors(rec)
    if names:
        fields.append(("author", " and ".join(_bibtex_person(n) for n in names)))
    fields.append(("title", "{" + bibtex_escape(clean(rec.get("title")) or "Untitled") + "}"))
    organisation = clean(rec.get("organisation"))
    if organisation:
        fields.append(("institution" if kind == "techreport" else "publisher", organisation))
    year = _year(rec)
    if year is not None:
        fields.append(("year", str(year)))
    if clean(rec.get("type")):
        fields.append(("type", clean(rec.get("type"))))
    if clean(rec.get("number")):
        fields.append(("number", clean(rec.get("number"))))
    if clean(rec.get("language")):
        fields.append(("language", clean(rec.get("language"))))
    lines = [f"@{kind}{{{cite_key(rec)},"]
    for name, value in fields:
        escaped = value if name in ("author", "title") else bibtex_escape(value)
        lines.append(f"  {name:<11} = {{{escaped}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- RIS


def ris(rec: Record) -> str:
    """An RIS record (TY RPRT for reports, GEN otherwise); one tag per line, ending in ER."""
    kind = "RPRT" if clean(rec.get("type")) in REPORT_TYPES else "GEN"
    tags: list[tuple[str, str]] = [("TY", kind)]
    for name in authors(rec):
        person = split_name(name)
        tags.append(("AU", f"{person.family}, {person.given}" if person.given else person.family))
    tags.append(("TI", clean(rec.get("title")) or "Untitled"))
    year = _year(rec)
    if year is not None:
        tags.append(("PY", str(year)))
    optional = [
        ("PB", rec.get("organisation")),
        ("T3", rec.get("series")),
        ("SN", rec.get("number")),
        ("LA", rec.get("language")),
        ("AB", rec.get("summary")),
    ]
    tags.extend((tag, clean(value)) for tag, value in optional if clean(value))
    tags.append(("ER", ""))
    return "".join(f"{tag}  - {value}\n" for tag, value in tags)


FORMATS = {"APA": apa, "BibTeX": bibtex, "RIS": ris}
EXTENSIONS = {"APA": "txt", "BibTeX": "bib", "RIS": "ris"}


def citations(rec: Record) -> dict[str, str]:
    """Every format, keyed by its name."""
    return {name: render(rec) for name, render in FORMATS.items()}
