"""Text helpers every stage shares: folding for comparison, and telling Hangul apart."""

from __future__ import annotations

import re
import unicodedata

# Hangul syllables (가-힣), as a regular-expression range; jamo are listed separately because
# only syllables make words in running text.
HANGUL_SYLLABLES = "\uac00-\ud7a3"
# Every Hangul letter, as a regular-expression range: syllables, jamo and compatibility jamo.
HANGUL_LETTERS = f"{HANGUL_SYLLABLES}\u1100-\u11ff\u3130-\u318f"


def is_hangul_syllable(c: str) -> bool:
    return "\uac00" <= c <= "\ud7a3"


def has_hangul(text: str) -> bool:
    """Whether any Hangul syllable is in `text` (a name "written in Hangul")."""
    return any(is_hangul_syllable(c) for c in text)


def strip_accents(text: str) -> str:
    """Accents removed, Hangul syllables kept whole."""
    if text.isascii():  # nothing to decompose: most lines of most reports, read many times
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    # NFKD splits each Hangul syllable into its letters (jamo); NFC puts them back together.
    return unicodedata.normalize("NFC", bare)


def lower_unaccented(text: str) -> str:
    """Lower case without accents; punctuation and spacing kept as given (for name keys)."""
    return strip_accents(text).lower()


_NOT_WORD = re.compile(r"[^\w]+|_")


def fold(text: str) -> str:
    """Lower case, accents removed, punctuation as spaces: for comparing, never for display."""
    bare = strip_accents(text.casefold())
    return " ".join(_NOT_WORD.sub(" ", bare).split())


def squash(text: str) -> str:
    """`fold` without spaces, to find text that a layout broke across lines differently."""
    return fold(text).replace(" ", "")


def ascii_word(text: str) -> str:
    """Lower-case ASCII letters and digits only (citation keys, file-safe words)."""
    folded = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", folded.encode("ascii", "ignore").decode().lower())
