"""Korean in the text fields: Hangul read as overlapping syllable bigrams, in the same analyzer
as English (schema.text_analyzer), whose words are tokenised and stemmed exactly as before.

Korean glues particles and endings to its words (난민 "refugee", 난민을, 난민의, 난민법), and
writers, typesetters and OCR space compound nouns differently (지방자치단체, 지방 자치단체).
Bigrams of syllables match across both: 난민을 gives 난민 and 민을, so the query 난민 finds it.
Hangul words separated by single spaces are read as one stream of syllables, so the bigram
that spans a space (지방 자치 gives 방자) is there however a text spaced the compound.

`QuickText` is the text fields' type: it indexes a text with the same terms, positions and
weights as its analyzer, without Whoosh's chain of token generators.
"""

from __future__ import annotations

import pickle
import re
from collections import defaultdict
from collections.abc import Iterator
from itertools import pairwise
from operator import sub
from typing import Any

from whoosh import formats
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter
from whoosh.analysis.analyzers import default_pattern
from whoosh.fields import TEXT
from whoosh.lang import stemmer_for_language
from whoosh.system import pack_uint

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


# The tokens as `findall` gives them: the same pattern with its groups made non-capturing.
_TOKENS = re.compile(re.sub(r"(?<!\\)\((?!\?)", "(?:", TOKEN_PATTERN))
# Each token as written and its terms (one, or a Hangul token's bigrams), for the text chain's
# English stemmer, shared by every QuickText field: a schema is unpickled afresh for each
# writer, and a word's stem is the same in every field. Bounded: when full it starts again,
# which costs the stems of one report, where Whoosh's cache would sort its counts.
_TERMS: dict[str, str | tuple[str, ...]] = {}
_TERMS_LIMIT = 500_000
_STEM = stemmer_for_language("en")


def _is_text_chain(analyzer: Any) -> bool:
    """Whether `analyzer` is the text fields' chain (schema.text_analyzer without a stop
    list), the one `QuickText` reproduces."""
    items = getattr(analyzer, "items", None)
    if not items or len(items) != 4:
        return False
    tok, bigrams, lower, stem = items
    return (
        type(tok) is RegexTokenizer
        and tok.expression.pattern == TOKEN_PATTERN
        and not tok.gaps
        and type(bigrams) is HangulBigramFilter
        and type(lower) is LowercaseFilter
        and type(stem) is StemFilter
        and stem.lang == "en"
        and not stem.ignore
    )


def _terms_of(token: str) -> str | tuple[str, ...]:
    """A token's term, or a Hangul token's terms, as the text chain's filters make them."""
    if token.isascii() or not _HANGUL_RUN.search(token):
        return str(_STEM(token.lower()))
    return tuple(str(_STEM(piece.lower())) for piece, _, _ in split_token(token))


def _encoded_positions(where: list[int]) -> bytes:
    """formats.Positions.encode: the count, then the gaps between positions pickled."""
    gaps = where if len(where) == 1 else [where[0], *map(sub, where[1:], where[:-1])]
    count: bytes = pack_uint(len(gaps))
    return count + pickle.dumps(gaps, 2)


class QuickText(TEXT):  # type: ignore[misc]
    """A TEXT field that indexes a string with its analyzer's terms, positions and weights,
    worked out with one regular expression pass and a memo of terms instead of a generator
    per filter and token: analysis of page text was most of the writer's time. Any other
    analyzer, or a field without positions, is indexed by TEXT itself."""

    def index(self, value: Any, **kwargs: Any) -> Any:
        quick = self.__dict__.get("_quick")
        if quick is None:
            quick = _is_text_chain(self.analyzer) and type(self.format) is formats.Positions
            self.__dict__["_quick"] = quick
        if not quick or not isinstance(value, str) or kwargs:
            return super().index(value, **kwargs)
        return self._quick_index(value)

    def _quick_index(self, value: str) -> Iterator[tuple[bytes, int, float, bytes]]:
        if len(_TERMS) > _TERMS_LIMIT:
            _TERMS.clear()
        memo = _TERMS.get
        positions: defaultdict[str, list[int]] = defaultdict(list)
        pos = 0
        for token in _TOKENS.findall(value):
            term = memo(token)
            if term is None:
                term = _TERMS[token] = _terms_of(token)
            if type(term) is str:
                positions[term].append(pos)
                pos += 1
            else:
                for piece in term:
                    positions[piece].append(pos)
                    pos += 1
        boost = self.format.field_boost
        for term, where in positions.items():
            n = len(where)
            yield term.encode("utf-8"), n, float(n) * boost, _encoded_positions(where)

    def __getstate__(self) -> dict[str, Any]:
        # The schema is pickled into the index's table of contents: the path choice, worked
        # out from the analyzer and format, stays out and is worked out again when needed.
        return {k: v for k, v in self.__dict__.items() if k != "_quick"}
