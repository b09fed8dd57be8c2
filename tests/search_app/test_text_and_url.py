"""The app's pure parts: Markdown escaping of PDF text, and the search state in the URL."""

from __future__ import annotations

import pytest

from search_app.backend import MAX_QUERY_CHARS
from search_app.text import md, plain, snippet_md, snippet_segments
from search_app.urlstate import SearchState, parse

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "**bold** _it_ `code` ~~gone~~",
    "$x^2$ and :red[red] and :material/home: and :smile:",
    "# heading\n- item\n1. item\n> quote",
    "&lt;b&gt; &amp; &#60;",
    "back\\slash \\<",
    "<!-- comment --> <![CDATA[x]]>",
    "line\x00with\x1bcontrols",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_md_leaves_no_markup_and_round_trips(text: str) -> None:
    escaped = md(text)
    assert "\n" not in escaped
    # Every punctuation character is escaped, so nothing in it can open a tag, link, emphasis,
    # math, directive or entity.
    for i, char in enumerate(escaped):
        if char in "<>[]()*_`~$:&#!":
            assert escaped[i - 1] == "\\", (escaped, i)
    assert plain(escaped) == " ".join(text.replace("\x00", "").replace("\x1b", "").split())


def test_snippet_segments_and_markdown() -> None:
    snippet = "… the &lt;b&gt; <mark>refugee</mark> act, <mark>Refugees</mark>&#x27; rights …"
    assert snippet_segments(snippet) == [
        ("… the <b> ", False),
        ("refugee", True),
        (" act, ", False),
        ("Refugees", True),
        ("' rights …", False),
    ]
    assert snippet_md(snippet) == (
        r"… the \<b\> :orange-background[**refugee**] act\, "
        r":orange-background[**Refugees**]\' rights …"
    )


def test_a_snippet_with_hostile_text_stays_text() -> None:
    snippet = "&lt;script&gt;alert(1)&lt;/script&gt; <mark>x</mark>] :red[y]"
    out = snippet_md(snippet)
    assert r"\<script\>alert\(1\)\<\/script\>" in out
    assert out.endswith(r"\] \:red\[y\]")


def params(**values: str | list[str]) -> dict[str, list[str]]:
    return {k: v if isinstance(v, list) else [v] for k, v in values.items()}


def read(**values: str | list[str]) -> tuple[SearchState, list[str]]:
    given = params(**values)
    parsed = parse(lambda key: given.get(key, []))
    return parsed.state, parsed.problems


def test_round_trip_of_a_full_state() -> None:
    state = SearchState("refugees", ("Issue Brief",), 2020, 2021, ("Min Yi Yoo",), 3, "newest")
    given = state.to_params()
    back = parse(lambda key: params(**given).get(key, []))
    assert back.state == state and back.problems == []
    assert SearchState().to_params() == {}


def test_request_pages_by_ten() -> None:
    req = SearchState("x", page=3).request()
    assert (req.offset, req.limit) == (20, 10)


@pytest.mark.parametrize(
    ("values", "state", "problem"),
    [
        ({"page": "0"}, SearchState(), "ignored page='0'"),
        ({"page": "two"}, SearchState(), "ignored page='two'"),
        ({"year_from": "21"}, SearchState(), "ignored year_from='21'"),
        ({"year_to": "2021.5"}, SearchState(), "ignored year_to='2021.5'"),
        (
            {"year_from": "2023", "year_to": "2020"},
            SearchState(year_from=2020, year_to=2023),
            "swapped",
        ),
        ({"sort": "NEWEST"}, SearchState(sort="newest"), ""),
        ({"sort": "random"}, SearchState(), "ignored sort='random'"),
        ({"q": "a\x00b\nc"}, SearchState(q="a b c"), ""),
        ({"type": ["", " Issue Brief ", "Issue Brief"]}, SearchState(types=("Issue Brief",)), ""),
        (
            {"researcher": [f"n{i}" for i in range(50)]},
            SearchState(researchers=tuple(f"n{i}" for i in range(20))),
            "",
        ),
    ],
)
def test_lenient_reading(values: dict[str, str], state: SearchState, problem: str) -> None:
    got, problems = read(**values)
    assert got == state
    assert (problem in " ".join(problems)) if problem else problems == []


def test_a_long_query_is_cut() -> None:
    got, problems = read(q="word " * 300)
    assert len(got.q) == MAX_QUERY_CHARS and problems


def test_changes_go_back_to_page_one_except_paging() -> None:
    state = SearchState("x", ("Issue Brief",), page=4)
    assert state.changed(q="y").page == 1
    assert state.changed(page=2).page == 2
    assert state.without_filters() == SearchState("x")
