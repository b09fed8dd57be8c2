"""Cover rules on hand-built pages: the title block, type labels, series lines, stacked labels."""

from __future__ import annotations

import pytest

from indexer.metadata.cover import (
    Title,
    _Neighbours,
    column_runs,
    is_type_label,
    join_lines,
    line_role,
    series_in,
    title_candidates,
)
from indexer.metadata.layout import TextLine
from indexer.model import Line, Page
from tests.indexer.metadata.handmade import line, page, text_lines


def best_title(lines: list[TextLine], on: Page) -> Title | None:
    found = title_candidates(lines, on)
    return found[0] if found else None


def title_of(*lines: Line) -> str | None:
    found = best_title(text_lines(*lines), page(lines))
    return None if found is None else found.text


# ---------------------------------------------------------------- the title block


def test_the_title_is_the_largest_text_with_its_wrapped_lines() -> None:
    lines = [
        line("Migration Research & Training Centre", 12, y=780),
        line("Issue Brief 2021-07", 14, y=740, bold=True),
        line("The Direction of Immigration Policy", 22, y=600, bold=True),
        line("according to Demographic Changes", 22, y=574, bold=True),
        line("Chief Researcher Jeong-Woo Rhee", 11, y=520),
        line("2021", 14, x=492, y=90),
    ]
    title = best_title(text_lines(*lines), page(lines))
    assert title is not None
    assert title.text == "The Direction of Immigration Policy according to Demographic Changes"
    assert title.page == 1
    assert [ln.text for ln in title.lines] == [
        "The Direction of Immigration Policy",
        "according to Demographic Changes",
    ]
    # The byline under the title starts below the title's last line.
    assert title.bottom < 580


def test_neighbours_are_the_nearest_overlapping_rows_and_each_is_looked_up_once() -> None:
    lines = text_lines(
        line("Kicker", 14, y=700),
        line("Left column", 11, x=72, y=650),
        line("Right column far away", 11, x=400, y=650),
        line("Below it", 11, y=600),
    )
    kicker, left, right, below = lines
    known = _Neighbours(lines)
    assert known.of(kicker, below=True) is left  # the right column shares no x with the kicker
    assert known.of(left, below=True) is below
    assert known.of(below, below=False) is left
    assert known.of(right, below=True) is None
    assert known.of(kicker, below=False) is None
    known.lines = []  # answers already given stay: nothing is scanned again
    assert known.of(kicker, below=True) is left


def test_a_subtitle_in_smaller_type_follows_a_colon() -> None:
    assert (
        title_of(
            line("Happiness and Migration", 24, y=600),
            line("Evidence from Forty Countries", 16, y=570),
        )
        == "Happiness and Migration: Evidence from Forty Countries"
    )


def test_an_organisation_set_larger_than_the_title_is_not_the_title() -> None:
    assert (
        title_of(
            line("INTERNATIONAL ORGANIZATION FOR MIGRATION", 26, x=40, y=780),
            line("Harvests of Development in Rural Africa", 20, y=600),
            line("Will Sims, MPP 2020", 14, y=540),
        )
        == "Harvests of Development in Rural Africa"
    )


def test_text_in_the_footer_band_is_never_the_title() -> None:
    assert (
        title_of(
            line("Immigration and Crime in South Korea", 24, y=600),
            line("Korean Migration Profile", 30, y=15),
        )
        == "Immigration and Crime in South Korea"
    )


@pytest.mark.parametrize(("size", "title"), [(18.0, "Ticket Resale"), (13.0, None)])
def test_a_name_that_dominates_the_page_can_be_the_title(size: float, title: str | None) -> None:
    assert title_of(line("Ticket Resale", size, y=600), line("Phillip Leslie", 12, y=560)) == title


def test_a_name_like_line_in_the_title_type_continues_the_title() -> None:
    assert (
        title_of(line("The Economics of", 24, y=600), line("Ticket Resale", 24, y=575))
        == "The Economics of Ticket Resale"
    )


@pytest.mark.parametrize(
    "author",
    [
        line("Phillip Leslie", 14, y=576),  # smaller type: the byline
        line("Phillip Leslie", 16, y=576),  # same size, but not in the title's capitals
    ],
)
def test_a_byline_right_under_the_title_does_not_continue_it(author: Line) -> None:
    assert title_of(line("NEARLY OPTIMAL PRICING", 16, y=600), author) == "NEARLY OPTIMAL PRICING"


def test_a_page_of_names_and_furniture_has_no_title() -> None:
    assert (
        title_of(
            line("Downon Kim", 11, y=600),
            line("Chang Won Lee", 11, y=580),
            line("www.mrtc.re.kr", 11, y=300),
            line("April 2023", 11, y=200),
        )
        is None
    )


