"""The romanisation check: whether a name in Hangul can be written the way an English edition
spells it (박현민 / "Hyonmin Park" yes, 박현민 / "Dowon Kim" no)."""

from __future__ import annotations

from functools import lru_cache

from indexer.authority.romanise import Reading, Syllable, readings, split_name
from indexer.text import is_hangul_syllable

# Hangul syllables are composed arithmetically (Unicode 3.12): 19 onsets x 21 vowels x 28 codas.
_BASE = 0xAC00
_VOWEL_COUNT = 21
_CODA_COUNT = 28
# Each jamo as the sound class romanise.py reads a spelling into (ㅇ as an onset is silent).
_ONSETS = (
    "K",
    "K",
    "N",
    "T",
    "T",
    "L",
    "M",
    "P",
    "P",
    "S",
    "S",
    "",
    "J",
    "J",
    "J",
    "K",
    "T",
    "P",
    "H",
)
_VOWELS = (
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae",
    "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i",
)  # fmt: skip
_CODAS = (
    "", "K", "K", "K", "N", "N", "N", "T", "L", "K", "M", "L", "L", "L",
    "P", "L", "M", "P", "P", "T", "T", "NG", "T", "T", "K", "T", "P", "T",
)  # fmt: skip
# The vowels a Korean vowel is written as in names. McCune-Reischauer's ŏ and ŭ lose their
# breves in print (현 "Hyon", 근 "Gun"), and names keep older spellings (정 "Jung", 현 "Hyun").
_VOWEL_SPELLINGS: dict[str, frozenset[str]] = {
    "eo": frozenset({"eo", "o", "u"}),
    "yeo": frozenset({"yeo", "yo", "yu"}),
    "eu": frozenset({"eu", "u"}),
    "ae": frozenset({"ae", "e"}),
    "e": frozenset({"e", "ae"}),
    "oe": frozenset({"oe", "we"}),
    "ui": frozenset({"ui", "i"}),
    "wo": frozenset({"wo", "weo"}),
}
# Surnames romanised by convention rather than by sound (이 "Lee", 박 "Park"): the regular
# syllable match cannot find these, so they are listed. Only the irregular ones.
_SURNAME_SPELLINGS: dict[str, frozenset[str]] = {
    "이": frozenset({"lee", "yi", "rhee", "rhie", "ree", "i"}),
    "박": frozenset({"park", "pak", "bak"}),
    "최": frozenset({"choi", "choe", "chey"}),
    "오": frozenset({"oh", "o"}),
    "노": frozenset({"noh", "roh", "no", "ro"}),
    "류": frozenset({"ryu", "ryoo", "yoo", "yu", "lyu", "you"}),
    "유": frozenset({"yoo", "yu", "you", "ryu"}),
    "임": frozenset({"lim", "im", "rim", "yim"}),
    "나": frozenset({"na", "ra", "la"}),
    "라": frozenset({"ra", "na", "la"}),
    "안": frozenset({"ahn", "an"}),
    "허": frozenset({"huh", "heo", "hur"}),
    "신": frozenset({"shin", "sin"}),
    "심": frozenset({"shim", "sim"}),
    "손": frozenset({"son", "sohn"}),
    "육": frozenset({"yook", "yuk", "youk"}),
    "곽": frozenset({"kwak", "gwak"}),
    "권": frozenset({"kwon", "gwon"}),
    "양": frozenset({"yang", "ryang"}),
    "여": frozenset({"yeo", "yuh", "yu"}),
    "용": frozenset({"yong", "ryong"}),
}
# Two-syllable surnames: a name whose first two syllables are one of these may have them as
# its surname. Rare, but a short list covers nearly every bearer.
_DOUBLE_SURNAMES = frozenset({"남궁", "황보", "선우", "제갈", "독고", "사공", "서문", "동방"})


def hangul_syllables(text: str) -> tuple[Syllable, ...] | None:
    """Each Hangul syllable of `text` as (onset, vowel, coda) sound classes; None if the text
    has anything besides Hangul syllables and spaces."""
    out: list[Syllable] = []
    for c in text:
        if c.isspace():
            continue
        if not is_hangul_syllable(c):
            return None
        index = ord(c) - _BASE
        onset, rest = divmod(index, _VOWEL_COUNT * _CODA_COUNT)
        vowel, coda = divmod(rest, _CODA_COUNT)
        out.append((_ONSETS[onset], _VOWELS[vowel], _CODAS[coda]))
    return tuple(out)


def _syllable_fits(hangul: Syllable, spelled: Syllable) -> bool:
    onset, vowel, coda = hangul
    return (
        spelled[0] == onset
        and spelled[1] in _VOWEL_SPELLINGS.get(vowel, frozenset({vowel}))
        and spelled[2] == coda
    )


def _reading_fits(hangul: tuple[Syllable, ...], reading: Reading) -> bool:
    return len(hangul) == len(reading) and all(
        _syllable_fits(h, r) for h, r in zip(hangul, reading, strict=True)
    )


def _spelling_fits(hangul: str, spelled: str, surname: bool) -> bool:
    """Whether the romanised `spelled` can write the Hangul `hangul` (a surname or given name)."""
    sounds = hangul_syllables(hangul)
    if not sounds or not spelled.strip():
        return False
    if surname and spelled.lower().replace("-", "") in _SURNAME_SPELLINGS.get(hangul, ()):
        return True
    return any(_reading_fits(sounds, r) for r in readings(spelled))


@lru_cache(maxsize=4096)
def romanisation_fits(hangul: str, romanised: str) -> bool:
    """Whether `romanised` ("Hyonmin Park", "Park, Hyonmin") is a spelling of the Hangul name
    (박현민): surname first in Hangul, each part matching syllable by syllable."""
    name = "".join(hangul.split())
    parts = split_name(romanised)
    if len(name) < 2 or not parts.surname or not parts.given:
        return False
    cuts = [1] + ([2] if name[:2] in _DOUBLE_SURNAMES and len(name) > 2 else [])
    return any(
        _spelling_fits(name[:cut], parts.surname, surname=True)
        and _spelling_fits(name[cut:], parts.given, surname=False)
        for cut in cuts
    )
