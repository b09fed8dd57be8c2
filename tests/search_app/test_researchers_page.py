"""The researcher pages under AppTest: the directory, and profiles under any spelling."""

from __future__ import annotations

import pytest

from indexer.authority.romanise import name_key
from search_app.text import plain
from tests.conftest import load_catalog
from tests.search_app.apptest import RunApp, has_text, link_params

RESEARCHERS = "pages_/researchers.py"
CATALOG = load_catalog()
# Spellings of one person in the corpus (ground truth written from the catalog).
SAME_PERSON = [
    ("Hye-Kyoung Lee", "HyeKyoung Lee"),
    ("Hyo-Won Choi", "Hyo-won Choi"),
    ("Su hyun Youk", "Suhyun Youk"),
    ("Younghee Cho", "Youngee Cho"),
]


def names(pub: dict[str, object]) -> list[str]:
    return [*pub["chief"], *pub["co_researchers"]]  # type: ignore[misc]


def publications_of(spellings: tuple[str, ...]) -> dict[str, str]:
    """Title -> role, for every catalog publication naming one of these spellings."""
    out = {}
    for p in CATALOG:
        if set(spellings) & set(p["chief"]):  # type: ignore[arg-type]
            out[str(p["title"])] = "Chief researcher"
        elif set(spellings) & set(p["co_researchers"]):  # type: ignore[arg-type]
            out[str(p["title"])] = "Co-researcher"
    return out


@pytest.mark.parametrize("spellings", SAME_PERSON)
@pytest.mark.parametrize("which", [0, 1])
def test_a_profile_under_a_variant_spelling_lists_every_publication(
    run_app: RunApp, spellings: tuple[str, ...], which: int
) -> None:
    asked = spellings[which]
    at = run_app({"name": asked.lower() if which else asked}, page=RESEARCHERS)
    shown_name = plain(at.title[0].value)
    assert shown_name in spellings
    other = [s for s in spellings if s != shown_name]
    assert has_text(at, "Also written: " + "; ".join(other))
    expected = publications_of(spellings)
    titles = [plain(x.value) for x in at.main.page_link if x.proto.page == "publication"]
    assert sorted(titles) == sorted(expected)
    roles = [c.value.split(" · ")[-1] for c in at.main.caption if c.value.endswith("researcher")]
    assert sorted(roles) == sorted(expected[t] for t in titles)
    assert at.metric[0].value == str(len(expected))


def test_profile_charts_topics_and_coauthors(run_app: RunApp) -> None:
    at = run_app({"name": "Min Yi Yoo"}, page=RESEARCHERS)
    mine = [p for p in CATALOG if "Min Yi Yoo" in names(p)]
    assert at.get("vega_lite_chart"), "publications over time"
    by_type = at.dataframe[1].value
    counted = dict(zip(by_type["Type"], by_type["Publications"], strict=True))
    expected: dict[str, int] = {}
    for p in mine:
        expected[str(p["type"])] = expected.get(str(p["type"]), 0) + 1
    assert counted == expected
    topics = [x for x in at.main.page_link if x.proto.page == "" and "q" in link_params(x)]
    assert topics and all(link_params(x)["researcher"] == ["Min Yi Yoo"] for x in topics)
    coauthor_keys = {name_key(n) for p in mine for n in names(p)} - {name_key("Min Yi Yoo")}
    shown = [
        link_params(x)["name"][0]
        for x in at.main.page_link
        if x.proto.page == "researchers" and "shared publication" in x.value
    ]
    assert shown and {name_key(n) for n in shown} <= coauthor_keys
    graph = at.get("graphviz_chart")[0].proto.spec  # type: ignore[attr-defined]
    assert all(f'"{n}"' in graph for n in shown[:25])


def test_directory_counts_match_the_catalog(run_app: RunApp) -> None:
    at = run_app({}, page=RESEARCHERS)
    table = at.dataframe[0].value
    listed = 0
    for row in table.to_dict("records"):
        spellings = {row["Name"], *filter(None, row["Also written"].split("; "))}
        pubs = [p for p in CATALOG if spellings & set(names(p))]
        assert row["Publications"] == len(pubs), row
        assert row["As chief"] == sum(1 for p in pubs if spellings & set(p["chief"]))  # type: ignore[arg-type]
        assert row["Years"] == "2021" or row["Years"].startswith("2021")
        listed += len(spellings)
    every = {n for p in CATALOG for n in names(p)}
    assert listed == len(every)


def test_directory_filter_matches_any_spelling(run_app: RunApp) -> None:
    at = run_app({}, page=RESEARCHERS)
    at.text_input("w_filter").input("youngee").run()
    assert list(at.dataframe[0].value["Name"]) == ["Younghee Cho"]


@pytest.mark.parametrize("name", ["Nobody Atall", "<script>alert(1)</script>", "x" * 500])
def test_an_unknown_name_says_so(run_app: RunApp, name: str) -> None:
    at = run_app({"name": name}, page=RESEARCHERS)
    assert at.warning and "There is no researcher named" in at.warning[0].value
    assert any(x.value == "All researchers" for x in at.main.page_link)
