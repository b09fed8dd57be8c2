"""The contents page, read from hand-built pages, and where each listed heading really starts."""

from __future__ import annotations

import pytest

from indexer.metadata.contents import (
    SCAN_PAGES,
    contents,
    find_contents_page,
    heading_key,
    is_contents_heading,
    page_headings,
    read_entries,
)
from indexer.model import Line, Page
from tests.indexer.metadata.handmade import line, lines_of, page, stack, text_lines

BODY = [
    "In this study, the correlation between the increase in the number of foreign",
    "residents in Korea and the occurrence of crime was empirically identified by",
    "establishing regional panel data from metropolitan areas, cities and towns.",
]
COVER = [line("Immigration and Crime in South Korea", 26, y=600)]


def listing(entries: list[tuple[str, str]], head: str = "Contents", top: float = 712) -> list[Line]:
    """A contents page: each heading at the left margin, its page number at the right."""
    lines = [line(head, 16, y=750, bold=True)]
    for i, (text, printed) in enumerate(entries):
        y = top - 23 * i
        lines += [line(text, 11, y=y), line(printed, 11, x=517, y=y)]
    return lines


def chapter(title: str, number: int) -> Page:
    """A page that opens a chapter: its heading in larger type over running text."""
    return page([line(title, 16, y=750, bold=True), *stack(BODY, top=715, size=10.5)], number)


def numbered(pages: list[list[Line] | Page]) -> list[Page]:
    return [p if isinstance(p, Page) else page(p, i) for i, p in enumerate(pages, start=1)]


def located(pages: list[Page]) -> list[tuple[str, int | None]]:
    return contents(pages, lines_of(pages))


# ---------------------------------------------------------------- the contents heading


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("Contents", True),
        ("Table of Contents", True),
        ("CONTENTS", True),
        ("Contents:", True),
        ("목차", True),
        ("contents", False),  # a word in a sentence, not a heading
        ("content.", False),
        ("Contents of the survey", False),
    ],
)
def test_contents_headings(text: str, heading: bool) -> None:
    assert is_contents_heading(text) is heading


def test_the_contents_page_is_the_first_with_a_contents_heading() -> None:
    pages = numbered([COVER, [line("Foreword", 16, y=750)], listing([("Introduction", "1")])])
    found = find_contents_page(pages, lines_of(pages))
    assert found is not None
    number, head = found
    assert (number, head.text) == (3, "Contents")


@pytest.mark.parametrize(("page_no", "found"), [(SCAN_PAGES, True), (SCAN_PAGES + 1, False)])
def test_a_contents_heading_deep_in_the_report_is_not_the_contents_page(
    page_no: int, found: bool
) -> None:
    filler = [[line(f"Page {n} of the annexes", 11, y=700)] for n in range(1, page_no)]
    pages = numbered([*filler, listing([("Introduction", "1")])])
    assert (find_contents_page(pages, lines_of(pages)) is not None) is found


# ---------------------------------------------------------------- reading the entries


def entries_of(pages: list[Page], page_no: int = 2) -> tuple[list[tuple[str, str | None]], int]:
    lookup = lines_of(pages)
    head = next(ln for ln in lookup(page_no) if is_contents_heading(ln.text))
    entries, last = read_entries(pages, lookup, page_no, head)
    return [(e.heading, e.printed) for e in entries], last


def test_entries_pair_headings_with_their_printed_page_numbers() -> None:
    pages = numbered([COVER, listing([("I. Introduction", "1"), ("II. Data", "3")])])
    assert entries_of(pages) == ([("I. Introduction", "1"), ("II. Data", "3")], 2)


def test_entries_with_leader_dots() -> None:
    pages = numbered(
        [
            COVER,
            [
                line("Table of Contents", 16, y=750),
                line("Executive summary ........................ ii", 11, y=712),
                line("I. Introduction ........................... 1", 11, y=689),
                line("II. Annex ........................", 11, y=666),
            ],
        ]
    )
    assert entries_of(pages)[0] == [
        ("Executive summary", "ii"),
        ("I. Introduction", "1"),
        ("II. Annex", None),  # leaders, but the number was lost
    ]


def test_a_heading_wrapped_over_two_rows_is_one_entry() -> None:
    contents_page = [
        line("Contents", 16, y=750),
        line("I. Introduction", 11, y=712),
        line("1", 11, x=517, y=712),
        line("II. Empirical analysis of crime", 11, y=689),
        line("and foreign residents", 11, y=676),
        line("4", 11, x=517, y=676),
    ]
    pages = numbered([COVER, contents_page])
    assert entries_of(pages)[0] == [
        ("I. Introduction", "1"),
        ("II. Empirical analysis of crime and foreign residents", "4"),
    ]


