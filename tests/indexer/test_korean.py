"""Korean in the index: Hangul as syllable bigrams beside unchanged English stemming, Korean and
mixed queries over the corpus's Korean editions, and the language filter."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from whoosh.analysis import RegexTokenizer

from indexer.authority.clusters import Authority
from indexer.authority.decisions import Decisions, Override
from indexer.cli.options import cli
from indexer.extract.language import detect, document_language
from indexer.search.searcher import Searcher, SearchRequest
from indexer.search.snippets import marked_words
from indexer.store.analysis import HangulBigramFilter, split_token
from indexer.store.schema import text_analyzer
from tests.conftest import CORPUS, load_catalog

KO = "issue-brief-2021-{}-ko.pdf"
EN = "issue-brief-2021-{}.pdf"


def terms(text: str) -> list[str]:
    return [t.text for t in text_analyzer()(text)]


# ---------------------------------------------------------------- the analyzer


def test_english_is_analysed_exactly_as_without_korean_support() -> None:
    production = text_analyzer()
    filters = [f for f in production.items[1:] if not isinstance(f, HangulBigramFilter)]
    before = RegexTokenizer()
    for f in filters:
        before = before | f
    text = (
        "What did we conclude about resettled refugees' integration in U.S. cities, "
        "e.g. 3.5% of COVID-19 vaccines for type 2 diabetes?"
    )
    got = [(t.text, t.pos) for t in production(text, positions=True)]
    assert got == [(t.text, t.pos) for t in before(text, positions=True)]


def test_hangul_becomes_overlapping_bigrams_across_single_spaces() -> None:
    assert terms("난민") == ["난민"]
    assert terms("난민을") == ["난민", "민을"]
    # One stream of syllables over a space: however a compound is spaced, its bigrams are there.
    assert set(terms("지방자치단체")) <= set(terms("지방 자치 단체"))
    assert terms("법") == ["법"]


def test_mixed_tokens_split_at_the_change_of_script() -> None:
    assert [p for p, _, _ in split_token("COVID19에")] == ["COVID19", "에"]
    assert terms("COVID-19에 대한 resettlement") == ["covid", "19", "에", "대한", "resettl"]


def test_bigram_positions_and_characters_follow_the_text() -> None:
    tokens = [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in text_analyzer()("the 재정착 난민", positions=True, chars=True)
    ]
    # "the" is indexed too (no stop list): the first word, as in the text.
    assert tokens == [
        ("the", 0, 0, 3),
        ("재정", 1, 4, 6),
        ("정착", 2, 5, 7),
        ("착난", 3, 6, 9),
        ("난민", 4, 8, 10),
    ]


def test_language_of_pages_and_documents() -> None:
    assert detect("재정착 난민의 지역사회 정착을 위한 과제 (COVID-19)") == "ko"
    assert detect("Resettled refugees, 김도원 and colleagues") == "en"
    assert detect("  12 — 34  ") == ""
    assert (
        document_language(["", "Issue Brief 2021-13", "외국인 주민 규모를 반영한 지방자치단체"])
        == "ko"
    )


# ---------------------------------------------------------------- the corpus


@pytest.fixture(scope="module")
def searcher(corpus_index: Path) -> Searcher:
    return Searcher(corpus_index)


def files(searcher: Searcher, query: str, limit: int = 3, **kw: list[str]) -> list[str]:
    return [
        Path(h.path).name for h in searcher.search(SearchRequest(query, limit=limit, **kw)).hits
    ]


@pytest.mark.parametrize(
    ("query", "wanted"),
    [
        ("외국인 백신 접종", KO.format("02")),
        ("방역", KO.format("02")),  # printed only as 방역을
        ("이주민의 건강권", KO.format("04")),
        ("보건의료 서비스 이용", KO.format("04")),
        ("재정착 난민", KO.format("08")),
        ("난민들이 지역사회에 정착하려면", KO.format("08")),  # forms the text never prints
        ("안산시 외국인 재원 확보", KO.format("13")),
        ("지방소멸", KO.format("13")),  # printed as 지방 소멸
    ],
)
def test_korean_query_finds_the_korean_edition_in_top_3(
    searcher: Searcher, query: str, wanted: str
) -> None:
    assert wanted in files(searcher, query)


@pytest.mark.parametrize(
    ("query", "number"),
    [("난민 resettlement", "08"), ("백신 vaccine foreigners", "02"), ("안산시 Ansan budget", "13")],
)
def test_mixed_query_finds_both_editions(searcher: Searcher, query: str, number: str) -> None:
    top = files(searcher, query)
    assert KO.format(number) in top and EN.format(number) in top, top


def test_korean_phrase_and_snippet_marks(searcher: Searcher) -> None:
    hits = searcher.search(SearchRequest('"재정착 난민"', limit=5)).hits
    assert [Path(h.path).name for h in hits] == [KO.format("08")]
    (hit,) = hits
    assert hit.language == "ko" and hit.pages
    # The phrase's overlapping bigrams make one mark, space included.
    assert "재정착 난민" in marked_words(hit.pages[0].snippet)


def test_language_filter_and_facet(searcher: Searcher) -> None:
    catalog = load_catalog()
    korean = sorted(str(e["file"]) for e in catalog if e["language"] == "ko")
    result = searcher.search(SearchRequest("", languages=["ko"], limit=50))
    assert sorted(Path(h.path).name for h in result.hits) == korean
    assert result.facets["language"] == {
        "en": len(catalog) - len(korean),
        "ko": len(korean),
    }
    english = files(searcher, "refugees", limit=50, languages=["en"])
    assert english and not any(f.endswith("-ko.pdf") for f in english)


def test_search_cli_language_option(corpus_index: Path) -> None:
    result = CliRunner().invoke(
        cli, ["search", "난민", "--language", "ko", "--index", str(corpus_index), "--json"]
    )
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)["hits"]
    assert [Path(h["path"]).name for h in hits] == [KO.format("08")]


# ---------------------------------------------------------------- Hangul names in the authority


@pytest.fixture
def dowon_kim(tmp_path: Path) -> Path:
    """An index of Dowon Kim's two Issue Briefs and the Korean edition of one of them."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in (EN.format("13"), KO.format("13"), EN.format("18")):
        shutil.copy(CORPUS / name, docs / name)
    index = tmp_path / "ix"
    result = run("index", str(docs), "--index", str(index), "--workers", "1")
    assert result.exit_code == 0, result.output
    return index


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def profile_files(index: Path, name: str) -> list[str]:
    result = run("researcher", name, "--index", str(index), "--json")
    assert result.exit_code == 0, result.output
    ids = {p["id"] for p in json.loads(result.stdout)["publications"]}
    listed = json.loads(run("list", "--index", str(index), "--json").stdout)
    return sorted(Path(r["path"]).name for r in listed if r["id"] in ids)


