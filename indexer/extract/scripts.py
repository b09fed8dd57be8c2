"""Writing systems in the text layer: right-to-left lines in reading order, unreadable text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from bidi import get_display

# Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms: the scripts read right to
# left.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_LTR = re.compile(r"[^\W\d_]")
# Arabic and Hebrew presentation forms: the shaped glyphs a producer draws, which NFKC maps
# back to the letters a reader types and searches for.
_PRESENTATION = re.compile("[\ufb1d-\ufdff\ufe70-\ufeff]+")
# pdfminer writes a glyph with no Unicode mapping as "(cid:NN)"; U+FFFD is the same loss
# from other decoders.
_UNMAPPED = re.compile(r"\(cid:\d+\)|\ufffd")
# A page with this share of unreadable characters has a text layer a reader could not use;
# a few stray ones are symbols and ornaments.
UNREADABLE_SHARE = 0.1
# Pages with fewer characters than this say nothing either way (a page number, a logo).
MIN_PAGE_CHARS = 20
# Pages named in a warning: enough to find them, short enough to read.
WARNING_PAGES = 5


def has_rtl(text: str) -> bool:
    return bool(_RTL.search(text))


def logical_line(visual: str) -> str:
    """A line whose characters were read left to right across the page (visual order), in
    the order it is written and read: right-to-left runs reversed, numbers and Latin runs kept.

    The paragraph direction is that of the majority of letters, as a line of Arabic with one
    Latin acronym is still an Arabic line.
    """
    text = _PRESENTATION.sub(lambda m: unicodedata.normalize("NFKC", m.group()), visual)
    rtl = len(_RTL.findall(text))
    ltr = len(_LTR.findall(text)) - rtl
    return str(get_display(text, base_dir="R" if rtl >= ltr else "L"))


def _unreadable(text: str) -> tuple[int, int]:
    """(unreadable characters, all non-space characters), a cid code counting as one."""
    bad = len(_UNMAPPED.findall(text))
    rest = _UNMAPPED.sub("", text)
    # str.split() cuts at exactly the characters str.isspace() accepts.
    return bad, bad + len("".join(rest.split()))


def text_warnings(pages: Iterable[tuple[int, str]]) -> list[str]:
    """Warnings for pages whose text layer could not be decoded, from (number, text) pairs."""
    broken: list[int] = []
    worst = 0.0
    for number, text in pages:
        bad, total = _unreadable(text)
        if total >= MIN_PAGE_CHARS and bad >= UNREADABLE_SHARE * total:
            broken.append(number)
            worst = max(worst, bad / total)
    if not broken:
        return []
    shown = ", ".join(str(n) for n in broken[:WARNING_PAGES])
    more = f" and {len(broken) - WARNING_PAGES} more" if len(broken) > WARNING_PAGES else ""
    return [
        f"text layer unreadable on page(s) {shown}{more}: up to {worst:.0%} of characters "
        "have no Unicode mapping in their font; search and metadata may miss this text"
    ]
