"""The parts of a report a page can belong to, and the heading words that name each part.

One place for the heading vocabulary, shared by detection (metadata), the query language
(`section:`), the CLI and the app. The words are the section names research institutes and
journals conventionally print, in English and in Korean: the headings of the centre's own
series (Summary, Background, Policy Implications; 요약, 정책적 시사점), the structure of
government-funded Korean research reports (국문요약, 결론 및 정책 제언, 참고문헌, 부록), and
the usual headings of English policy papers and journal articles (Executive Summary, Abstract,
Conclusions and Recommendations, References, Bibliography, Annex).
"""

from __future__ import annotations

import re

from indexer.text import fold

FRONT = "front"
CONTENTS = "contents"
SUMMARY = "summary"
BODY = "body"
CONCLUSIONS = "conclusions"
REFERENCES = "references"
APPENDIX = "appendix"

# In reading order; the order facets and filters list them in.
PARTS = (FRONT, CONTENTS, SUMMARY, BODY, CONCLUSIONS, REFERENCES, APPENDIX)

LABELS = {
    FRONT: "Front matter",
    CONTENTS: "Contents",
    SUMMARY: "Summary",
    BODY: "Body",
    CONCLUSIONS: "Conclusions",
    REFERENCES: "References",
    APPENDIX: "Appendix",
}

# Where a reader looks for what a publication concluded: the findings draw only from these.
FINDINGS_PARTS = frozenset({CONCLUSIONS, SUMMARY})

# Words a heading of each part is made of (matched as whole words, case-folded). A heading
# belongs to a part when one of its words or phrases occurs in it; conclusions are tested
# first, since "Summary and Conclusions" ends a report rather than opening it. Bare
# "implications" is not listed: "Implications of alternative forms of protection" is a chapter.
HEADING_WORDS: dict[str, tuple[str, ...]] = {
    CONCLUSIONS: (
        "conclusion", "conclusions", "concluding remarks", "recommendation",
        "recommendations", "policy implications", "suggestions",
        "policy proposals", "ways forward", "way forward", "plans for improvement",
        "결론", "맺음말", "맺는말", "정책 제언", "정책제언", "제언", "시사점", "정책적 시사점",
        "개선방안", "개선 방안", "정책과제", "정책 과제",
    ),
    SUMMARY: (
        "summary", "abstract", "executive summary", "synopsis", "key findings",
        "요약", "국문요약", "요약문", "초록",
    ),
    REFERENCES: (
        "references", "bibliography", "works cited", "literature cited",
        "참고문헌", "참고 문헌", "인용문헌",
    ),
    APPENDIX: ("appendix", "appendices", "annex", "annexes", "부록", "별첨"),
    CONTENTS: ("contents", "table of contents", "목차", "차례"),
}  # fmt: skip

# Words a reader may put after `section:`, for each part.
ALIASES: dict[str, str] = {
    **{p: p for p in PARTS},
    "front-matter": FRONT,
    "toc": CONTENTS,
    "abstract": SUMMARY,
    "summaries": SUMMARY,
    "요약": SUMMARY,
    "chapter": BODY,
    "chapters": BODY,
    "conclusion": CONCLUSIONS,
    "recommendations": CONCLUSIONS,
    "recommendation": CONCLUSIONS,
    "implications": CONCLUSIONS,
    "findings": CONCLUSIONS,
    "결론": CONCLUSIONS,
    "시사점": CONCLUSIONS,
    "bibliography": REFERENCES,
    "참고문헌": REFERENCES,
    "annex": APPENDIX,
    "appendices": APPENDIX,
    "부록": APPENDIX,
}

# Chapter numbering before a heading's words: "V.", "2.1", "Chapter 3", "제5장".
_NUMBERING = re.compile(
    r"^\s*(?:(?:chapter|part|section)\s+)?(?:\d+(?:[.\-]\d+)*[.):]?|[IVXLC]+[.)]|제\s*\d+\s*[장절])\s*",
    re.I,
)
# A heading is short; a longer line that mentions "conclusions" is a sentence of the text.
MAX_HEADING_WORDS = 8


def part_of_heading(heading: str) -> str | None:
    """The part a heading names ("V. Conclusion and suggestions" -> conclusions), or None when
    its words name none (a body chapter)."""
    text = fold(_NUMBERING.sub("", heading, count=1))
    if not text or len(text.split()) > MAX_HEADING_WORDS:
        return None
    padded = f" {text} "
    for part, words in HEADING_WORDS.items():
        if any(f" {w} " in padded for w in words):
            return part
    return None


def parse_part(value: str) -> str | None:
    """The part a reader's word names (`section:conclusion`), or None."""
    return ALIASES.get(value.strip().casefold())


def label(part: str, heading: str = "") -> str:
    """What a snippet says of its place: the heading when there is one, else the part."""
    return heading.strip() or LABELS.get(part, part)


_NUMBER = re.compile(r"\d+")


def running_key(line: str) -> str:
    """A line compared across pages: folded, every number alike, so page numbers and a header
    carrying its page ("Issue Brief 2021-08 · 6") repeat exactly."""
    return _NUMBER.sub("#", fold(line))


# What stands in a page's text where a running line was: no passage may reach across it, since
# the text on either side is not side by side on the page.
RUNNING_MARK = "\x00"


def longest_first(running: frozenset[str] | set[str]) -> list[str]:
    """The running lines in the order `is_running` takes them out of a line."""
    return sorted(running, key=len, reverse=True)


def is_running(
    line: str, running: frozenset[str] | set[str], pieces: list[str] | None = None
) -> bool:
    """Whether a line is a running header or footer: one of them, or several run together on
    one line (OCR reads a header's two lines as one when they stand close). `pieces` is
    `longest_first(running)` when the caller tests many lines."""
    key = running_key(line)
    if key in running:
        return True
    rest = key
    for piece in longest_first(running) if pieces is None else pieces:
        if piece and piece in rest:
            rest = rest.replace(piece, " ")
    return bool(key.strip()) and not rest.strip()


def without_running(text: str, running: frozenset[str] | set[str]) -> str:
    """A page's text with each running header and footer line replaced by RUNNING_MARK."""
    if not running:
        return text
    # Every line of every page is tested: the pieces are put in order once, not per line.
    pieces = longest_first(running)
    return "\n".join(
        RUNNING_MARK if is_running(ln, running, pieces) else ln for ln in text.split("\n")
    )
