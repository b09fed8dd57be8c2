"""Page language: letters counted per script, the same for plain ASCII as for any text."""

from __future__ import annotations

from indexer.extract.language import detect, script_counts
from indexer.text import fold, strip_accents


def test_letters_are_counted_per_script() -> None:
    assert script_counts("E-9 visa, 2021!") == (0, 5)
    assert script_counts("E-9 비자") == (2, 1)
    assert script_counts("Café 12") == (0, 4)
    assert script_counts("") == (0, 0)


def test_jamo_count_as_hangul_and_symbols_outside_ascii_count_as_nothing() -> None:
    # Hangul: 난, 민, ㄱ (compatibility jamo), ᄀ (jamo); letters: R, é, s, u, m, é, Ω.
    assert script_counts("\u201cRésumé\u201d \u2014 난민 ㄱ \u1100 Ω 12 \u2022 \u00bd") == (4, 7)
    # Digits and marks of other scripts are not letters; CJK ideographs and Greek are.
    assert script_counts("\u0661\u0662 \u6f22 \u03b1\u00b2") == (0, 2)


def test_a_page_with_a_few_english_terms_is_korean() -> None:
    assert detect("COVID-19 백신 접종률") == "ko"
    assert detect("Vaccination rates, 2021") == "en"
    assert detect("12 - 3") == ""


def test_folding_plain_ascii_and_accented_text() -> None:
    assert strip_accents("Rule of Law") == "Rule of Law"
    assert strip_accents("Café Müller") == "Cafe Muller"
    assert fold("The Rule-of-Law  Index_2021") == "the rule of law index 2021"
