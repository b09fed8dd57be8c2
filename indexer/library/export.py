"""Exports of a whole set of publications: CSV, BibTeX and RIS files."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from indexer.library import citation
from indexer.library.results import PublicationDetail
from indexer.model import PubRecord

FORMATS = ("csv", "bibtex", "ris")
EXTENSIONS = {"csv": "csv", "bibtex": "bib", "ris": "ris"}
MEDIA_TYPES = {
    "csv": "text/csv",
    "bibtex": "application/x-bibtex",
    "ris": "application/x-research-info-systems",
}

CSV_COLUMNS = (
    "id",
    "title",
    "type",
    "series",
    "number",
    "year",
    "researchers",
    "organisation",
    "language",
    "pages",
    "path",
)
# Spreadsheets run a cell that starts with one of these as a formula; titles come from PDFs.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Export:
    """One exported file: its text, how many records it holds, and how to name and serve it."""

    format: str
    text: str
    count: int

    def to_json(self) -> dict[str, object]:
        return {"format": self.format, "count": self.count, "text": self.text}


def _cell(value: object) -> str:
    text = citation.clean(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def to_csv(details: Sequence[PublicationDetail]) -> str:
    """One row per publication, researchers joined by "; ", header first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for d in details:
        row = {
            "id": d.id,
            "title": d.title,
            "type": d.type,
            "series": d.series,
            "number": d.number,
            "year": "" if d.year is None else str(d.year),
            "researchers": "; ".join(d.researchers),
            "organisation": d.organisation,
            "language": d.language,
            "pages": str(d.pages),
            "path": d.path,
        }
        writer.writerow([_cell(row[c]) for c in CSV_COLUMNS])
    return out.getvalue()


def unique_keys(details: Sequence[PublicationDetail]) -> list[str]:
    """Cite keys, made unique by a letter as authors do for two works of one year (2021a)."""
    base = [citation.cite_key(d) for d in details]
    counts = {k: base.count(k) for k in base}
    seen: dict[str, int] = {}
    keys = []
    for k in base:
        if counts[k] == 1:
            keys.append(k)
            continue
        n = seen.get(k, 0)
        seen[k] = n + 1
        keys.append(k + _suffix(n))
    return keys


def _suffix(n: int) -> str:
    """a, b, ..., z, aa, ab, ...: as many as needed."""
    letters = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def to_bibtex(details: Sequence[PublicationDetail]) -> str:
    keys = unique_keys(details)
    return "\n".join(citation.bibtex(d, key) for d, key in zip(details, keys, strict=True))


def to_ris(details: Sequence[PublicationDetail]) -> str:
    return "\n".join(citation.ris(d) for d in details)


def export(records: Sequence[PubRecord | PublicationDetail], fmt: str) -> Export:
    """The records in `fmt` ("csv", "bibtex" or "ris"), in the order given."""
    details = [r if isinstance(r, PublicationDetail) else PublicationDetail.of(r) for r in records]
    render = {"csv": to_csv, "bibtex": to_bibtex, "ris": to_ris}[fmt]
    return Export(fmt, render(details), len(details))
