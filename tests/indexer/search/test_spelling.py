"""Did-you-mean against small vocabularies whose answers are known by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh.fields import TEXT, Schema
from whoosh.filedb.filestore import RamStorage

from indexer.search.spelling import Vocabulary, suggest
from indexer.store import schema

# -- Vocabulary.correct --------------------------------------------------------------------


def test_a_known_word_needs_no_correction_in_any_case() -> None:
    vocab = Vocabulary({"house": 1})
    assert vocab.correct("house") is None
    assert vocab.correct("House") is None
    assert vocab.correct("HOUSE") is None


def test_one_edit_corrects_a_short_word_in_lower_case() -> None:
    vocab = Vocabulary({"house": 3, "horse": 9})
    # "horse" is two substitutions away from "hause", more than a five-letter word may take.
    assert vocab.correct("hause") == "house"
    assert vocab.correct("Hause") == "house"
    assert Vocabulary({"visa": 1}).correct("vise") == "visa"


def test_words_of_five_letters_or_fewer_take_one_edit_longer_ones_two() -> None:
    # Swapping two letters is two edits (a substitution each).
    assert Vocabulary({"house": 1}).correct("huose") is None
    assert Vocabulary({"refugee": 1}).correct("rfeugee") == "refugee"
    # Three substitutions are too many even for a long word.
    assert Vocabulary({"refugee": 1}).correct("rafagea") is None


def test_fewest_edits_first_then_most_documents_then_alphabetical() -> None:
    # "vaccene" is one edit from "vaccine", two from "vaccines": the rarer, nearer word wins.
    assert Vocabulary({"vaccine": 1, "vaccines": 100}).correct("vaccene") == "vaccine"
    # "migrans" is one edit from each: the word in more documents wins.
    assert Vocabulary({"migrant": 2, "migrants": 50}).correct("migrans") == "migrants"
    # One edit from each, in as many documents: the first alphabetically.
    assert Vocabulary({"care": 5, "card": 5}).correct("carx") == "card"


@pytest.mark.parametrize("word", ["teh", "a", "covid1", "e-visa", "3rd", ""])
def test_short_or_not_alphabetic_words_are_left_alone(word: str) -> None:
    vocab = Vocabulary({"the": 9, "an": 9, "covid": 9, "visa": 9, "ard": 9})
    assert vocab.correct(word) is None


def test_nothing_near_enough_gives_none() -> None:
    assert Vocabulary({}).correct("refugee") is None
    assert Vocabulary({"census": 4}).correct("vaccine") is None


# -- suggest --------------------------------------------------------------------------------


def never_indexed(word: str) -> bool:
    return False


def test_the_query_comes_back_with_misspelt_words_replaced() -> None:
    vocab = Vocabulary({"house": 1, "prices": 1})
    got = suggest("Hause prices?", ["Hause", "prices"], vocab, lambda w: w == "prices")
    assert got == "house prices?"


def test_a_word_the_index_has_in_another_form_is_no_misspelling() -> None:
    # "refugees" is one edit from "refugee", but the index has its stem.
    vocab = Vocabulary({"refugee": 3})
    assert suggest("refugees", ["refugees"], vocab, lambda w: True) is None
    assert suggest("refugees", ["refugees"], vocab, never_indexed) == "refugee"


def test_each_word_replaces_one_whole_word_occurrence() -> None:
    vocab = Vocabulary({"house": 1})
    query = "hause rehause hause"
    words = ["hause", "rehause", "hause"]
    assert suggest(query, words, vocab, never_indexed) == "house rehause house"
    assert suggest(query, ["hause"], vocab, never_indexed) == "house rehause hause"


def test_no_suggestion_when_nothing_can_be_corrected() -> None:
    vocab = Vocabulary({"house": 1})
    assert suggest("house", ["house"], vocab, never_indexed) is None
    assert suggest("xylophone", ["xylophone"], vocab, never_indexed) is None
    assert suggest("anything", [], vocab, never_indexed) is None


# -- Vocabulary.from_reader -------------------------------------------------------------------


def test_vocabulary_of_an_index(tmp_path: Path) -> None:
    ix = schema.create_index(tmp_path)
    with ix.writer() as w:
        w.add_document(
            doc_id="1", kind="pub", pub="1", title="Refugee housing", summary="Housing for refugees"
        )
        w.add_document(
            doc_id="2", kind="pub", pub="2", title="Refugee health", headings="Health centres"
        )
        w.add_document(
            doc_id="3",
            kind="pub",
            pub="3",
            title="Census",
            summary="Housing census",
            body="Vaccines for refugees",
        )
    with ix.reader() as reader:
        vocab = Vocabulary.from_reader(reader)
    # Words as written, lower case, stop words too ("for": the index has no stop list); the
    # body has no spelling copy.
    # Each word counts the documents of the field where it is most frequent: "housing" is in
    # one title and two summaries, "health" in a title and in headings of the same document.
    assert vocab.freq == {
        "refugee": 2,
        "refugees": 1,
        "housing": 2,
        "health": 1,
        "centres": 1,
        "census": 1,
        "for": 1,
    }


def test_an_index_without_spelling_fields_has_no_vocabulary() -> None:
    ix = RamStorage().create_index(Schema(body=TEXT()))
    with ix.writer() as w:
        w.add_document(body="refugee housing")
    with ix.reader() as reader:
        assert Vocabulary.from_reader(reader).freq == {}


def test_suggest_makes_the_vocabulary_only_when_a_word_is_not_indexed() -> None:
    made: list[int] = []

    def make() -> Vocabulary:
        made.append(1)
        return Vocabulary({"house": 3})

    assert suggest("house prices", ["house", "prices"], make, lambda w: True) is None
    assert made == []
    assert suggest("hause prices", ["hause", "prices"], make, lambda w: w == "prices") == (
        "house prices"
    )
    assert made == [1]