# A one-word line in display type (a country) qualifies the title line set against it; one
# set a few lines away is another block.
@pytest.mark.parametrize(("kicker_y", "joined"), [(634.0, True), (700.0, False)])
def test_a_one_word_display_line_qualifies_the_title_set_against_it(
    kicker_y: float, joined: bool
) -> None:
    title = title_of(
        line("INDEPENDENT COUNTRY PROGRAMME EVALUATION", 18, y=kicker_y),
        line("LIBERIA", 48, y=590),
    )
    assert title == ("INDEPENDENT COUNTRY PROGRAMME EVALUATION: LIBERIA" if joined else "LIBERIA")


def test_a_paragraph_under_the_title_does_not_join_it() -> None:
    assert (
        title_of(
            line("Korean Migration Profile of 2020", 16, y=600),
            line(
                "This profile brings together the statistics on immigration that the "
                "ministries and agencies publish every year",
                16,
                y=578,
            ),
        )
        == "Korean Migration Profile of 2020"
    )


# ---------------------------------------------------------------- what each line is


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Table of Contents", "heading"),
        ("Chief Researcher Downon Kim", "byline"),
        ("www.mrtc.re.kr", "furniture"),
        ("FOR OFFICIAL USE ONLY", "furniture"),
        ("April 2023", "date"),
        ("Research Report", "label"),
        ("2021", "year"),
        ("2021-03", "number"),
        ("Downon Kim", "name"),
        ("Downon Kim, Chang Won Lee", "names"),
        ("Happiness and Migration", "text"),
    ],
)
def test_line_roles(text: str, role: str) -> None:
    (ln,) = text_lines(line(text))
    assert line_role(ln) == role


# ---------------------------------------------------------------- type labels and series


@pytest.mark.parametrize(
    "text",
    [
        "Research Report",
        "EVALUATION BRIEF",
        "Issue Brief 2021-07",
        "Working Paper No. 13916",
        "MRTC Issue Brief",  # one word outside the label vocabulary
    ],
)
def test_type_labels(text: str) -> None:
    assert is_type_label(text)


@pytest.mark.parametrize(
    "text",
    [
        "Annual Report 2021",  # a year makes it a title
        "The Direction of Immigration Policy",
        "Korean Migration Report",  # two words that are not label words
        "Research Report on Immigration and Crime in South Korea",
    ],
)
def test_not_type_labels(text: str) -> None:
    assert not is_type_label(text)


@pytest.mark.parametrize(
    ("text", "series"),
    [
        ("MRTC Working Paper No. 13916", ("MRTC Working Paper", "13916")),
        ("Issue Brief 2021-07", ("Issue Brief", "2021-07")),
        ("Report No: 52920-MX", ("Report", "52920-MX")),
        ("published in the Policy Brief No. 4", ("Policy Brief", "4")),
    ],
)
def test_series_lines(text: str, series: tuple[str, str]) -> None:
    assert series_in(text) == series


@pytest.mark.parametrize(
    "text",
    [
        "Annual Report 2021",  # a year, not a number in a series
        "Research Paper 15 May 2020",  # the number is the day of a date
        "As discussed at length in the final report 3 of this project",
    ],
)
def test_not_series_lines(text: str) -> None:
    assert series_in(text) is None


def test_column_runs_join_short_lines_stacked_in_one_column() -> None:
    lines = text_lines(
        line("Research", 15, x=30, y=720, bold=True),
        line("Report", 15, x=30, y=701, bold=True),
        line("2021-03", 15, x=30, y=676),
        line("An Exploratory Study for", 24, x=220, y=700),
    )
    runs = column_runs(lines)
    assert "Research Report 2021-03" in runs
    assert not any("Exploratory" in run for run in runs)
    assert "Report 2021-03" in runs  # a run may start on any line of the stack


@pytest.mark.parametrize(
    "second",
    [
        line("Report", 15, x=40, y=701),  # not aligned with the line above
        line("Report", 15, x=30, y=660),  # too far below it
        line("Report on the State of Migration", 15, x=30, y=701),  # not a short line
    ],
)
def test_column_runs_need_aligned_close_short_lines(second: Line) -> None:
    assert column_runs(text_lines(line("Research", 15, x=30, y=720), second)) == []


# ---------------------------------------------------------------- joining lines


@pytest.mark.parametrize(
    ("texts", "joined"),
    [
        # A compound broken after its hyphen is one word again, hyphen and all.
        (
            ["Utilizing the Settled-", "female Immigrants"],
            "Utilizing the Settled-female Immigrants",
        ),
        (
            ["The Effect of Immigration on the", "Well-Being of Native Populations"],
            "The Effect of Immigration on the Well-Being of Native Populations",
        ),
        (["Ticket Resale*", "  in   Sports  "], "Ticket Resale in Sports"),
        ([], ""),
    ],
)
def test_join_lines(texts: list[str], joined: str) -> None:
    assert join_lines(texts) == joined
