"""The scoring features, date labels, Korean bylines and form rows, each on a hand-built page.

Expected values are what a reader of the page sees: which line is the title, which date the
publication's, who wrote it.
"""

from __future__ import annotations

import pytest

import indexer.metadata
from indexer.metadata import rank
from indexer.metadata.dates import line_year
from indexer.metadata.names import labelled_names
from indexer.model import Extraction, Line, Metadata
from tests.indexer.metadata.handmade import PAGE_H, line, page, text_lines

PUBLISHED, COVER_DATE, COPYRIGHT = 0, 1, 2


def detect(*lines: Line, info: dict[str, str] | None = None) -> Metadata:
    return indexer.metadata.detect(Extraction("", [page(lines)], info or {}))


# ---------------------------------------------------------------- script_of


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Annual Report", "latin"),
        ("Informe de evaluación", "latin"),
        ("체류외국인과 범죄", "hangul"),
        ("FIS 이슈 & 포커스", "hangul"),  # more Hangul letters than Latin ones
        ("الهجرة والعمل", "other"),
        ("2021 — 2022", ""),  # no letters at all
    ],
)
def test_the_script_of_a_line_is_that_of_most_of_its_letters(text: str, script: str) -> None:
    assert rank.script_of(text) == script


# ---------------------------------------------------------------- title_features


def features(text: str, size: float = 20.0, y: float = 600.0, language: str = "en") -> set[str]:
    lines = text_lines(line(text, size, y=y))
    return set(rank.title_features(text, lines, 20.0, PAGE_H, language))


def test_every_block_is_scored_on_size_and_height() -> None:
    assert features("Migration and Labour Markets") == {"size", "height"}


@pytest.mark.parametrize(
    ("text", "language", "feature"),
    [
        ("Office of Budget and Planning", "en", "organisation"),
        ("ABCD", "en", "acronym"),
        ("Migration Policy Review", "ko", "script"),  # a Latin masthead on a Korean cover
        ("R E P O R T", "en", "spaced"),
        ("March 2021", "en", "date"),
        ("Liberia", "en", "one_word"),
    ],
)
def test_what_marks_a_block_as_less_likely_a_title(text: str, language: str, feature: str) -> None:
    assert feature in features(text, language=language)
    assert rank.title_features(text, text_lines(line(text, 20)), 20, PAGE_H, language)[feature] < 0


def test_a_document_type_naming_a_body_is_still_a_title() -> None:
    assert "organisation" not in features("Country Programme Evaluation")


def test_one_hangul_word_is_a_whole_title() -> None:
    assert "one_word" not in features("가계부채관리방안", language="ko")


def test_larger_type_and_a_higher_place_score_more() -> None:
    big = rank.title_features("A Title", text_lines(line("A Title", 24)), 24, PAGE_H, "en")
    small = rank.title_features("A Title", text_lines(line("A Title", 12)), 24, PAGE_H, "en")
    assert big["size"] > small["size"]
    high = rank.title_features("A Title", text_lines(line("A Title", 20, y=780)), 20, PAGE_H, "en")
    low = rank.title_features("A Title", text_lines(line("A Title", 20, y=200)), 20, PAGE_H, "en")
    assert high["height"] > low["height"]


def test_an_acronym_set_larger_than_the_title_does_not_win() -> None:
    meta = detect(
        line("ABCD", 40, y=760),
        line("Seasonal Work in Rural Economies", 24, y=600),
    )
    assert meta.title == "Seasonal Work in Rural Economies"


def test_a_clear_title_is_more_sure_than_a_close_call() -> None:
    assert rank.confidence(1.0, None) > rank.confidence(1.0, 0.95)
    assert 0.0 <= rank.confidence(-3.0, 2.0) <= rank.confidence(3.0, None) <= 1.0


# ---------------------------------------------------------------- date labels


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Report Date: 01/31/2008", (PUBLISHED, 2008)),
        ("보도시점 2025.6.27.(금) 11:30", (PUBLISHED, 2025)),
        ("배포 2024. 3. 5.", (PUBLISHED, 2024)),
        ("Suggested citation: Roe, J. (2019). Seasonal work. Springfield.", (COPYRIGHT, 2019)),
        ("Please cite as: Kim, D. and Lee, H. (2016), Migrant labour.", (COPYRIGHT, 2016)),
    ],
)
def test_labelled_dates(text: str, expected: tuple[int, int]) -> None:
    assert line_year(text, on_cover=False) == expected


def test_a_date_label_reads_the_date_set_to_its_right() -> None:
    meta = detect(
        line("Aviation Accident Final Report", 22, y=720),
        line("Report Date:", 10, x=72, y=600),
        line("01/31/2008", 10, x=200, y=600),
    )
    assert meta.year == 2008


def test_a_press_release_is_dated_by_its_release_time_not_the_file() -> None:
    meta = detect(
        line("보도자료", 14, y=770),
        line("보도시점", 10, x=169, y=732),
        line("2025.6.27.(금) 11:30", 10, x=246, y=732),
        line("가계부채 관리 강화 방안 발표", 18, y=694),
        info={"CreationDate": "D:20260101000000"},
    )
    assert meta.year == 2025


# ---------------------------------------------------------------- Korean bylines


def test_the_written_by_label_names_the_authors() -> None:
    byline = labelled_names(text_lines(line("작성자: 홍길동, 이영희", y=500)))
    assert byline.people == ["홍길동", "이영희"] and byline.labelled


def test_korean_positions_after_names_are_not_part_of_them() -> None:
    byline = labelled_names(text_lines(line("작성 홍길동 선임연구위원, 이영희 연구원", y=500)))
    assert byline.people == ["홍길동", "이영희"]


def test_staff_roles_after_the_authors_end_the_byline() -> None:
    byline = labelled_names(text_lines(line("작성 홍길동 연구위원 자료수집 이영희", y=500)))
    assert byline.people == ["홍길동"]


# ---------------------------------------------------------------- form rows


def test_a_form_value_is_not_a_byline() -> None:
    meta = detect(
        line("Aviation Accident Final Report", 22, y=720),
        line("Location:", 10, x=72, y=660),
        line("Springfield, IL", 10, x=200, y=660),
        line("Aircraft:", 10, x=72, y=646),
        line("Cessna Skyhawk", 10, x=200, y=646),
    )
    assert meta.chief == [] and meta.co_researchers == []


def test_names_under_the_title_without_a_form_label_are_a_byline() -> None:
    meta = detect(
        line("Aviation Safety in Rural Airfields", 22, y=720),
        line("Jane Roe", 12, x=200, y=660),
    )
    assert meta.chief == ["Jane Roe"]
