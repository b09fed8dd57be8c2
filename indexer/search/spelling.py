"""Did-you-mean: correct query words that are not in the index's vocabulary."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

SPELL_FIELDS = ("spell_title", "spell_summary", "spell_headings")


@dataclass
class Vocabulary:
    """Unstemmed words of the index with their document frequencies."""

    freq: dict[str, int]

    @classmethod
    def from_reader(cls, reader: object) -> Vocabulary:
        freq: dict[str, int] = {}
        for fieldname in SPELL_FIELDS:
            if fieldname not in reader.schema:  # type: ignore[attr-defined]
                continue
            for term, info in reader.iter_field(fieldname):  # type: ignore[attr-defined]
                word = term.decode("utf-8") if isinstance(term, bytes) else str(term)
                freq[word] = max(freq.get(word, 0), info.doc_frequency())
        return cls(freq)

    def correct(self, word: str) -> str | None:
        """The closest known word (fewest edits, then most documents), or None."""
        w = word.lower()
        if w in self.freq or len(w) < 4 or not w.isalpha():
            return None
        max_edits = 1 if len(w) <= 5 else 2
        found = process.extract(
            w, self.freq.keys(), scorer=Levenshtein.distance, score_cutoff=max_edits, limit=20
        )
        if not found:
            return None
        best = min(found, key=lambda c: (c[1], -self.freq[c[0]], c[0]))
        return str(best[0])


def suggest(
    query: str, words: list[str], vocab: Vocabulary, indexed: Callable[[str], bool]
) -> str | None:
    """The query with misspelt words replaced, or None when every word is known.

    `indexed(word)` says whether the word's analysed form is in the index: "vaccinating" is
    not in the vocabulary but stems like "vaccination", so it is no misspelling."""
    out = query
    changed = False
    for word in words:
        if indexed(word):
            continue
        fix = vocab.correct(word)
        if fix and fix != word.lower():
            out = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", fix, out, count=1)
            changed = True
    return out if changed else None
