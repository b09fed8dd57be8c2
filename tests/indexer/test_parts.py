"""Running headers and footers told apart from a page's own lines."""

from __future__ import annotations

from indexer import parts

# The running keys of a brief whose header is its number above its short title.
RUNNING = frozenset({"issue brief # #", "discussions on the planning of immigration", "#"})


def test_a_running_line_and_lines_of_the_page() -> None:
    assert parts.is_running("Issue Brief 2021-16", RUNNING)
    assert parts.is_running("Discussions on the Planning of Immigration…", RUNNING)
    assert parts.is_running("7", RUNNING)
    assert not parts.is_running("Background", RUNNING)
    assert not parts.is_running("In 2021 the planning of immigration changed", RUNNING)
    assert not parts.is_running("", RUNNING)


def test_header_lines_run_together_by_ocr_are_running() -> None:
    line = "Issue Brief 2021-16 Discussions on the Planning of Immigration::-"
    assert parts.is_running(line, RUNNING)
    # The header followed by the page's own words is not.
    assert not parts.is_running("Issue Brief 2021-16 Summary", RUNNING)
    text = f"{line}\n\nBackground\nKorea's policies"
    assert parts.without_running(text, RUNNING).split("\n") == [
        parts.RUNNING_MARK,
        "",
        "Background",
        "Korea's policies",
    ]