def test_entries_set_page_number_first() -> None:
    contents_page = [
        line("Contents", 16, y=750),
        line("1 Introduction", 11, y=712),
        line("5 Chapter 2: Sector Strategies", 11, y=689),
        line("18 Annex", 11, y=666),
    ]
    pages = numbered([COVER, contents_page])
    assert entries_of(pages)[0] == [
        ("Introduction", "1"),
        ("Chapter 2: Sector Strategies", "5"),
        ("Annex", "18"),
    ]


def test_lines_above_the_heading_and_unnumbered_notes_are_not_entries() -> None:
    contents_page = [
        # A running title above the heading, with a number that is no page.
        line("Research Report", 11, y=780),
        line("5", 11, x=517, y=780),
        *listing([("I. Introduction", "1"), ("II. Data", "3"), ("III. Results", "5")]),
        line("Chapter authors are listed on each chapter page", 11, y=640),
    ]
    pages = numbered([COVER, contents_page])
    headings = [h for h, _ in entries_of(pages)[0]]
    assert headings == ["I. Introduction", "II. Data", "III. Results"]


def test_chapter_authors_in_smaller_type_are_not_entries() -> None:
    contents_page = [
        *listing([("I. Introduction", "1"), ("II. Data", "3")]),
        line("Downon Kim", 9, y=700),  # tight under the first entry
    ]
    pages = numbered([COVER, contents_page])
    assert entries_of(pages)[0] == [("I. Introduction", "1"), ("II. Data", "3")]


def test_a_list_running_onto_the_next_page_is_read_to_its_end() -> None:
    more = [
        line("IV. Policy implications", 11, y=760),
        line("12", 11, x=517, y=760),
        line("V. Conclusion", 11, y=737),
        line("15", 11, x=517, y=737),
        line("References", 11, y=714),
        line("17", 11, x=517, y=714),
    ]
    pages = numbered(
        [COVER, listing([("I. Introduction", "1")]), more, chapter("I. Introduction", 4)]
    )
    entries, last = entries_of(pages)
    assert [h for h, _ in entries] == [
        "I. Introduction",
        "IV. Policy implications",
        "V. Conclusion",
        "References",
    ]
    assert last == 3


def test_a_page_after_the_contents_that_is_not_a_list_is_not_read() -> None:
    foreword = chapter("Foreword", 3)
    # Signed and dated at the foot, the date's year set apart like a page number.
    foreword.lines += [line("Seoul, December", 11, y=500), line("2021", 11, x=517, y=500)]
    pages = numbered([COVER, listing([("I. Introduction", "1")]), foreword])
    assert entries_of(pages) == ([("I. Introduction", "1")], 2)


# ---------------------------------------------------------------- headings in the body


@pytest.mark.parametrize(
    ("listed", "printed"),
    [
        ("01. Introduction", "01 Introduction"),
        ("Chapter 3 Introduction", "Introduction"),
        ("2.1 Data and method", "Data and Method"),
        ("IV. Annex", "Annex"),
        ("Annex 2: Interview guide", "Interview Guide"),
    ],
)
def test_headings_compare_without_their_numbering(listed: str, printed: str) -> None:
    assert heading_key(listed) == heading_key(printed)


def test_heading_keys_keep_the_words() -> None:
    assert heading_key("Introduction") != heading_key("Introduction to the survey")


@pytest.mark.parametrize(("size", "strong"), [(13.0, True), (12.0, False)])
def test_a_heading_in_visibly_larger_type_is_a_strong_heading(size: float, strong: bool) -> None:
    lines = text_lines(line("Findings", size, y=750), *stack(BODY, top=720, size=11))
    assert (heading_key("Findings") in page_headings(page([]), lines).strong) is strong


def test_a_body_type_line_set_tight_under_a_note_is_no_heading() -> None:
    lines = text_lines(
        *stack(BODY, top=750, size=10.5),
        line("Source: Korea Immigration Service, 2020.", 8, y=680),
        line("Data and method", 10.5, y=667),  # 3 points under the note
        line("The panel covers the years from 2010 on.", 10.5, y=652),
    )
    assert heading_key("Data and method") not in page_headings(page([]), lines).weak


