"""The language filter of the search page, and OCR pages marked on result cards."""

from __future__ import annotations

from search_app.urlstate import SearchState, parse
from tests.conftest import load_catalog
from tests.search_app.apptest import RunApp, has_text, result_titles, url

KOREAN_TITLES = sorted(str(e["title"]) for e in load_catalog() if e["language"] == "ko")


def test_language_filter_lists_counts_and_narrows_the_results(run_app: RunApp) -> None:
    at = run_app({})
    catalog = load_catalog()
    english = sum(e["language"] == "en" for e in catalog)
    shown = list(at.sidebar.multiselect("w_language").options)
    assert shown == [f"English ({english})", f"Korean ({len(KOREAN_TITLES)})"]
    at = run_app({"lang": "ko"})
    assert sorted(result_titles(at)) == KOREAN_TITLES
    assert at.sidebar.multiselect("w_language").value == ["ko"]


def test_a_korean_query_in_the_app(run_app: RunApp) -> None:
    at = run_app({"q": "재정착 난민"})
    assert result_titles(at)[0] == "재정착 난민의 지역사회 정착을 위한 과제"


def test_ocr_pages_are_marked_on_result_cards(run_app: RunApp) -> None:
    at = run_app({"q": '"predict the influx of new permanent immigrants"'})
    assert has_text(at, "OCR")
    assert url(at)["q"] == ['"predict the influx of new permanent immigrants"']


def test_language_in_the_url() -> None:
    state = SearchState("난민", languages=("ko",))
    assert state.to_params() == {"q": "난민", "lang": ["ko"]}
    assert state.request().languages == ["ko"]
    assert state.without_filters() == SearchState("난민")
    given = {"lang": ["KO", "fr"]}
    parsed = parse(lambda key: given.get(key, []))
    assert parsed.state.languages == ("ko",)
    assert parsed.problems == ["ignored lang='fr': the languages are ko, en"]
