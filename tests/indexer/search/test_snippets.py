"""Page snippets on hand-built pages: the words marked are the words the query's terms match."""

from __future__ import annotations

from indexer.search.snippets import marked_words, page_snippets
from indexer.store import schema

ANALYZER = schema.text_analyzer()


def analyse(text: str) -> list[tuple[str, int, int]]:
    return [(t.text, t.startchar, t.endchar) for t in ANALYZER(text, chars=True)]


def weights(query: str) -> dict[str, float]:
    return {term: 1.0 for term, _, _ in analyse(query)}


def test_every_matched_word_of_the_passage_is_marked_and_no_other() -> None:
    page = (
        "Filler words about nothing in particular. " * 8
        + "Refugees and refugee policy (refugees' housing) matter; policies change."
        + " More filler text follows here." * 8
    )
    (snip,) = page_snippets([page], analyse, weights("refugee policy"))
    assert snip.page == 1
    assert marked_words(snip.text) == ["Refugees", "refugee", "policy", "refugees", "policies"]


def test_the_best_page_and_passage_win() -> None:
    pages = [
        "migration " + "x " * 300 + "housing",
        "nothing here at all",
        "The housing of migration workers, and migration housing again.",
    ]
    snips = page_snippets(pages, analyse, weights("migration housing"))
    assert [s.page for s in snips] == [3, 1]
    assert marked_words(snips[0].text) == ["housing", "migration", "migration", "housing"]


def test_a_korean_term_spanning_a_space_is_marked() -> None:
    # 지방자치 gives the bigrams 지방, 방자 and 자치; the text spaces the compound, so 방자
    # spans the space, and the marks cover the run.
    (snip,) = page_snippets(
        ["이 보고서는 지방 자치 단체의 역할을 다룬다."], analyse, weights("지방자치")
    )
    assert marked_words(snip.text) == ["지방 자치"]


def test_no_passage_where_no_term_matches() -> None:
    assert page_snippets(["policing the police station"], analyse, weights("policy")) == []
