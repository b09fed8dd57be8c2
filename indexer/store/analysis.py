"""Korean in the text fields: Hangul read as overlapping syllable bigrams, in the same analyzer
as English (schema.text_analyzer), whose words are tokenised and stemmed exactly as before.

Korean glues particles and endings to its words (난민 "refugee", 난민을, 난민의, 난민법), and
writers, typesetters and OCR space compound nouns differently (지방자치단체, 지방 자치단체).
Bigrams of syllables match across both: 난민을 gives 난민 and 민을, so the query 난민 finds it.
Hangul words separated by single spaces are read as one stream of syllables, so the bigram
that spans a space (지방 자치 gives 방자) is there however a text spaced the compound.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

from whoosh.analysis import Filter
from whoosh.analysis.analyzers import default_pattern

from indexer.text import HANGUL_SYLLABLES

# Hangul words joined by single spaces (or one line break) are one run of syllables.
_RUN = f"[{HANGUL_SYLLABLES}]+(?:\\s[{HANGUL_SYLLABLES}]+)*"
_HANGUL_RUN = re.compile(_RUN)
# Hangul runs first, so that each is one token; then the pattern of whoosh's
# StemmingAnalyzer, unchanged, so text without Hangul is tokenised exactly as before.
TOKEN_PATTERN = _RUN + "|" + default_pattern.pattern


def syllable_bigrams(run: str, offset: int = 0) -> Iterator[tuple[str, int, int]]:
    """(bigram, start, end) over a Hangul run, spaces skipped: "지방 자치" gives 지방, 방자,
    자치; a lone syllable is its own term."""
    syllables = [(c, offset + i) for i, c in enumerate(run) if not c.isspace()]
    if len(syllables) == 1:
        c, i = syllables[0]
        yield c, i, i + 1
        return
    for (a, i), (b, j) in pairwise(syllables):
        yield a + b, i, j + 1


def split_token(text: str) -> Iterator[tuple[str, int, int]]:
    """A token's terms before the English filters: Hangul runs as bigrams, the rest of a mixed
    token ("COVID19에", "3국으로") as one piece cut at the change of script."""
    pos = 0
    for m in _HANGUL_RUN.finditer(text):
        if m.start() > pos:
            yield text[pos : m.start()], pos, m.start()
        yield from syllable_bigrams(m.group(), m.start())
        pos = m.end()
    if pos < len(text):
        yield text[pos:], pos, len(text)


class HangulBigramFilter(Filter):  # type: ignore[misc]
    """Replaces each Hangul run in a token with its syllable bigrams; other tokens pass
    through untouched. Positions are renumbered so phrases of bigrams stay adjacent."""

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(self, tokens: Iterator[Any]) -> Iterator[Any]:
        pos = -1
        for t in tokens:
            # Most tokens are ASCII words, told apart without running the pattern.
            if t.text.isascii() or not _HANGUL_RUN.search(t.text):
                if t.positions:
                    pos += 1
                    t.pos = pos
                yield t
                continue
            text = t.text
            base = t.startchar if t.chars else 0
            for piece, start, end in split_token(text):
                t.text = piece
                if t.positions:
                    pos += 1
                    t.pos = pos
                if t.chars:
                    t.startchar, t.endchar = base + start, base + end
                yield t
