"""Confidence of the fields detection reads from one place, by where it read them.

Title, year and researchers are scored against their rival candidates where they are found;
the other fields have a single reading each, so how far it can be trusted depends only on
where it was printed.
"""

from __future__ import annotations

from indexer.model import SOURCE_COVER, SOURCE_INFO, SOURCE_TEXT, Metadata
from indexer.types import PubType

# A type or series label printed on the cover is the publisher's own statement of what the
# document is: wrong only when the cover names another publication (a series it belongs to).
LABEL_ON_COVER = 0.85
# The same label found further in (a colophon, a running header) may describe a series the
# document only cites.
LABEL_IN_TEXT = 0.7
# An organisation on the cover is often the publisher or a funder rather than the author, so
# it is never sure enough to skip a look.
ORGANISATION = 0.75
# Text read from the first pages (a summary, the contents, the language) is what the pages say,
# but where it starts and stops is a reading of the layout.
READ_FROM_PAGES = 0.7
# The Info dictionary is filled by authoring tools as often as by people.
FROM_INFO = 0.5
# Nothing found either way: most likely absent (many reports have no series or number), but
# nothing confirms it. At the review threshold, so it is listed only when asked for.
NOT_FOUND = 0.6

_LABELS = ("type", "series", "number")
_READ = ("summary", "contents", "language")


def fill_by_source(meta: Metadata) -> None:
    """Give every field detection did not score a confidence from where it was read."""
    for name in (*_LABELS, "organisation", *_READ):
        if name in meta.confidence:
            continue
        meta.confidence[name] = _by_source(meta, name)


def _by_source(meta: Metadata, name: str) -> float:
    value = getattr(meta, name)
    source = meta.sources.get(name, "")
    if not value or (name == "type" and value == PubType.OTHER.value):
        return NOT_FOUND
    if source == SOURCE_INFO:
        return FROM_INFO
    if name == "organisation":
        return ORGANISATION
    if name in _LABELS:
        return LABEL_ON_COVER if source == SOURCE_COVER else LABEL_IN_TEXT
    return READ_FROM_PAGES if source == SOURCE_TEXT else NOT_FOUND
