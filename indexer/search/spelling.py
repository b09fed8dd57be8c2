"""Did-you-mean: correct query words that are not in the index's vocabulary."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

SPELL_FIELDS = ("spell_title", "spell_summary", "spell_headings")


def index_words(reader: Any) -> list[str]:
    """The spelling fields' words of an open reader, sorted: each segment's terms in order,
    without their statistics (the words alone are cheap)."""
    words: set[str] = set()
    for sub, _ in reader.leaf_readers():
        for fieldname in SPELL_FIELDS:
            if fieldname in sub.schema:
                words.update(t.decode("utf-8") for t in sub.lexicon(fieldname))
    return sorted(words)


class _IndexFrequencies(Mapping[str, int]):
    """The spelling fields' words of an open reader, each word's document frequency looked up
    only when asked (a correction asks for a handful): reading every term's statistics across
    every segment is what made the first did-you-mean slow."""

    def __init__(self, reader: Any, words: list[str] | None = None) -> None:
        self._reader = reader
        self._fields = [f for f in SPELL_FIELDS if f in reader.schema]
        self._words = index_words(reader) if words is None else words
        self._known = frozenset(self._words)
        self._freq: dict[str, int] = {}

    def __getitem__(self, word: str) -> int:
        if word not in self._known:
            raise KeyError(word)
        freq = self._freq.get(word)
        if freq is None:
            freq = self._freq[word] = max(
                int(self._reader.doc_frequency(f, word)) for f in self._fields
            )
        return freq

    def __contains__(self, word: object) -> bool:
        return word in self._known

    def __iter__(self) -> Iterator[str]:
        return iter(self._words)

    def __len__(self) -> int:
        return len(self._words)


@dataclass
class Vocabulary:
    """Unstemmed words of the index with their document frequencies."""

    freq: Mapping[str, int]

    @classmethod
    def from_reader(
        cls, reader: object, lazy: bool = False, words: list[str] | None = None
    ) -> Vocabulary:
        """Every word with its frequency, read now, so the reader may be closed after; with
        `lazy`, the words now and each frequency when a correction needs it, so the reader
        must stay open as long as the vocabulary is used (a searcher's generation keeps it).
        `words`, when given, are the reader's `index_words`, read before."""
        found = _IndexFrequencies(reader, words)
        return cls(found if lazy else dict(found))

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
    query: str,
    words: list[str],
    vocab: Vocabulary | Callable[[], Vocabulary],
    indexed: Callable[[str], bool],
) -> str | None:
    """The query with misspelt words replaced, or None when every word is known.

    `indexed(word)` says whether the word's analysed form is in the index: "vaccinating" is
    not in the vocabulary but stems like "vaccination", so it is no misspelling. `vocab` may
    be a function that makes the vocabulary: it is then called only when a word needs a
    correction, so a query of known words never pays for reading the index's words."""
    out = query
    changed = False
    for word in words:
        if indexed(word):
            continue
        if not isinstance(vocab, Vocabulary):
            vocab = vocab()
        fix = vocab.correct(word)
        if fix and fix != word.lower():
            out = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", fix, out, count=1)
            changed = True
    return out if changed else None
