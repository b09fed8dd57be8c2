"""Word lists that tell people from bodies, headings and credentials on report covers."""

from __future__ import annotations

import re

from nameparser.config import CONSTANTS

from indexer.text import fold, is_hangul_syllable


def wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _folded(text: str) -> frozenset[str]:
    return frozenset(fold(w) for w in text.split())


# Lower-case words inside names: nameparser's surname prefixes and conjunctions in many
# languages ("Loes van der Graaf", "María José García y López", "Ibn Khaldun").
PARTICLES = frozenset(
    w.rstrip("-'’")
    for w in (*CONSTANTS.prefixes, *CONSTANTS.conjunctions)
    if w.isalpha() or w.rstrip("-'’").isalpha()
) - {"of", "the", "and", "&", "i"}

# Words that never occur in a person's name but do in affiliations, units, document types,
# section headings and series names, in English and the other languages reports are written in
# (Spanish, Portuguese, French). Compared folded, so accents may be left off when printed.
NOT_NAME_WORDS = _folded(
    """
    university universidad universitat universite universita uniwersytet college school institute
    institut department dept faculty centre center office division unit bank group ltd ltda inc
    llc gmbh plc corp corporation company project programme program organization organisation
    foundation association committee council commission ministry agency fund service services
    network evaluation evaluations report reports paper papers brief briefs research policy
    policies study studies economics economic development national international united nations
    world global european republic government press publishing publisher journal review series
    working discussion abstract introduction contents summary acknowledgements acknowledgments
    table figure annex appendix chapter section page volume number edition draft final version
    date archive library consulting consultants consultancy partners partnership the of and for
    in on at by to with from an is are was were this that these our we all rights reserved
    email mail tel fax www http https phone address street avenue road campus city county state
    migration immigration refugees refugee team staff secretariat board panel authority
    authorized disclosure public official use only confidential supported funded commissioned
    prepared submitted published printed online available case article original special
    highlights message preface foreword executive
    resumen resumo ejecutivo executivo informe informes relatório relatórios introducción
    introdução conclusiones conclusión conclusões conclusão sumário índice anexo anexos
    capítulo metodología metodologia agradecimientos agradecimentos presentación apresentação
    prólogo prefacio prefácio bibliografía referencias referências tabla cuadro gráfico figura
    documento documentos trabajo trabalho estudio estudo evaluación avaliação série cuaderno
    cuadernos boletín boletim nota notas técnica técnico política políticas desarrollo
    desenvolvimento investigación pesquisa proyecto projeto programa ministerio ministério
    secretaría secretaria universidade fundación fundação banco consejo conselho comisión
    comissão dirección direção oficina gobierno governo naciones nações unidas república
    rapport résumé exécutif sommaire synthèse avant-propos annexe chapitre texto textos
    discussão discusión cuestiones questões
    """
)

# Academic degrees and generational suffixes printed after names ("Jane Roe, M.D.,
# M.P.H."): nameparser's suffix lists, plus any dotted or capitalised abbreviation of a few
# letters, which is how degrees and affiliation acronyms are set.
_SUFFIXES = frozenset(
    w.replace(".", "") for w in (*CONSTANTS.suffix_acronyms, *CONSTANTS.suffix_not_acronyms)
)
_ABBREVIATION = re.compile(r"^(?:[A-Z][a-z]?\.){1,5}[A-Z][a-z]?\.?$|^[A-Z]{2,5}$|^Ph\.?\s?D\.?$")
_NUMBER = re.compile(r"^[\d\-–/.,']+$")


def is_credential(part: str) -> bool:
    """A byline part that is degrees, class years or acronyms ("MPP 2020", "M.D.", "PhD")."""
    tokens = part.split()
    if not tokens:
        return False
    return all(
        t.lower().replace(".", "") in _SUFFIXES or _ABBREVIATION.match(t) or _NUMBER.match(t)
        for t in tokens
    ) and any(c.isalnum() for c in part)


# Korean surnames in Hangul: the common one-syllable ones and the two-syllable compounds,
# which cover nearly every Korean's family name.
KOREAN_SURNAMES = wordset(
    """
    김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양 손 배 백 허 남
    심 노 하 곽 성 차 주 우 구 민 나 진 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석 선 설
    마 길 연 위 표 명 기 반 왕 금 옥 육 인 맹 제 모 탁 국 어 은 편 용 예 경 봉 사 부 가 복 태
    목 형 계 피 두 감 음 빈 동 온 호 범 좌 팽 승 간 상 시 갈 단 견 당 화 창 옹 즙 묵 라 랑
    황보 남궁 제갈 선우 독고 사공 서문 동방 어금
    """
)
# Syllables that end the names of Korean public bodies and their units. The first group never
# ends a personal name; the second can (이상국, 김도원), so it marks a body only when the word
# does not start with a surname.
_KO_UNIT_ENDINGS = (
    "합동", "위원회", "연구소", "연구원", "본부", "센터", "공사", "공단", "재단", "협회", "부처",
    "정부", "학회", "실", "과", "처", "청", "팀", "단",
)  # fmt: skip
_KO_UNIT_AMBIGUOUS = ("국", "부", "원", "관")
# Korean personal names are a surname and a given name of two to four syllables in all.
KO_NAME_SYLLABLES = (2, 4)


def _compact_hangul(text: str) -> str:
    """Hangul text with the spaces of letter-spaced setting ("기 획 실") removed."""
    word = text.replace(" ", "")
    return word if word and all(is_hangul_syllable(c) for c in word) else ""


def is_korean_unit(text: str) -> bool:
    """A Korean body or unit written as one word (기획조정실, 관계부처합동, 기획재정부)."""
    word = _compact_hangul(text)
    if len(word) < 2:
        return False
    if word.endswith(_KO_UNIT_ENDINGS) and len(word) >= 3:
        return True
    return word.endswith(_KO_UNIT_AMBIGUOUS) and word[0] not in KOREAN_SURNAMES


def is_hangul_name(word: str) -> bool:
    """A Korean personal name in Hangul: a known surname and a given name (김도원)."""
    low, high = KO_NAME_SYLLABLES
    if not (low <= len(word) <= high and all(is_hangul_syllable(c) for c in word)):
        return False
    has_surname = word[0] in KOREAN_SURNAMES or (len(word) >= 3 and word[:2] in KOREAN_SURNAMES)
    return has_surname and not is_korean_unit(word)
