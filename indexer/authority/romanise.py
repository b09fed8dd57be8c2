"""The merge rule: when two spellings of a romanised Korean name are one person."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product

from rapidfuzz.distance import Levenshtein

from indexer.text import lower_unaccented

# ================================================================ the merge rule
#
# Two spellings name one person when their surnames are the same word (case, accents and
# punctuation folded) and their given names either
#   1. are the same letters once case, hyphens and spaces are folded ("Hye-Kyoung" =
#      "HyeKyoung", "Su hyun" = "Suhyun", "Hyo-Won" = "Hyo-won"), or
#   2. are one edit apart (Levenshtein, rapidfuzz) and that edit does not make a different
#      Korean syllable. Each given name is read as romanised syllables (onset, vowel, coda;
#      hyphens, spaces and capitals mark syllable breaks where printed). The edit is harmless
#      when one spelling cannot be read as syllables at all (a typo: "Downon" has no reading,
#      "Dowon" is do-won), or when both read as the same sounds, spelling variants folded
#      (ee = i, oo = u, g = k, ...) and an h after n, ng, m or l left silent as Korean speech
#      leaves it ("Younghee" young-hee and "Youngee" young-ee both sound [young-i]).
#      It is a real difference when both spellings are well-formed and no reading of one
#      sounds like a reading of the other: "Hyo Min" is hyo-min (효민) and "Hyonmin" is
#      hyon-min (현민), so they stay two people.
# Different surnames never merge ("Hye-Kyoung Lee" / "Hye Kyung Jeong"), nor do given names
# two or more edits apart ("Sangtu" / "Sangdo": tu and do differ in their vowel, too).

MAX_EDITS = 1
MIN_TYPO_LETTERS = 4  # below this, one edit away is another name, not a typo of it

_ONSETS: dict[str, str] = {
    "": "",
    **dict.fromkeys(("g", "k", "gg", "kk"), "K"),
    **dict.fromkeys(("d", "t", "dd", "tt"), "T"),
    **dict.fromkeys(("b", "p", "bb", "pp"), "P"),
    **dict.fromkeys(("j", "ch", "jj", "tch"), "J"),
    **dict.fromkeys(("s", "ss", "sh"), "S"),
    **dict.fromkeys(("r", "l"), "L"),
    "n": "N",
    "m": "M",
    "h": "H",
}
# Vowel spellings of McCune-Reischauer, Revised Romanization and common name usage, each
# mapped to the vowel it writes.
_VOWELS: dict[str, str] = {
    "a": "a",
    "ae": "ae",
    "ai": "ae",
    "ya": "ya",
    "yae": "yae",
    "eo": "eo",
    "e": "e",
    "ei": "e",
    "yeo": "yeo",
    "you": "yeo",
    "ye": "ye",
    "o": "o",
    "wa": "wa",
    "wae": "wae",
    "oe": "oe",
    "we": "we",
    "yo": "yo",
    "u": "u",
    "oo": "u",
    "woo": "u",
    "wo": "wo",
    "weo": "wo",
    "wi": "wi",
    "yu": "yu",
    "yoo": "yu",
    "eu": "eu",
    "ui": "ui",
    "i": "i",
    "ee": "i",
    "yi": "i",
}
_CODAS: dict[str, str] = {
    "": "",
    "k": "K",
    "g": "K",
    "n": "N",
    "ng": "NG",
    "l": "L",
    "m": "M",
    "p": "P",
    "b": "P",
    "t": "T",
}
# Codas after which Korean speech drops a following h (영희 is said [영이]).
_SONORANT_CODAS = frozenset({"N", "NG", "M", "L"})
_MAX_READINGS = 64

Syllable = tuple[str, str, str]  # onset, vowel, coda as sounds
Reading = tuple[Syllable, ...]


def _syllable_table() -> dict[str, frozenset[Syllable]]:
    table: dict[str, set[Syllable]] = {}
    for (o, ok), (v, vk), (c, ck) in product(_ONSETS.items(), _VOWELS.items(), _CODAS.items()):
        table.setdefault(o + v + c, set()).add((ok, vk, ck))
    return {k: frozenset(v) for k, v in table.items()}


_SYLLABLES = _syllable_table()
_LONGEST = max(map(len, _SYLLABLES))


def name_key(name: str) -> str:
    """Case, accents, hyphens and spacing folded: "Hye-Kyoung Lee" == "HyeKyoung Lee"."""
    return re.sub(r"[\W_]+", "", lower_unaccented(name))


@dataclass(frozen=True)
class NameParts:
    given: str  # as printed
    surname: str  # as printed
    given_key: str = field(init=False, compare=False)
    surname_key: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "given_key", name_key(self.given))
        object.__setattr__(self, "surname_key", name_key(self.surname))


@lru_cache(maxsize=65536)
def split_name(name: str) -> NameParts:
    """Given name and surname of "Given Surname", "Surname, Given" or "SURNAME Given"."""
    name = " ".join(name.split())
    if "," in name:
        surname, _, given = name.partition(",")
        return NameParts(given.strip(), surname.strip())
    words = name.split(" ")
    if len(words) == 1:
        return NameParts("", name)
    first = words[0]
    if len(first) > 1 and first.isupper() and not all(w.isupper() for w in words[1:]):
        return NameParts(" ".join(words[1:]), first)
    return NameParts(" ".join(words[:-1]), words[-1])


def _printed_parts(given: str) -> list[str]:
    """Pieces of a given name between printed syllable breaks: hyphens, spaces, capitals."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", given)
    return [p for p in re.split(r"[^a-z]+", lower_unaccented(spaced)) if p]