def test_link_gathers_both_editions_in_one_profile(dowon_kim: Path) -> None:
    # The editions are linked, and so their names joined, on their own; kept apart by a
    # librarian, the names are two people until `researchers link` says otherwise.
    both_editions = [str(dowon_kim.parent / "docs" / n) for n in (EN.format("13"), KO.format("13"))]
    assert run("editions", "unlink", *both_editions, "--index", str(dowon_kim)).exit_code == 0
    assert profile_files(dowon_kim, "Dowon Kim") == [EN.format("13"), EN.format("18")]
    linked = run("researchers", "link", "김도원", "Dowon Kim", "--index", str(dowon_kim))
    assert linked.exit_code == 0, linked.output
    assert linked.stdout.strip() == "linked: Dowon Kim (also 김도원)"
    both = [EN.format("13"), KO.format("13"), EN.format("18")]
    assert profile_files(dowon_kim, "Dowon Kim") == sorted(both)
    assert profile_files(dowon_kim, "김도원") == sorted(both)
    # Searching by either spelling finds every edition; the authority file says why.
    hits = Searcher(dowon_kim).search(SearchRequest("", researchers=["김도원"])).hits
    assert sorted(Path(h.path).name for h in hits) == sorted(both)
    assert 'action = "link"' in (dowon_kim / "authority.toml").read_text(encoding="utf-8")


def test_linked_editions_join_their_names_without_a_librarian(dowon_kim: Path) -> None:
    both = [EN.format("13"), KO.format("13"), EN.format("18")]
    assert profile_files(dowon_kim, "Dowon Kim") == sorted(both)
    assert profile_files(dowon_kim, "김도원") == sorted(both)


def test_link_checks_which_name_is_which(dowon_kim: Path) -> None:
    backwards = run("researchers", "link", "Dowon Kim", "김도원", "--index", str(dowon_kim))
    assert backwards.exit_code == 2 and "not written in Hangul" in backwards.stderr
    unknown = run("researchers", "link", "김민수", "Dowon Kim", "--index", str(dowon_kim))
    assert unknown.exit_code != 0 and "no researcher named '김민수'" in unknown.stderr


def test_a_linked_person_keeps_the_romanised_name() -> None:
    names = [(["김도원"], 2021)] * 3 + [(["Dowon Kim"], 2020)]
    overrides = Decisions([Override("link", ("김도원", "Dowon Kim"))])
    auth = Authority.build(names, overrides=overrides)
    assert auth.resolve("김도원") == "Dowon Kim" and auth.aliases("Dowon Kim") == ["김도원"]
