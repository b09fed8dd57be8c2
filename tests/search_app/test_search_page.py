"""The search page under AppTest: results, filter counts, the URL as state, and odd input."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import pytest

from indexer.search.searcher import Searcher, SearchRequest
from tests.conftest import load_catalog
from tests.search_app.apptest import (
    RunApp,
    has_text,
    link_params,
    options,
    result_titles,
    texts,
    url,
)

CATALOG = load_catalog()


def catalog_titles(
    types: tuple[str, ...] = (), years: tuple[int, int] | None = None, person: str = ""
) -> list[str]:
    """Titles of the catalog's publications under these filters (a title can repeat: a scan)."""
    out = []
    for p in CATALOG:
        names = [*p["chief"], *p["co_researchers"]]  # type: ignore[misc]
        if types and p["type"] not in types:
            continue
        if years and not years[0] <= int(p["year"]) <= years[1]:  # type: ignore[call-overload]
            continue
        if person and person not in names:
            continue
        out.append(str(p["title"]))
    return sorted(out)


def catalog_cards(
    types: tuple[str, ...] = (), years: tuple[int, int] | None = None, person: str = ""
) -> list[str]:
    """The titles shown as cards: a Korean edition whose English edition is also a hit shares
    its card (the catalog names each Korean edition's original in `edition_of`)."""
    titles = catalog_titles(types, years, person)
    by_file = {str(p["file"]): p for p in CATALOG}
    for p in CATALOG:
        original = by_file.get(str(p.get("edition_of", "")))
        if original and str(p["title"]) in titles and str(original["title"]) in titles:
            titles.remove(str(p["title"]))
    return sorted(titles)


def total(at: object) -> int:
    for text in texts(at):  # type: ignore[arg-type]
        words = text.strip("*").split(" ")
        if len(words) >= 2 and words[1].startswith("publication") and words[0].isdigit():
            return int(words[0])
    raise AssertionError("no result count on the page")


@pytest.fixture(scope="module")
def searcher(corpus_index: Path) -> Searcher:
    return Searcher(corpus_index)


# ---------------------------------------------------------------- filters without a query


@pytest.mark.parametrize(
    ("params", "types", "years", "person"),
    [
        ({}, (), None, ""),
        ({"type": "Policy Report"}, ("Policy Report",), None, ""),
        (
            {"type": ["Policy Report", "Working Paper"]},
            ("Policy Report", "Working Paper"),
            None,
            "",
        ),
        ({"year_from": "2022"}, (), (2022, 9999), ""),
        ({"year_from": "2021", "year_to": "2021"}, (), (2021, 2021), ""),
        ({"researcher": "Min Yi Yoo"}, (), None, "Min Yi Yoo"),
        (
            {"researcher": "Min Yi Yoo", "type": "Issue Brief", "year_to": "2021"},
            ("Issue Brief",),
            (0, 2021),
            "Min Yi Yoo",
        ),
    ],
)
def test_filters_show_exactly_the_catalogs_publications(
    run_app: RunApp,
    params: dict[str, str | list[str]],
    types: tuple[str, ...],
    years: tuple[int, int] | None,
    person: str,
) -> None:
    expected = catalog_titles(types, years, person)
    cards = catalog_cards(types, years, person)
    shown: list[str] = []
    page = 1
    while len(shown) < len(cards) and page <= len(cards):
        at = run_app({**params, "page": str(page)})
        shown += result_titles(at)
        page += 1
    assert total(at) == len(expected)
    assert sorted(shown) == cards


def test_each_option_shows_its_count_for_the_current_query(
    run_app: RunApp, searcher: Searcher
) -> None:
    at = run_app({"q": "refugees", "type": "Issue Brief"})
    facets = searcher.search(SearchRequest("refugees", types=["Issue Brief"])).facets
    assert options(at, "w_type") == [f"{t} ({n})" for t, n in facets["type"].items()]
    assert options(at, "w_year_from") == [
        "Any",
        *(f"{y} ({facets['year'][y]})" for y in sorted(facets["year"])),
    ]
    assert options(at, "w_researcher") == [f"{r} ({n})" for r, n in facets["researcher"].items()]
    # The chosen type is selected; the other types still show what choosing them would add.
    assert at.sidebar.multiselect("w_type").value == ["Issue Brief"]
    assert "Annual Report (1)" in options(at, "w_type")


