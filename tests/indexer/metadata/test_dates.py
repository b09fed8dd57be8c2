"""Dates printed in reports, ranked by how well they date the publication."""

from __future__ import annotations

import datetime

import pytest

from indexer.metadata.dates import date_overlaps, info_year, is_dating_line, line_year

# Ranks, strongest first, as `line_year` documents them.
PUBLISHED, COVER_DATE, COPYRIGHT, INNER_DATE, BARE_YEAR = range(5)


@pytest.mark.parametrize(
    ("text", "on_cover", "expected"),
    [
        ("Publication Date May 2022", True, (PUBLISHED, 2022)),
        ("Date of publication: 12/03/2019", False, (PUBLISHED, 2019)),
        ("발행일 2022년 5월", True, (PUBLISHED, 2022)),
        ("April 2023", True, (COVER_DATE, 2023)),
        ("Final Evaluation Report, 17 March 2023", True, (COVER_DATE, 2023)),
        ("2021년 12월", True, (COVER_DATE, 2021)),
        ("April 2023", False, (INNER_DATE, 2023)),
        ("Copyright © 2005, National Environmental Health Association.", False, (COPYRIGHT, 2005)),
        ("© 2021 Migration Research and Training Centre", True, (COPYRIGHT, 2021)),
        ("2021", True, (BARE_YEAR, 2021)),
        ("(2018)", True, (BARE_YEAR, 2018)),
    ],
)
def test_lines_that_date_the_publication(
    text: str, on_cover: bool, expected: tuple[int, int]
) -> None:
    assert line_year(text, on_cover) == expected


@pytest.mark.parametrize(
    ("text", "on_cover"),
    [
        ("2021", False),  # a bare year inside the report is a table cell or a heading
        ("MPRA Paper No. 93045, posted 02 Apr 2019 13:12 UTC", True),
        ("Accessed 3 June 2020", True),
        ("1999). In January 1998, the ministry changed the rules and", True),
        ("Korean Migration Profile of 2020", True),
        ("1850", True),  # not a plausible publication year
        (f"{datetime.date.today().year + 5}", True),
    ],
)
def test_lines_that_do_not_date_the_publication(text: str, on_cover: bool) -> None:
    assert line_year(text, on_cover) is None


def test_a_date_in_a_running_footer_dates_the_issue_weakly() -> None:
    text = "March 2005 • Journal of Environmental Health 17"
    assert line_year(text, on_cover=True) is None  # in the body of the page: not a date line
    assert line_year(text, on_cover=True, footer=True) == (INNER_DATE, 2005)


@pytest.mark.parametrize(
    ("info", "year"),
    [
        ({"CreationDate": "D:20190402131200+09'00'"}, 2019),
        ({"CreationDate": "2016-05-01"}, 2016),
        ({"CreationDate": "D:99999"}, None),
        ({"CreationDate": "D:18991231"}, None),
        ({"ModDate": "D:20240101"}, None),  # re-saving moves it: never the year
        ({}, None),
    ],
)
def test_info_year_is_the_creation_year(info: dict[str, str], year: int | None) -> None:
    assert info_year(info) == year


@pytest.mark.parametrize(
    ("text", "dating"),
    [
        ("April 29, 2020", True),
        ("September 2018", True),
        ("2021. 12.", True),
        ("Copyright © 2005, National Environmental Health Association.", True),
        ("Publication date: May 2022", True),
        ("December", True),
        ("The Direction of Immigration Policy", False),
        ("Korean Migration Profile of 2020", False),
        ("Immigration to Korea rose sharply between March 2015 and the end of 2019", False),
        ("The survey was carried out across the whole country in March 2015", False),
    ],
)
def test_dating_lines_are_cover_furniture(text: str, dating: bool) -> None:
    assert is_dating_line(text) is dating


def test_date_overlaps_tells_whether_a_position_falls_inside_a_date() -> None:
    text = "Research Paper 15 May 2020"
    assert date_overlaps(text, text.index("15"))
    assert date_overlaps(text, text.index("2020"))
    assert not date_overlaps(text, text.index("Paper"))
    assert not date_overlaps("Working Paper 13916", len("Working Paper "))
