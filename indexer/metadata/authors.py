"""People and organisations on the cover: the byline, its zone, names in prose, the publisher."""

from __future__ import annotations

import re

from indexer.metadata.cover import (
    FRONT_HEADINGS,
    Title,
)
from indexer.metadata.document import Document
from indexer.metadata.layout import (
    BELOW_OVERLAP,
    TextLine,
    is_footer_zone,
    top_down,
)
from indexer.metadata.names import (
    Byline,
    is_org_line,
    labelled_names,
    most_named_org,
    parse_names,
    unlabelled_names,
)
from indexer.metadata.vocab import is_korean_unit
from indexer.model import (
    SOURCE_COVER,
    SOURCE_INFO,
    SOURCE_TEXT,
)
from indexer.text import fold

# A line this long under a title is the first paragraph, not an author block.
PARAGRAPH_WORDS = 12


def find_byline(doc: Document, title: Title | None, language: str = "en") -> Byline:
    """Labelled bylines first (page by page), else the names under the title."""
    orgs: list[str] = []
    for page in doc.front:
        below = title.bottom + 1 if title is not None and title.page == page.number else None
        found = labelled_names(doc.lines(page.number), by_below=below)
        found.page = page.number
        orgs += found.orgs
        if found.people:
            found.orgs = orgs
            return found
    byline = Byline(orgs=orgs)
    if title is not None:
        page = doc.page(title.page)
        under = [
            ln
            for ln in top_down(doc.lines(title.page))
            if ln.y1 <= title.bottom + BELOW_OVERLAP * ln.height and not is_footer_zone(ln, page)
        ]
        # A value in a form row ("Location: | Springfield, IL") belongs to its label, not a byline.
        under = [ln for ln in under if not _is_form_value(ln, under)]
        # Nor is a cell of a table row (commodities, places, indicators beside their figures).
        under = [ln for ln in under if not _is_table_cell(ln, under)]
        people = unlabelled_names(_author_zone(under), language)
        if people:
            byline.chief, byline.co, byline.page = people[:1], people[1:], title.page
    return byline


def _is_form_value(line: TextLine, lines: list[TextLine]) -> bool:
    return any(
        ln.x1 <= line.x0 and ln.same_row(line) and ln.text.rstrip().endswith((":", "："))
        for ln in lines
    )


# A figure in clearly smaller type beside a name is a footnote or affiliation mark, not a cell.
MARK_SIZE = 0.8
_FIGURE = re.compile(r"^[(\-–$€£¥+]?\d[\d.,]*\s*%?\)?$")


def _is_table_cell(line: TextLine, lines: list[TextLine]) -> bool:
    """A line sharing its row with a figure: bylines set names side by side, never numbers."""
    return any(
        ln is not line
        and ln.same_row(line)
        and ln.size >= MARK_SIZE * line.size
        and any(_FIGURE.match(w) for w in ln.text.split())
        for ln in lines
    )


def _author_zone(lines: list[TextLine]) -> list[TextLine]:
    """Title-page lines below the title up to the abstract or the first paragraph of text."""
    zone: list[TextLine] = []
    for line in lines:
        if fold(line.text) in FRONT_HEADINGS or fold(line.text).startswith("abstract"):
            break
        if len(line.text.split()) >= PARAGRAPH_WORDS:
            break
        zone.append(line)
    return zone


def names_in_prose(text: str, first: str) -> list[str]:
    """A sentence's list of people starting at `first` ("… team: A, B, C and D, as well as …")."""
    at = text.find(first)
    if at < 0:
        return [first]
    people: list[str] = []
    for part in re.split(r"\s*(?:,|;|\band\b)\s*", text[at:].split(".")[0]):
        if not part.strip():
            continue
        names = parse_names(part)
        if names is None or len(names.people) != 1:
            break
        people.append(names.people[0])
    return people or [first]


def find_organisation(doc: Document, byline: Byline, title: Title | None) -> tuple[str, str]:
    """The corporate author or publisher, with its source."""
    if byline.orgs:
        return byline.orgs[0], SOURCE_COVER
    if not byline.people:
        # No person on the cover: the author is the body the front matter keeps naming.
        org = most_named_org(doc.front_text)
        if org:
            return org, SOURCE_TEXT
    if title is not None:
        used = {ln.order for ln in title.lines}
        for line in _author_zone(top_down(doc.lines(title.page))):
            if line.order not in used and is_org_line(line.text):
                # Letter-spaced Hangul ("주 택 실") is ornament; the body's name is one word.
                name = line.text.replace(" ", "") if is_korean_unit(line.text) else line.text
                return name, SOURCE_COVER
    author = doc.ex.info.get("Author", "").strip()
    if is_org_line(author) and doc.in_front_text(author):
        return author, SOURCE_INFO
    return "", ""
