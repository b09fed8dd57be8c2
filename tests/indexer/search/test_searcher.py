"""Search on the bundled corpus: policy questions, filters, facet counts, snippets, did-you-mean."""

from __future__ import annotations

import html
import itertools
import re
from pathlib import Path

import pytest

from indexer.search.searcher import Searcher, SearchRequest
from indexer.search.snippets import marked_words
from tests.conftest import load_catalog, person_names

# Questions as a policy officer would ask them, written from the seed's summaries, with the
# publication each one is about.
QUESTIONS = [
    ("what did we conclude about vaccinating undocumented foreigners?", "issue-brief-2021-02.pdf"),
    ("do more foreign residents in a region mean more crime there?", "research-report-2021-01.pdf"),
    (
        "a panel survey that follows the same immigrants over many years",
        "research-report-2021-03.pdf",
    ),
    (
        "online content projects with married female immigrants in Gyeongsangbuk-do",
        "research-report-2021-04.pdf",
    ),
    (
        "should the visiting employment visa be merged with the overseas Korean visa?",
        "research-report-2021-05.pdf",
    ),
    (
        "how did the government's pandemic response for foreigners score on the IOM indicators?",
        "research-report-2021-07.pdf",
    ),
    (
        "an overview of migration trends and statistics in Korea by visa over the last decade",
        "research-collection-2021-01.pdf",
    ),
    (
        "education and training for workers moving from E-9 to the skilled worker points visa",
        "policy-report-2021-01.pdf",
    ),
    (
        "how did support centres for foreign residents cope when the pandemic hit?",
        "policy-report-2021-02.pdf",
    ),
    (
        "teaching cultural diversity to children and teenagers in Germany, Canada and Australia",
        "policy-report-2021-03.pdf",
    ),
    (
        "subsidiary and temporary protection for people who are not convention refugees",
        "working-paper-2021-01.pdf",
    ),
    (
        "how should regional immigration offices be reorganised by type of region?",
        "working-paper-2021-02.pdf",
    ),
    (
        "linking Ministry of Justice data on foreign nationals with employment and education data",
        "policy-brief-2021-01.pdf",
    ),
    ("what is President Biden doing on immigration?", "issue-brief-2021-01.pdf"),
    (
        "survey of public opinion on nationality, family invitation and refugees",
        "issue-brief-2021-03.pdf",
    ),
    (
        "indicators that measure social cohesion of immigrants in other countries",
        "issue-brief-2021-05.pdf",
    ),
    (
        "certification of interpreters and the quality of translation services in communities",
        "issue-brief-2021-06.pdf",
    ),
    ("country of origin information in refugee screening", "issue-brief-2021-07.pdf"),
    ("helping resettled refugees settle in local communities", "issue-brief-2021-08.pdf"),
    (
        "marriage migrants as workers: vocational education and employment support",
        "issue-brief-2021-09.pdf",
    ),
    (
        "Korean language skills and the right to education of immigrant adolescents",
        "issue-brief-2021-10.pdf",
    ),
    (
        "letting provincial governors recommend points in the skilled worker visa system",
        "issue-brief-2021-11.pdf",
    ),
    ("which census questions ask about migration background?", "issue-brief-2021-14.pdf"),
    ("predicting and managing the number of permanent immigrants", "issue-brief-2021-16.pdf"),
    ("foreign affairs police after the Police Act amendment", "issue-brief-2021-17.pdf"),
    (
        "how the media covered incidents involving foreigners before and after COVID",
        "issue-brief-2021-18.pdf",
    ),
    (
        "ethnic Koreans in Central Asia thirty years after Soviet independence",
        "issue-brief-2021-19.pdf",
    ),
    ("could a dedicated fund finance immigration policy?", "issue-brief-2021-20.pdf"),
    ("sharing responsibility for illegal stay among ministries", "issue-brief-2021-21.pdf"),
    (
        "bringing international students to shrinking regions and keeping them as workers",
        "issue-brief-2021-22.pdf",
    ),
    ("specialised subjects in the immigration officer recruitment exam", "issue-brief-2021-23.pdf"),
    ("border control after the pandemic and human security", "issue-brief-2021-25.pdf"),
    ("how China and Japan support their compatriots overseas", "issue-brief-2021-26.pdf"),
    ("local government budgets for foreign residents in Ansan", "issue-brief-2021-13.pdf"),
]


@pytest.fixture(scope="module")
def searcher(corpus_index: Path) -> Searcher:
    return Searcher(corpus_index)


@pytest.fixture(scope="module")
def catalog() -> dict[str, dict[str, object]]:
    return {str(p["file"]): p for p in load_catalog()}


def files(searcher: Searcher, req: SearchRequest) -> list[str]:
    return [Path(h.path).name for h in searcher.search(req).hits]


@pytest.mark.parametrize(("question", "wanted"), QUESTIONS)
def test_policy_question_finds_its_publication_in_top_3(
    searcher: Searcher, question: str, wanted: str
) -> None:
    top = files(searcher, SearchRequest(question, limit=3))
    assert wanted in top, top


def test_annual_report_ranks_below_the_publication_it_lists(searcher: Searcher) -> None:
    top = files(searcher, SearchRequest("resettled refugees local community", limit=41))
    assert top[0] == "issue-brief-2021-08.pdf"
    assert top.index("annual-report-2021.pdf") > 0