def test_counts_without_a_query_are_the_catalogs(run_app: RunApp) -> None:
    at = run_app({})
    by_type: dict[str, int] = {}
    for p in CATALOG:
        by_type[str(p["type"])] = by_type.get(str(p["type"]), 0) + 1
    assert sorted(options(at, "w_type")) == sorted(f"{t} ({n})" for t, n in by_type.items())
    by_year = Counter(int(str(p["year"])) for p in CATALOG)
    assert options(at, "w_year_from") == ["Any", *(f"{y} ({by_year[y]})" for y in sorted(by_year))]
    assert f"Min Yi Yoo ({len(catalog_titles(person='Min Yi Yoo'))})" in options(at, "w_researcher")


@pytest.mark.parametrize(
    "params",
    [
        {"q": "refugees"},
        {"q": "refugees", "type": "Issue Brief"},
        {"q": "immigration policy", "year_from": "2022"},
        {"q": "immigration", "researcher": "Min Yi Yoo", "sort": "oldest"},
        {"q": "immigration", "type": ["Issue Brief", "Policy Report"], "page": "2"},
    ],
)
def test_results_are_the_librarys_results_in_order(
    run_app: RunApp, searcher: Searcher, params: dict[str, str | list[str]]
) -> None:
    at = run_app(params)
    listed = params.get("type", [])
    req = SearchRequest(
        query=str(params["q"]),
        types=[listed] if isinstance(listed, str) else list(listed),
        year_from=int(str(params["year_from"])) if "year_from" in params else None,
        researchers=[str(params["researcher"])] if "researcher" in params else [],
        offset=10 * (int(str(params.get("page", "1"))) - 1),
        sort=str(params.get("sort", "relevance")),
    )
    result = searcher.search(req)
    assert result.hits
    assert result_titles(at) == [h.title for h in result.hits]
    assert total(at) == result.total


# ---------------------------------------------------------------- result cards


def test_a_card_has_type_year_researcher_links_and_page_snippets(run_app: RunApp) -> None:
    at = run_app({"q": "resettled refugees local community"})
    assert (
        result_titles(at)[0]
        == "Tasks for the Settlement of Resettling Refugees in a Local Community"
    )
    people = [link for link in at.main.page_link if link.proto.page == "researchers"]
    assert "Bo Geun Chae" in [link_params(p)["name"][0] for p in people]
    pages = [link for link in at.main.page_link if "p" in link_params(link)]
    assert pages and all(link.value == f"p. {link_params(link)['p'][0]}" for link in pages)
    snippets = [m.value for m in at.main.markdown if ":orange-background[" in m.value]
    assert snippets and all("**" in s for s in snippets)
    assert any("Issue Brief · 2021" in c.value for c in at.main.caption)


def test_at_most_three_snippets_per_card(run_app: RunApp, searcher: Searcher) -> None:
    at = run_app({"q": "refugees"})
    per_pub: dict[str, int] = {}
    for link in at.main.page_link:
        params = link_params(link)
        if "p" in params:
            per_pub[params["id"][0]] = per_pub.get(params["id"][0], 0) + 1
    hits = searcher.search(SearchRequest("refugees")).hits
    assert per_pub == {h.id: len(h.pages) for h in hits if h.pages}
    assert max(per_pub.values()) <= 3


# ---------------------------------------------------------------- the URL is the state


def test_a_shared_url_reproduces_the_search_and_its_widgets(run_app: RunApp) -> None:
    params: dict[str, str | list[str]] = {
        "q": "immigration",
        "type": ["Issue Brief", "Research Report"],
        "year_from": "2021",
        "year_to": "2021",
        "researcher": ["Min Yi Yoo", "Seori Choi", "Juyoung Jang", "Minjeong Park"],
        "page": "2",
        "sort": "newest",
    }
    first = run_app(params)
    again = run_app(params)
    assert result_titles(first) == result_titles(again) and result_titles(first)
    sidebar = first.sidebar
    assert first.text_input("w_q").value == "immigration"
    assert sidebar.multiselect("w_type").value == ["Issue Brief", "Research Report"]
    assert sidebar.selectbox("w_year_from").value == 2021
    assert sidebar.selectbox("w_year_to").value == 2021
    assert sidebar.multiselect("w_researcher").value == params["researcher"]
    assert first.segmented_control("w_sort").value == "newest"
    assert url(first) == {k: v if isinstance(v, list) else [v] for k, v in params.items()}


def test_using_the_widgets_writes_the_url(run_app: RunApp) -> None:
    at = run_app({})
    at.text_input("w_q").input("refugees").run()
    assert url(at) == {"q": ["refugees"]}
    at.sidebar.multiselect("w_type").select("Issue Brief").run()
    assert url(at) == {"q": ["refugees"], "type": ["Issue Brief"]}
    at.sidebar.selectbox("w_year_from").select(2021).run()
    at.segmented_control("w_sort").set_value("oldest").run()
    assert url(at) == {
        "q": ["refugees"],
        "type": ["Issue Brief"],
        "year_from": ["2021"],
        "sort": ["oldest"],
    }
    by_widgets = result_titles(at)
    assert by_widgets == result_titles(run_app({k: v for k, v in at.query_params.items()}))
    # Any change but paging goes back to the first page.
    at.text_input("w_q").input("immigration").run()
    assert "page" not in url(at)


