"""Editions: the corpus's Korean editions linked to their English ones, their Hangul names
joined to the romanised ones, and a librarian's link, unlink and split over both."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer.authority.clusters import Authority
from indexer.authority.editions import EditionFacts, link_editions, name_joins
from indexer.authority.hangul import romanisation_fits
from indexer.authority.romanise import name_key
from indexer.cli import cli
from indexer.search.searcher import Searcher, SearchRequest
from indexer.store.index import IndexReader
from tests.conftest import load_catalog

CATALOG = load_catalog()
PAIRS = [(str(p["edition_of"]), str(p["file"])) for p in CATALOG if p.get("edition_of")]
BY_FILE = {str(p["file"]): p for p in CATALOG}


def _ids(root: Path) -> dict[str, str]:
    return {Path(r.path).name: r.id for r in IndexReader(root).records()}


def _names(entry: dict[str, object]) -> list[str]:
    return [*entry["chief"], *entry["co_researchers"]]  # type: ignore[misc]


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def own_index(corpus_index: Path, tmp_path: Path) -> Path:
    """A copy of the corpus index that a test may record decisions in."""
    root = tmp_path / "ix"
    shutil.copytree(corpus_index, root)
    return root


def test_the_catalogs_editions_and_no_others_are_linked(corpus_index: Path) -> None:
    assert len(PAIRS) == 4
    ids = _ids(corpus_index)
    searcher = Searcher(corpus_index)
    for english, korean in PAIRS:
        other = searcher.edition_of(ids[korean])
        assert other is not None and other.id == ids[english] and other.language == "en"
        back = searcher.edition_of(ids[english])
        assert back is not None and back.id == ids[korean] and back.language == "ko"
    linked = {f for f in ids if searcher.edition_of(ids[f]) is not None}
    assert linked == {f for pair in PAIRS for f in pair}


def test_hangul_names_join_the_english_editions_names(corpus_index: Path) -> None:
    auth = Searcher(corpus_index).authority
    for english, korean in PAIRS:
        for roman, hangul in zip(_names(BY_FILE[english]), _names(BY_FILE[korean]), strict=True):
            assert auth.resolve(hangul) == auth.resolve(roman) == roman
            assert hangul in auth.aliases(roman)


def test_a_search_matching_both_editions_shows_one_card(corpus_index: Path) -> None:
    ids = _ids(corpus_index)
    english, korean = PAIRS[0]
    number = str(BY_FILE[english]["number"])
    plain = Searcher(corpus_index).search(SearchRequest(limit=100))
    grouped = Searcher(corpus_index).search(SearchRequest(limit=100, group_editions=True))
    assert plain.total == grouped.total == len(CATALOG)
    assert grouped.groups == len(CATALOG) - len(PAIRS) == len(grouped.hits)
    card = next(h for h in grouped.hits if ids[english] in (h.id, *(e.id for e in h.editions)))
    assert {card.id, *(e.id for e in card.editions)} == {ids[english], ids[korean]}
    assert number  # the pair shares series and number in the ground truth
    assert all(h.editions == [] for h in plain.hits)


def test_the_romanisation_check_on_the_catalogs_names() -> None:
    for english, korean in PAIRS:
        for roman, hangul in zip(_names(BY_FILE[english]), _names(BY_FILE[korean]), strict=True):
            assert romanisation_fits(hangul, roman)
    # Every other pairing of these names is another person.
    romans = {n for e, _ in PAIRS for n in _names(BY_FILE[e])}
    for english, korean in PAIRS:
        (hangul,) = _names(BY_FILE[korean])
        for other in romans - set(_names(BY_FILE[english])):
            assert not romanisation_fits(hangul, other), (hangul, other)


@pytest.mark.parametrize(
    ("hangul", "roman", "fits"),
    [
        ("이정우", "Jeong-Woo Rhee", True),
        ("정현수", "Hyun Soo Jung", True),
        ("남궁민", "Min Namgung", True),
        ("김민수", "Minsu Park", False),  # another surname
        ("김민수", "Minho Kim", False),  # another given name
        ("김민수", "Kim", False),  # no given name to check
    ],
)
def test_the_romanisation_check(hangul: str, roman: str, fits: bool) -> None:
    assert romanisation_fits(hangul, roman) is fits


def _pair(korean_names: tuple[str, ...], english_names: tuple[str, ...]) -> list[EditionFacts]:
    return [
        EditionFacts("en1", "en", "Issue Brief", "Issue Brief", "2021-40", 2021, 6, english_names),
        EditionFacts("ko1", "ko", "Issue Brief", "Issue Brief", "2021-40", 2021, 7, korean_names),
    ]


def test_a_linked_pair_whose_names_differ_is_not_joined() -> None:
    pubs = _pair(("김민수",), ("Jiyeon Lee",))
    assert link_editions(pubs) == {"en1": "ko1", "ko1": "en1"}
    joins = name_joins(*pubs)
    assert joins == []
    auth = Authority.build(
        [(list(p.researchers), 2021) for p in pubs], joins=[(j.hangul, j.romanised) for j in joins]
    )
    assert auth.resolve("김민수") != auth.resolve("Jiyeon Lee")


def test_names_in_another_order_are_not_joined() -> None:
    pubs = _pair(("김민수", "이지연"), ("Jiyeon Lee", "Minsu Kim"))
    assert name_joins(*pubs) == []
    same_order = _pair(("김민수", "이지연"), ("Minsu Kim", "Jiyeon Lee"))
    assert [(j.hangul, j.romanised) for j in name_joins(*same_order)] == [
        ("김민수", "Minsu Kim"),
        ("이지연", "Jiyeon Lee"),
    ]


def test_editions_need_one_number_two_languages_and_close_page_counts() -> None:
    en, ko = _pair(("김민수",), ("Minsu Kim",))
    assert link_editions([en, EditionFacts(**{**ko.__dict__, "number": "2021-41"})]) == {}
    assert link_editions([en, EditionFacts(**{**ko.__dict__, "language": "en"})]) == {}
    assert link_editions([en, EditionFacts(**{**ko.__dict__, "pages": 60})]) == {}
    # Two English files of one number (a scan and its original) leave the Korean one unpaired.
    scan = EditionFacts(**{**en.__dict__, "id": "en2"})
    assert link_editions([en, scan, ko]) == {}


def test_unlink_and_link_are_remembered(own_index: Path) -> None:
    ids = _ids(own_index)
    english, korean = PAIRS[0]
    (hangul,) = _names(BY_FILE[korean])
    _run("editions", "unlink", ids[english], ids[korean], "--index", str(own_index))
    s = Searcher(own_index)
    assert s.edition_of(ids[korean]) is None
    assert s.authority.resolve(hangul) == hangul  # no edition, no join
    listed = _run("editions", "--index", str(own_index))
    assert f"{len(PAIRS) - 1} linked pair(s)" in listed
    _run("editions", "link", ids[korean], ids[english], "--index", str(own_index))
    assert s.refresh()
    other = s.edition_of(ids[korean])
    assert other is not None and other.id == ids[english]
    assert s.authority.resolve(hangul) == _names(BY_FILE[english])[0]


def test_researchers_split_undoes_a_join(own_index: Path) -> None:
    english, korean = PAIRS[1]
    (hangul,) = _names(BY_FILE[korean])
    (roman,) = _names(BY_FILE[english])
    _run("researchers", "split", hangul, "--index", str(own_index))
    auth = Searcher(own_index).authority
    assert auth.resolve(hangul) != auth.resolve(roman)
    assert name_key(hangul) not in {name_key(n) for n in auth.aliases(roman)}