def brute_force(
    catalog: dict[str, dict[str, object]],
    types: list[str],
    years: tuple[int, int] | None,
    people: list[str],
) -> set[str]:
    out = set()
    for f, p in catalog.items():
        names = person_names(p, list(catalog.values()))
        if types and p["type"] not in types:
            continue
        if years and not years[0] <= int(p["year"]) <= years[1]:  # type: ignore[call-overload]
            continue
        if people and not set(people) & set(names):
            continue
        out.add(f)
    return out


TYPE_CHOICES: list[list[str]] = [[], ["Issue Brief"], ["Research Report", "Policy Report"]]
YEAR_CHOICES: list[tuple[int, int] | None] = [None, (2021, 2021), (2022, 2022), (2019, 2030)]
PEOPLE_CHOICES: list[list[str]] = [[], ["Min Yi Yoo"], ["Juyoung Jang", "Seori Choi"]]


@pytest.mark.parametrize(
    ("types", "years", "people"),
    list(itertools.product(TYPE_CHOICES, YEAR_CHOICES, PEOPLE_CHOICES)),
)
def test_filters_return_exactly_the_catalogs_publications(
    searcher: Searcher,
    catalog: dict[str, dict[str, object]],
    types: list[str],
    years: tuple[int, int] | None,
    people: list[str],
) -> None:
    lo, hi = years or (None, None)
    req = SearchRequest("", types, lo, hi, people, limit=100)
    result = searcher.search(req)
    assert set(files(searcher, req)) == brute_force(catalog, types, years, people)
    assert result.total == len(brute_force(catalog, types, years, people))


@pytest.mark.parametrize("query", ["", "immigration policy", "refugees", "COVID-19 pandemic"])
@pytest.mark.parametrize("types", [[], ["Issue Brief"]])
@pytest.mark.parametrize("people", [[], ["Min Yi Yoo"]])
def test_facet_counts_equal_brute_force_counts(
    searcher: Searcher, query: str, types: list[str], people: list[str]
) -> None:
    every = SearchRequest(query, limit=100)
    matched = {h.id: h for h in searcher.search(every).hits}
    result = searcher.search(SearchRequest(query, types, None, None, people, limit=100))
    by_type: dict[str, int] = {}
    by_year: dict[str, int] = {}
    by_person: dict[str, int] = {}
    for h in matched.values():
        in_people = not people or bool(set(people) & set(h.researchers))
        in_types = not types or h.type in types
        if in_people:
            by_type[h.type] = by_type.get(h.type, 0) + 1
        if in_people and in_types:
            by_year[str(h.year)] = by_year.get(str(h.year), 0) + 1
        if in_types:
            for name in h.researchers:
                by_person[name] = by_person.get(name, 0) + 1
    assert result.facets["type"] == dict(sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0])))
    assert result.facets["year"] == dict(sorted(by_year.items(), key=lambda kv: (-kv[1], kv[0])))
    assert result.facets["researcher"] == dict(
        sorted(by_person.items(), key=lambda kv: (-kv[1], kv[0]))
    )


@pytest.mark.parametrize("question", [q for q, _ in QUESTIONS[:12]])
def test_every_snippet_is_on_a_page_containing_its_marked_words(
    searcher: Searcher, question: str
) -> None:
    result = searcher.search(SearchRequest(question, limit=5))
    assert result.hits
    for hit in result.hits:
        pages = searcher.page_texts(hit.id)
        assert 1 <= len(hit.pages) <= 3
        for ph in hit.pages:
            words = marked_words(ph.snippet)
            assert words, ph.snippet
            page = " ".join(pages[ph.page - 1].split()).lower()
            for w in words:
                assert w.lower() in page
            plain = " ".join(html.unescape(re.sub("</?mark>", "", ph.snippet)).strip("… ").split())
            assert plain.lower() in page


def test_phrase_exclusion_and_fields(searcher: Searcher) -> None:
    phrase = files(searcher, SearchRequest('"temporary protection"', limit=50))
    assert "working-paper-2021-01.pdf" in phrase
    excluded = files(searcher, SearchRequest("refugees -resettlement -resettled", limit=50))
    assert "issue-brief-2021-08.pdf" not in excluded and excluded
    titled = files(searcher, SearchRequest("title:vaccine", limit=50))
    assert titled == ["issue-brief-2021-02.pdf"]
    typed = searcher.search(SearchRequest('type:"issue brief" year:2021 refugees', limit=50))
    assert {h.type for h in typed.hits} == {"Issue Brief"} and typed.total >= 2
    assert 'type:"issue brief"' in typed.interpreted_as


def test_did_you_mean(searcher: Searcher) -> None:
    result = searcher.search(SearchRequest("refugee resetlement"))
    assert result.suggestion == "refugee resettlement"
    assert searcher.search(SearchRequest("refugee resettlement")).suggestion is None


def test_sort_by_year_and_paging(searcher: Searcher) -> None:
    newest = searcher.search(SearchRequest("immigration", sort="newest", limit=50))
    years = [h.year or 0 for h in newest.hits]
    assert years == sorted(years, reverse=True)
    oldest = searcher.search(SearchRequest("immigration", sort="oldest", limit=50))
    assert [h.year or 0 for h in oldest.hits] == sorted(years)
    first = searcher.search(SearchRequest("immigration", limit=5))
    second = searcher.search(SearchRequest("immigration", limit=5, offset=5))
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}
    assert first.total == second.total


def test_similar_publications(searcher: Searcher) -> None:
    hits = searcher.search(SearchRequest("Immigration Agenda under the Biden-Harris"))
    biden = hits.hits[0]
    similar = searcher.similar(biden.id, limit=5)
    assert biden.id not in {h.id for h in similar} and len(similar) == 5
