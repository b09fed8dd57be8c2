"""People are people: bodies, headings, series, table cells and credentials are not researchers."""

from __future__ import annotations

import pytest

import indexer.metadata
from indexer.metadata.names import is_person_name, parse_names
from indexer.metadata.vocab import is_credential, is_hangul_name, is_korean_unit
from indexer.model import Extraction, Line, Metadata
from tests.indexer.metadata.handmade import line, page


def detect(*lines: Line) -> Metadata:
    return indexer.metadata.detect(Extraction("", [page(lines)], {}))


def researchers(meta: Metadata) -> list[str]:
    return [*meta.chief, *meta.co_researchers]


# ---------------------------------------------------------------- names in many languages


def test_a_four_word_hispanic_name_is_one_person() -> None:
    meta = detect(
        line("Migración y empleo en Centroamérica", 24, y=640),
        line("María José García López", 12, y=560),
        line("Universidad de Costa Rica", 12, y=544),
    )
    assert researchers(meta) == ["María José García López"]


def test_a_hispanic_name_joined_by_y_is_one_person() -> None:
    names = parse_names("Juan Pablo Pérez y Gómez")
    assert names is not None
    assert names.people == ["Juan Pablo Pérez y Gómez"]


def test_korean_names_after_the_written_by_label_stay_in_hangul() -> None:
    meta = detect(
        line("가계부채 동향과 과제", 24, y=640),
        line("작성: 김도원, 심혜인 부연구위원", 11, y=560),
    )
    assert researchers(meta) == ["김도원", "심혜인"]


@pytest.mark.parametrize("word", ["김도원", "남궁민수", "이상국", "박은"])
def test_hangul_names_have_a_korean_surname(word: str) -> None:
    assert is_hangul_name(word)


@pytest.mark.parametrize("word", ["주택실", "관계부처합동", "기획재정부", "교육부", "보도자료"])
def test_hangul_words_that_are_not_names(word: str) -> None:
    assert not is_hangul_name(word)


# ---------------------------------------------------------------- corporate authors


@pytest.mark.parametrize("text", ["주택실", "주 택 실", "관계부처합동", "기획재정부", "금융위원회"])
def test_korean_bodies_and_units(text: str) -> None:
    assert is_korean_unit(text)


def test_a_korean_unit_at_the_foot_of_the_cover_is_the_organisation() -> None:
    meta = detect(
        line("2025년 주요 업무보고", 36, y=586),
        line("2025. 2.", 24, y=322),
        line("주 택 실", 32, y=138),
    )
    assert meta.organisation == "주택실"
    assert researchers(meta) == []


def test_a_korean_body_after_the_written_by_label_is_the_organisation() -> None:
    meta = detect(
        line("가계부채 관리 강화 방안", 24, y=640),
        line("작성: 관계부처합동", 11, y=560),
    )
    assert meta.organisation == "관계부처합동"
    assert researchers(meta) == []


# ---------------------------------------------------------------- headings, series, tables


@pytest.mark.parametrize(
    "text",
    [
        "Resumen Ejecutivo",
        "Informe Final",
        "Introdução",
        "Sumário Executivo",
        "Relatório Técnico",
        "Cuadernos de Trabajo",
        "Textos para Discussão",
        "Serie Políticas Sociales",
        "Résumé Exécutif",
    ],
)
def test_document_types_headings_and_series_are_not_names(text: str) -> None:
    assert not is_person_name(text)
    assert not is_person_name(text, lenient=True)


def test_headings_under_a_spanish_title_are_not_researchers() -> None:
    meta = detect(
        line("Evaluación del programa de becas", 24, y=640),
        line("Informe Final", 14, y=600),
        line("Resumen Ejecutivo", 12, y=560),
        line("Serie Estudios Económicos", 12, y=540),
    )
    assert researchers(meta) == []


def test_table_rows_of_commodities_and_places_are_not_researchers() -> None:
    meta = detect(
        line("Exportaciones agrícolas", 24, y=640),
        line("Café Verde", 11, x=72, y=560),
        line("12,4", 11, x=300, y=560),
        line("15,1", 11, x=380, y=560),
        line("Costa Rica", 11, x=72, y=544),
        line("3.200", 11, x=300, y=544),
        line("2.950", 11, x=380, y=544),
        line("Buenos Aires", 11, x=72, y=528),
        line("45%", 11, x=300, y=528),
    )
    assert researchers(meta) == []


def test_names_side_by_side_with_affiliation_marks_are_still_a_byline() -> None:
    meta = detect(
        line("Ticket Resale", 24, y=640),
        line("Phillip Leslie", 12, x=100, y=560),
        line("1", 7, x=172, y=564),
        line("Alan Sorensen", 12, x=300, y=560),
        line("2", 7, x=367, y=564),
    )
    assert researchers(meta) == ["Phillip Leslie", "Alan Sorensen"]


# ---------------------------------------------------------------- credentials after names


@pytest.mark.parametrize(
    ("text", "people"),
    [
        ("Will Sims, MPP 2020", ["Will Sims"]),
        ("Arturo Aguirre, M.A., R.E.H.S.", ["Arturo Aguirre"]),
        ("Jane Roe, PhD, and John Doe, Jr.", ["Jane Roe", "John Doe"]),
        ("Ana Souza, Class 2019", None),  # "Class" is no credential: not a byline
    ],
)
def test_credential_parts_are_dropped_beside_people(text: str, people: list[str] | None) -> None:
    names = parse_names(text)
    assert (names.people if names is not None else None) == people


@pytest.mark.parametrize("text", ["MPP 2020", "2020", "M.D.", "PhD", "UNDP, UNICEF"])
def test_credentials_alone_are_no_byline(text: str) -> None:
    assert parse_names(text) is None


@pytest.mark.parametrize(("part", "credential"), [("MPP 2020", True), ("Will Sims", False)])
def test_what_a_credential_is(part: str, credential: bool) -> None:
    assert is_credential(part) is credential