# Longer than any run of romanised syllables in a given name (and bounds the recursion).
_MAX_PART = 24


@lru_cache(maxsize=65536)
def _part_readings(part: str) -> tuple[Reading, ...]:
    """Every way to read `part` as whole syllables (none if it is not romanised Korean)."""
    if not part:
        return ((),)
    if len(part) > _MAX_PART:
        return ()
    out: list[Reading] = []
    for end in range(min(len(part), _LONGEST), 0, -1):
        heads = _SYLLABLES.get(part[:end])
        if not heads:
            continue
        for rest in _part_readings(part[end:]):
            out.extend((head, *rest) for head in heads)
            if len(out) >= _MAX_READINGS:
                return tuple(out)
    return tuple(out)


@lru_cache(maxsize=65536)
def readings(given: str) -> tuple[Reading, ...]:
    """Readings of a whole given name, printed breaks respected; none if it has none."""
    per_part = [_part_readings(p) for p in _printed_parts(given)]
    if not per_part or not all(per_part):
        return ()
    out: list[Reading] = []
    for combo in product(*per_part):
        out.append(tuple(s for r in combo for s in r))
        if len(out) >= _MAX_READINGS:
            break
    return tuple(out)


def _sounds(reading: Reading) -> Reading:
    """The reading as heard: an h after a sonorant coda is silent."""
    out: list[Syllable] = []
    for onset, vowel, coda in reading:
        if onset == "H" and out and out[-1][2] in _SONORANT_CODAS:
            onset = ""
        out.append((onset, vowel, coda))
    return tuple(out)


def well_formed(name: str) -> bool:
    """Whether the given name reads as romanised Korean syllables."""
    return bool(readings(split_name(name).given))


def same_person(a: str, b: str) -> bool:
    """The merge rule (see the top of this module) for two spellings."""
    pa, pb = split_name(a), split_name(b)
    if pa.surname_key != pb.surname_key or not pa.surname_key:
        return False
    ga, gb = pa.given_key, pb.given_key
    if ga == gb:
        return True
    if not ga or not gb:
        return False
    if Levenshtein.distance(ga, gb, score_cutoff=MAX_EDITS) > MAX_EDITS:
        return False
    ra, rb = readings(pa.given), readings(pb.given)
    if not ra or not rb:
        return min(len(ga), len(gb)) >= MIN_TYPO_LETTERS
    return bool({_sounds(r) for r in ra} & {_sounds(r) for r in rb})
