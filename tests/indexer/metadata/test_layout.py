"""Page lines as the detectors see them: cleaned, de-duplicated, ordered, zoned."""

from __future__ import annotations

import pytest

from indexer.metadata.layout import (
    body_size,
    is_footer_zone,
    page_lines,
    strip_marks,
    top_down,
)
from indexer.model import Line, Page
from tests.indexer.metadata.handmade import PAGE_H, PAGE_W, line, page, stack, text_lines


def test_page_lines_clean_the_text() -> None:
    lines = page_lines(
        page(
            [
                line("Eﬃcient  \u200bmigration\tpolicy"),  # ligature, zero-width space, tab
                line("Annual (cid:12)Report", y=650),
            ]
        )
    )
    assert [ln.text for ln in lines] == ["Efficient migration policy", "Annual Report"]


def test_page_lines_drop_stamp_fragments_but_keep_page_numbers() -> None:
    lines = page_lines(page([line("D", y=500), line("·", y=480), line("7", y=40), line("Ok")]))
    assert [ln.text for ln in lines] == ["7", "Ok"]


def test_page_lines_drop_text_drawn_off_the_page() -> None:
    visible = line("Immigration and Crime in South Korea", y=600)
    bleed = line("Immigration and Crime in South Korea", x=PAGE_W + 20, y=600)
    below = line("Draft", y=-50)
    assert [ln.x0 for ln in page_lines(page([visible, bleed, below]))] == [visible.x0]


def test_page_lines_keep_one_copy_of_text_drawn_twice_for_fake_bold() -> None:
    title = line("The Direction of Immigration Policy", size=22, y=600)
    shifted = Line(title.text, 22, title.x0 + 0.3, title.y0, title.x1 + 0.3, title.y1)
    assert len(page_lines(page([title, shifted]))) == 1


def test_page_lines_normalise_boxes_and_record_where_they_came_from() -> None:
    inverted = Line("Issue Brief", -14, 300, 720, 200, 706)
    (ln,) = page_lines(page([inverted], number=3))
    assert (ln.x0, ln.y0, ln.x1, ln.y1) == (200, 706, 300, 720)
    assert ln.size == 14
    assert (ln.page, ln.order) == (3, 0)


def test_text_lines_measure_height_gaps_and_rows() -> None:
    upper, lower, beside = text_lines(
        line("Chief Researcher", size=10, y=500),
        line("Downon Kim", size=10, y=480),
        line("Co-researchers", size=10, x=300, y=481),
    )
    assert upper.height == pytest.approx(10)
    assert upper.gap_below(lower) == pytest.approx(10)  # baselines 20 apart, boxes 10 tall
    assert lower.same_row(beside) and not upper.same_row(lower)
    assert upper.overlaps_x(lower) and not lower.overlaps_x(beside)


def test_a_flat_box_still_has_a_height() -> None:
    (ln,) = page_lines(page([Line("Research Report", 12, 72, 700, 250, 700)]))
    assert ln.height > 0


def test_top_down_reads_rows_from_the_top_then_left_to_right() -> None:
    lines = text_lines(
        line("right", x=300, y=500),
        line("bottom", y=100),
        line("left", x=72, y=500),
        line("top", y=800),
    )
    assert [ln.text for ln in top_down(lines)] == ["top", "left", "right", "bottom"]


@pytest.mark.parametrize(
    ("y", "footer"),
    [
        (20.0, True),  # a page number at the foot
        (PAGE_H - 30, True),  # a running header
        (PAGE_H / 2, False),
        (120.0, False),  # low on the page, but above the footer band
    ],
)
def test_footer_zone_is_the_band_at_the_top_and_the_bottom(y: float, footer: bool) -> None:
    (ln,) = text_lines(line("Migration Research & Training Centre", size=9, y=y))
    assert is_footer_zone(ln, page([])) is footer


def test_a_page_without_dimensions_has_no_footer_zone() -> None:
    (ln,) = text_lines(line("12", size=9, y=20))
    assert not is_footer_zone(ln, Page(1, "", 0, 0, []))


def test_body_size_is_the_size_of_the_running_text() -> None:
    lines = text_lines(
        line("Immigration and Crime in South Korea", size=26, y=760),
        *stack(
            [
                "In this study, the correlation between the increase in the number of",
                "foreign residents in Korea and the occurrence of crime was identified",
            ],
            top=700,
            size=10.4,
        ),
        line("Note: figures are provisional", size=8, y=100),
    )
    assert body_size(lines) == 10.0
    assert body_size([]) == 0.0


@pytest.mark.parametrize(
    ("text", "bare"),
    [
        ("Phillip Leslie and Paul Oyer†", "Phillip Leslie and Paul Oyer"),
        ("*Happiness and Migration", "Happiness and Migration"),
        ("Stephen Ladek ∗ ‡", "Stephen Ladek"),
        ("Section #3 of the report", "Section #3 of the report"),  # only the ends
    ],
)
def test_strip_marks_removes_footnote_marks_at_the_ends(text: str, bare: str) -> None:
    assert strip_marks(text) == bare
