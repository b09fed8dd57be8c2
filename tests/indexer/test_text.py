"""The shared text helpers: folding for comparison and telling Hangul apart."""

from __future__ import annotations

import re

import pytest

from indexer.text import (
    HANGUL_LETTERS,
    ascii_word,
    fold,
    has_hangul,
    is_hangul_syllable,
    lower_unaccented,
    squash,
    strip_accents,
)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Océane Uzureau", "oceane uzureau"),
        ("Issue Brief — 2021-07", "issue brief 2021 07"),
        ("  MIGRATION\tPolicy\n", "migration policy"),
        ("snake_case", "snake case"),
        ("이민정책연구원", "이민정책연구원"),  # Hangul syllables are not split into letters
        ("Straße", "strasse"),  # casefold, not lower
    ],
)
def test_fold(text: str, want: str) -> None:
    assert fold(text) == want


def test_squash_ignores_where_a_layout_broke_the_words() -> None:
    assert squash("Inter- national  Migration") == squash("Interna tional Migration")
    assert squash("주 택 실") == "주택실"


def test_accents_go_and_hangul_stays_whole() -> None:
    assert strip_accents("Müller-Lüdenscheidt") == "Muller-Ludenscheidt"
    assert strip_accents("김도원") == "김도원"
    assert len(strip_accents("김도원")) == 3


def test_lower_unaccented_keeps_punctuation_and_spacing() -> None:
    assert lower_unaccented("Hye-Kyoung  LÉE") == "hye-kyoung  lee"


def test_hangul_tests() -> None:
    assert is_hangul_syllable("가") and is_hangul_syllable("힣")
    assert not is_hangul_syllable("ㄱ")  # a compatibility jamo is a letter, not a syllable
    letter = re.compile(f"[{HANGUL_LETTERS}]")
    assert all(letter.fullmatch(c) for c in ("ㄱ", "\u1100", "한", "\u318f", "\u11ff"))
    assert not any(letter.fullmatch(c) for c in ("a", "漢", "\u3190", "\u10ff"))
    assert has_hangul("Dowon Kim (김도원)")
    assert not has_hangul("Dowon Kim")
    assert not has_hangul("ㅋㅋ")  # letters alone do not write a name


def test_ascii_word() -> None:
    assert ascii_word("Lée-Jöng 2021") == "leejong2021"
    assert ascii_word("김도원") == ""