def test_page_headings_tell_large_type_from_body_type_headings() -> None:
    lines = text_lines(
        line("Migration Policy Review", 16, y=815),  # running header
        line("I. Introduction", 16, y=750, bold=True),
        *stack(BODY, top=715, size=10.5),
        line("Data and method", 10.5, y=640),  # after white space, in body type
        *stack(["The panel covers the years from 2010.", "Crime data and method notes"], 620, 10.5),
    )
    found = page_headings(page([]), lines)
    assert heading_key("I. Introduction") in found.strong
    assert heading_key("Data and method") in found.weak
    assert heading_key("Data and method") not in found.strong
    assert heading_key("Migration Policy Review") not in found.strong
    # A line inside a paragraph is no heading, even in its own words.
    assert heading_key("Crime data and method notes") not in found.weak


# ---------------------------------------------------------------- where each entry starts


def test_headings_are_located_where_they_start_whatever_the_printed_numbers() -> None:
    mention = page(
        stack(["The next chapters follow this plan:", "II. Literature review", *BODY], 750, 10.5),
        4,
    )
    pages = numbered(
        [
            COVER,
            listing(
                [
                    ("I. Introduction", "1"),
                    ("II. Literature review", "3"),
                    ("III. Empirical analysis", "4"),
                    ("IV. Annex", "9"),
                ]
            ),
            chapter("I. Introduction", 3),
            mention,  # the heading's words in running text
            chapter("II. Literature review", 5),
            chapter("III. Empirical analysis", 6),
        ]
    )
    assert located(pages) == [
        ("I. Introduction", 3),  # the cover and the contents page carry no number
        ("II. Literature review", 5),
        ("III. Empirical analysis", 6),
        ("IV. Annex", None),  # listed, never printed as a heading
    ]


def test_a_heading_wrapped_in_the_body_is_found_whole() -> None:
    opening = page(
        [
            line("II. Empirical analysis of crime", 16, y=750),
            line("and foreign residents", 16, y=730),
            *stack(BODY, top=690, size=10.5),
        ],
        4,
    )
    pages = numbered(
        [
            COVER,
            [
                line("Contents", 16, y=750),
                line("I. Introduction ....................", 11, y=712),
                line("II. Empirical analysis of crime and foreign residents .........", 11, y=689),
            ],
            chapter("I. Introduction", 3),
            opening,
        ]
    )
    assert located(pages) == [
        ("I. Introduction", 3),
        ("II. Empirical analysis of crime and foreign residents", 4),
    ]


def test_a_page_inserted_after_the_numbering_starts_does_not_mislead() -> None:
    pages = numbered(
        [
            COVER,
            listing([("I. Introduction", "1"), ("II. Results", "2"), ("III. Discussion", "3")]),
            chapter("I. Introduction", 3),
            page([line("Figure 1", 11, y=400)], 4),  # a plate the numbering skipped
            chapter("II. Results", 5),
            chapter("III. Discussion", 6),
        ]
    )
    assert located(pages) == [
        ("I. Introduction", 3),
        ("II. Results", 5),
        ("III. Discussion", 6),
    ]


def test_larger_type_beats_a_body_type_line_of_the_same_words() -> None:
    caption = page([*stack(BODY, 750, 10.5), line("Literature review", 10.5, y=600)], 4)
    pages = numbered(
        [
            COVER,
            [
                line("Contents", 16, y=750),
                line("Introduction ....................", 11, y=712),
                line("Literature review ....................", 11, y=689),
            ],
            chapter("Introduction", 3),
            caption,
            chapter("Literature review", 5),
        ]
    )
    assert located(pages) == [("Introduction", 3), ("Literature review", 5)]


def test_front_matter_listed_before_the_contents_page_is_found_there() -> None:
    pages = numbered(
        [
            COVER,
            chapter("Executive summary", 2),
            [
                line("Table of Contents", 16, y=750),
                line("Executive summary ........................ ii", 11, y=712),
                line("I. Introduction ........................... 1", 11, y=689),
            ],
            chapter("I. Introduction", 4),
        ]
    )
    assert located(pages) == [("Executive summary", 2), ("I. Introduction", 4)]


def test_zero_padded_ordinals_are_dropped_from_the_headings() -> None:
    pages = numbered(
        [
            COVER,
            listing([("01 History", "2"), ("02 Programmes", "3"), ("2.1 Training", "3")]),
            chapter("01 History", 3),
            chapter("02 Programmes", 4),
        ]
    )
    assert [h for h, _ in located(pages)] == ["History", "Programmes", "2.1 Training"]


def test_no_contents_page_gives_no_entries() -> None:
    pages = numbered([COVER, chapter("I. Introduction", 2)])
    assert located(pages) == []
