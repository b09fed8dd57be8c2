"""The search page's "Part of the report" filter and its "What our publications concluded" box."""

from __future__ import annotations

import re

from search_app.text import plain
from search_app.urlstate import SearchState, parse
from tests.conftest import load_catalog
from tests.search_app.apptest import RunApp, has_text, link_params, result_titles, texts, url

VACCINE = "Issues regarding COVID-19 Vaccine for Foreigners"


def findings_quotes(at: object) -> list[str]:
    return [plain(m.value[2:]) for m in at.main.markdown if m.value.startswith("> ")]  # type: ignore[attr-defined]


def test_part_filter_lists_counts_and_narrows(run_app: RunApp) -> None:
    at = run_app({"q": "vaccine"})
    widget = at.sidebar.multiselect("w_section")
    shown = list(widget.options)
    assert any(re.fullmatch(r"Conclusions \(\d+\)", o) for o in shown), shown
    at = run_app({"q": "vaccine", "section": "conclusions"})
    assert at.sidebar.multiselect("w_section").value == ["conclusions"]
    assert VACCINE in result_titles(at)
    # Every snippet shown is from a concluding page: the catalog's Policy Implications (p. 6).
    pages = {link_params(link)["p"][0] for link in at.main.page_link if "p" in link_params(link)}
    assert pages == {"6"}
    assert has_text(at, "Policy Implications")
    assert url(at)["section"] == ["conclusions"]


def test_findings_box_quotes_the_conclusion_with_a_link_to_its_page(run_app: RunApp) -> None:
    at = run_app({"q": "should foreigners get COVID-19 vaccination regardless of sojourn status?"})
    assert has_text(at, "What our publications concluded")
    quotes = findings_quotes(at)
    assert 1 <= len(quotes) <= 3
    # The catalog summary of the vaccine brief holds the quoted sentence word for word.
    summary = next(str(p["summary"]) for p in load_catalog() if p["title"] == VACCINE)
    assert quotes[0] in " ".join(summary.split())
    links = [m.value for m in at.main.markdown if m.value.startswith("[p")]
    assert links and re.fullmatch(r"\[p\\\. 6\]\(publication\?id=[0-9a-f]+&p=6\)", links[0])
    assert any(f"{VACCINE} · 2021 · Policy Implications" in t for t in texts(at))


def test_findings_box_says_when_nothing_concludes(run_app: RunApp) -> None:
    at = run_app({"q": "penguins raising chicks in Antarctica"})
    assert has_text(at, "What our publications concluded")
    assert findings_quotes(at) == []
    assert has_text(at, "says much about this")


def test_no_findings_box_without_a_query(run_app: RunApp) -> None:
    at = run_app({})
    assert not has_text(at, "What our publications concluded")


def test_section_in_the_url() -> None:
    state = SearchState("refugees", sections=("summary",))
    assert state.to_params() == {"q": "refugees", "section": ["summary"]}
    assert state.request().sections == ["summary"]
    assert state.without_filters() == SearchState("refugees")
    given = {"section": ["Conclusions", "preface"]}
    parsed = parse(lambda key: given.get(key, []))
    assert parsed.state.sections == ("conclusions",)
    assert parsed.problems and "preface" in parsed.problems[0]