def test_pagination_moves_through_every_publication(run_app: RunApp) -> None:
    at = run_app({})
    assert total(at) == len(CATALOG)
    seen = result_titles(at)
    for page in range(2, math.ceil(len(catalog_cards()) / 10) + 1):
        widget = at.main.get("pagination")[0]
        widget.set_value(page).run()  # type: ignore[attr-defined]
        assert url(at)["page"] == [str(page)]
        seen += result_titles(at)
    assert sorted(seen) == catalog_cards()


def test_sort_newest_and_oldest(run_app: RunApp) -> None:
    newest = result_titles(run_app({"q": "immigration", "sort": "newest"}))
    oldest = result_titles(run_app({"q": "immigration", "sort": "oldest"}))
    assert newest[0] == "Annual Report 2021"  # the only 2022 publication
    assert "Annual Report 2021" not in oldest


def test_did_you_mean_is_a_link_that_keeps_the_filters(run_app: RunApp) -> None:
    at = run_app({"q": "refugee resetlement", "type": "Issue Brief"})
    links = [link for link in at.main.page_link if link.value.startswith("Did you mean")]
    assert len(links) == 1
    assert "refugee resettlement" in links[0].value
    assert link_params(links[0]) == {"q": ["refugee resettlement"], "type": ["Issue Brief"]}


def test_profile_links_are_on_every_card(run_app: RunApp) -> None:
    at = run_app({"researcher": "Min Yi Yoo"})
    people = [link_params(x)["name"][0] for x in at.main.page_link if x.proto.page == "researchers"]
    assert people.count("Min Yi Yoo") == len(result_titles(at))


# ---------------------------------------------------------------- empty, malformed, nothing found


def test_empty_query_lists_everything_with_a_hint(run_app: RunApp) -> None:
    at = run_app({"q": "   "})
    assert has_text(at, "Ask a question or type some words above")
    assert total(at) == len(CATALOG) and len(result_titles(at)) == 10


def test_no_results_explains_and_offers_the_suggestion_and_looser_filters(run_app: RunApp) -> None:
    at = run_app({"q": "refugee resetlement", "type": "Policy Brief", "year_from": "2022"})
    assert [w.value for w in at.warning] == ["No publications match this search."]
    assert has_text(at, "loosen the filters in the sidebar")
    assert any(x.value.startswith("Did you mean") for x in at.main.page_link)
    at.button("clear-filters-main").click().run()
    assert url(at) == {"q": ["refugee resetlement"]}
    assert total(at) > 0


def test_a_query_nothing_matches(run_app: RunApp) -> None:
    at = run_app({"q": "xylophonequartz"})
    assert at.warning and has_text(at, "check the spelling")
    assert result_titles(at) == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"page": "abc"}, "ignored page='abc'"),
        ({"page": "-3"}, "ignored page='-3'"),
        ({"page": "9999"}, "there is no page 9999"),
        ({"year_from": "20x1"}, "ignored year_from='20x1'"),
        ({"year_to": "99999999999"}, "ignored year_to="),
        ({"year_from": "2022", "year_to": "2021"}, "the years were swapped"),
        ({"sort": "sideways"}, "ignored sort='sideways'"),
        ({"q": "refugees " * 100}, "the query was cut"),
        ({"type": "Bogus Type"}, "Unknown publication type 'Bogus Type'"),
        ({"researcher": "Nobody Atall"}, "No researcher named 'Nobody Atall' in the index"),
    ],
)
def test_malformed_parameters_are_explained_not_fatal(
    run_app: RunApp, params: dict[str, str], message: str
) -> None:
    at = run_app(params)
    assert has_text(at, message), texts(at)


@pytest.mark.parametrize(
    "query",
    ['"unbalanced', "title:", "year:abc", "-", "((((", "type:", "\x00\x1b[31m", "*?", "OR AND NOT"],
)
def test_odd_queries_render_without_exception(run_app: RunApp, query: str) -> None:
    at = run_app({"q": query})
    shown = result_titles(at)
    nothing = [w.value for w in at.warning] == ["No publications match this search."]
    assert (shown and total(at) >= len(shown)) or nothing


def test_no_index_is_explained(run_app: RunApp, tmp_path: Path) -> None:
    at = run_app({"q": "refugees"}, index=tmp_path / "nothing-here")
    assert at.error and "can't be read" in at.error[0].value
    assert has_text(at, "pubkb index corpus/")
