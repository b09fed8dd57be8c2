"""Language of a page or a document: Korean or English, told apart by script.

The centre publishes in exactly these two languages, so counting letters per script is
enough, and it works the same on a few OCR'd lines as on a whole report.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable

from indexer.text import HANGUL_LETTERS

KOREAN = "ko"
ENGLISH = "en"
LANGUAGES = (KOREAN, ENGLISH)
NAMES = {KOREAN: "Korean", ENGLISH: "English"}

# A Hangul syllable carries about as much as two or three Latin letters: a Korean page citing
# a few English terms ("COVID-19", "E-9 visa") must still count as Korean.
HANGUL_WEIGHT = 2.5


_WITHOUT_ASCII_LETTERS = str.maketrans("", "", string.ascii_letters)
_HANGUL = re.compile(f"[{HANGUL_LETTERS}]")
# Characters that are neither ASCII nor Hangul: the only ones whose letterhood needs a look.
_REST = re.compile(f"[^\x00-\x7f{HANGUL_LETTERS}]")


def script_counts(text: str) -> tuple[int, int]:
    """(Hangul letters, other letters) in `text`."""
    # Every page's text is counted: the regular expressions and the translation table do the
    # per-character work in C, and only the few characters outside ASCII and Hangul (curly
    # quotes, dashes, accented letters) are tested one by one.
    ascii_letters = len(text) - len(text.translate(_WITHOUT_ASCII_LETTERS))
    if text.isascii():
        return 0, ascii_letters
    others = sum(1 for c in _REST.findall(text) if c.isalpha())
    return len(_HANGUL.findall(text)), ascii_letters + others


def _decide(hangul: int, other: int) -> str:
    if not hangul and not other:
        return ""
    return KOREAN if hangul * HANGUL_WEIGHT >= other else ENGLISH


def detect(text: str) -> str:
    """The page's language: "ko", "en", or "" for a text without letters (a blank page)."""
    return _decide(*script_counts(text))


def document_language(texts: Iterable[str]) -> str:
    """The language of most of the text over all pages ("" when there is none)."""
    hangul = other = 0
    for text in texts:
        h, o = script_counts(text)
        hangul, other = hangul + h, other + o
    return _decide(hangul, other)
